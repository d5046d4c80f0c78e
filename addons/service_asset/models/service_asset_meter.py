from odoo import api, fields, models

from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import (
    check_linked_records,
    check_parent_fixed,
)


class ServiceAssetMeter(models.Model):
    """A counter on a unit (run hours, cycles, kWh), read from time to time."""

    _name = "service.asset.meter"
    _description = "Equipment Meter"
    _order = "equipment_id, sequence, id"
    _check_company_auto = True

    equipment_id = fields.Many2one(
        "maintenance.equipment",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="equipment_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="equipment_id.partner_id", string="Customer", store=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, help="What is counted, e.g. run hours.")
    uom_id = fields.Many2one("uom.uom", string="Unit")
    reading_ids = fields.One2many(
        "service.asset.meter.reading", "meter_id", string="Readings"
    )
    last_value = fields.Float(
        compute="_compute_last_reading", store=True, string="Last Reading"
    )
    last_date = fields.Datetime(
        compute="_compute_last_reading", store=True, string="Last Read On"
    )

    _sql_constraints = [
        (
            "name_equipment_uniq",
            "unique(equipment_id, name)",
            "A unit cannot have two meters with the same name.",
        ),
    ]

    @api.depends("reading_ids.value", "reading_ids.date")
    def _compute_last_reading(self):
        for meter in self:
            last = max(
                meter.reading_ids,
                key=lambda reading: (reading.date, reading.id),
                default=None,
            )
            meter.last_value = last.value if last else 0.0
            meter.last_date = last.date if last else False

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        check_linked_records(self, vals_list, {"equipment_id", "uom_id"})
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        # the readings of a meter belong to its unit: it stays on that unit
        check_parent_fixed(self, vals, "equipment_id")
        check_linked_records(self, [vals], {"uom_id"})
        return super().write(vals)

    @api.depends("name", "equipment_id")
    def _compute_display_name(self):
        for meter in self:
            meter.display_name = (
                f"{meter.equipment_id.name} - {meter.name}"
                if meter.equipment_id
                else meter.name
            )

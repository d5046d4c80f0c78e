from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.service_order.tools.record_guard import ensure_existing_record

TECH_GROUP = "service_order.group_service_technician"


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_unit_count = fields.Integer(
        compute="_compute_service_units", string="Units Count", groups=TECH_GROUP
    )
    service_unit_ids = fields.Many2many(
        "maintenance.equipment",
        compute="_compute_service_units",
        string="Units",
        groups=TECH_GROUP,
    )

    def _compute_service_units(self):
        # one query for the whole batch: the units the partner owns or that
        # are installed at it (the units the user may see)
        origin = self._service_partner_ids()
        ids = list(set(origin.values()))
        units = defaultdict(list)
        if ids:
            records = self.env["maintenance.equipment"].search_fetch(
                ["|", ("partner_id", "in", ids), ("site_id", "in", ids)],
                ["partner_id", "site_id"],
            )
            for unit in records:
                for partner_id in {unit.partner_id.id, unit.site_id.id}:
                    units[partner_id].append(unit.id)
        for partner in self:
            unit_ids = units[origin.get(partner, 0)]
            partner.service_unit_count = len(unit_ids)
            partner.service_unit_ids = [fields.Command.set(unit_ids)]

    def action_view_service_units(self):
        partner = ensure_existing_record(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_asset.service_asset_equipment_action"
        )
        action["domain"] = [
            "|",
            ("partner_id", "=", partner.id),
            ("site_id", "=", partner.id),
        ]
        action["context"] = {"default_partner_id": partner.commercial_partner_id.id}
        return action

    @api.model
    def _get_service_summary_fields(self):
        return [*super()._get_service_summary_fields(), "service_unit_count"]

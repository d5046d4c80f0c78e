from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime

from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import (
    check_linked_records,
    check_parent_fixed,
)

# a device clock a little ahead is not a forged reading
READING_CLOCK_SKEW_HOURS = 1


class ServiceAssetMeterReading(models.Model):
    """A dated value of a meter. Readings never go down, except when the meter
    itself was replaced (the reading is then flagged as such)."""

    _name = "service.asset.meter.reading"
    _description = "Equipment Meter Reading"
    _order = "meter_id, date desc, id desc"
    _check_company_auto = True
    _rec_name = "meter_id"

    meter_id = fields.Many2one(
        "service.asset.meter", required=True, ondelete="cascade", index=True
    )
    equipment_id = fields.Many2one(
        related="meter_id.equipment_id", store=True, index=True
    )
    company_id = fields.Many2one(related="meter_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    value = fields.Float(required=True)
    is_replacement = fields.Boolean(
        string="Meter Replaced",
        help="The meter was replaced (or reset): this reading may be lower "
        "than the previous one.",
    )
    order_id = fields.Many2one(
        "service.order",
        string="Read During",
        index="btree_not_null",
        check_company=True,
        help="The service order during which the reading was taken.",
    )
    note = fields.Char()

    @api.constrains("value", "date", "is_replacement", "meter_id")
    def _check_never_decreasing(self):
        for reading in self:
            if reading.value < 0:
                raise ValidationError(
                    _(
                        "%(meter)s: a meter reading cannot be negative (%(value)s).",
                        meter=reading.meter_id.display_name,
                        value=reading.value,
                    )
                )
        error = self._find_decrease(self.meter_id, changed=self)
        if error:
            raise ValidationError(error)

    @api.constrains("date")
    def _check_not_in_the_future(self):
        """A reading is what the meter showed: one dated ahead would stand as
        the last value and hold off meter-based maintenance until then."""
        limit = fields.Datetime.now() + timedelta(hours=READING_CLOCK_SKEW_HOURS)
        for reading in self:
            if reading.date > limit:
                raise ValidationError(
                    _(
                        "%(meter)s: a reading cannot be dated in the future "
                        "(%(date)s).",
                        meter=reading.meter_id.display_name,
                        date=fields.Datetime.to_string(reading.date),
                    )
                )

    @api.constrains("order_id", "meter_id")
    def _check_order_unit(self):
        # sudo: the reading's own order and unit; only the caller's values
        # (the order he chose) end up in the message
        for reading in self.sudo().filtered("order_id"):
            if reading.equipment_id not in reading.order_id.equipment_ids:
                raise ValidationError(
                    _(
                        "%(order)s does not service the unit of the meter "
                        "%(meter)s: record the reading on that order's units.",
                        order=reading.with_env(self.env).order_id.display_name,
                        meter=reading.with_env(self.env).meter_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        # the meter and the order must exist and be readable by the caller
        # before the constraints compare the new value with older readings
        check_linked_records(self, vals_list, {"meter_id", "order_id"})
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        check_parent_fixed(self, vals, "meter_id")
        check_linked_records(self, [vals], {"order_id"})
        result = super().write(vals)
        if "order_id" in vals:
            # the rules are checked on the record as it was: check them on the
            # new order too (a technician keeps to his own orders)
            self.check_access("write")
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_breaking_sequence(self):
        error = self._find_decrease(self.meter_id, removed=self)
        if error:
            raise ValidationError(
                _(
                    "Deleting these readings would leave a decreasing meter: %(error)s",
                    error=error,
                )
            )

    def _find_decrease(self, meters, changed=None, removed=None):
        """First decrease (as an error message) in the readings of ``meters``
        that involves a ``changed`` reading, or that deleting ``removed`` would
        create; ``False`` when the sequence is fine. One query for all meters.
        """
        # sudo: the check must see every reading of the meter, whoever records
        # the new one; only the meter's own values end up in the message
        readings = self.sudo().search(
            [("meter_id", "in", meters.ids)], order="meter_id, date, id"
        )
        changed_ids = set(changed.ids) if changed else None
        removed_ids = set(removed.ids) if removed else set()
        by_meter = defaultdict(list)
        for reading in readings:
            if reading.id not in removed_ids:
                by_meter[reading.meter_id].append(reading)
        for meter, sequence in by_meter.items():
            for previous, reading in zip(sequence, sequence[1:], strict=False):
                if reading.value >= previous.value or reading.is_replacement:
                    continue
                if changed_ids is not None and not (
                    {previous.id, reading.id} & changed_ids
                ):
                    continue
                both = (previous | reading).with_env(self.env)
                visible = both._filtered_access("read")
                if len(visible) < 2:
                    # say only what the caller may see: not the other reading
                    return _(
                        "A reading of this meter would be lower than the reading "
                        "before it. Meters never go down; tick 'Meter Replaced' "
                        "if the meter was replaced or reset."
                    )
                return _(
                    "%(meter)s: the reading %(value)s on %(date)s is lower than "
                    "the previous reading %(previous)s on %(previous_date)s. "
                    "Meters never go down; tick 'Meter Replaced' if the meter "
                    "was replaced or reset.",
                    meter=meter.display_name,
                    value=reading.value,
                    date=format_datetime(self.env, reading.date),
                    previous=previous.value,
                    previous_date=format_datetime(self.env, previous.date),
                )
        return False

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..utils.shifts import ShiftError, parse_shift_hours


class ResCompany(models.Model):
    _inherit = "res.company"

    service_shift_hours = fields.Char(
        string="Shift Changes",
        default="6,14,22",
        help="Hours of the day (company time zone, comma separated) at which "
        "the dispatchers' shift changes; the shift handoff is sent to the next "
        "shift's dispatchers then. Empty: no shift handoff.",
    )
    service_handoff_user_ids = fields.Many2many(
        "res.users",
        "res_company_service_handoff_user_rel",
        "company_id",
        "user_id",
        string="Shift Handoff Recipients",
        help="Who receives the shift handoff. Empty: every dispatcher of the company.",
    )

    @api.constrains("service_shift_hours")
    def _check_service_shift_hours(self):
        for company in self:
            try:
                parse_shift_hours(company.service_shift_hours)
            except ShiftError:
                raise ValidationError(
                    _(
                        "Shift changes: give whole hours between 0 and 23 "
                        "separated by commas (e.g. 6,14,22), not %(value)s.",
                        value=company.service_shift_hours,
                    )
                ) from None

    def _get_service_tz(self):
        """The company's time zone for its shifts: its working calendar's,
        else UTC."""
        self.ensure_one()
        return self.resource_calendar_id.tz or "UTC"

    # defined by service_order (the phone intake uses it too); here its help
    # names what the reports add: units and the per-type window
    service_callback_days = fields.Integer(
        help="A new order on the same unit (or the same site and order type) "
        "within this many days after a completed one is flagged as its "
        "callback. An order type may set its own window. 0 turns the detection "
        "off.",
    )
    service_quality_share = fields.Float(
        string="Quality Check Share (%)",
        default=10.0,
        help="Share of the completed orders that get a quality check, when "
        "their order type does not set its own. Callbacks are always checked.",
    )
    service_quality_seed = fields.Integer(
        string="Quality Sampling Seed",
        default=1,
        help="The same seed always draws the same orders; change it to draw "
        "another sample.",
    )

    @api.constrains("service_quality_share")
    def _check_service_report_settings(self):
        for company in self:
            # written so that NaN fails too
            if not 0 <= company.service_quality_share <= 100:
                raise ValidationError(
                    _("The quality check share must lie between 0 and 100.")
                )

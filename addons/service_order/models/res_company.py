from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    service_limbo_hours = fields.Integer(
        string="Stuck Order Alert (h)",
        default=24,
        help="An order that sits this many hours in one state (new and not "
        "planned, planned but not started, started but not finished) gets an "
        "activity for its responsible. 0 turns the alert off.",
    )
    service_max_timelog_hours = fields.Float(
        string="Longest Time Log (h)",
        default=16.0,
        help="A time log entered or corrected by hand lasts at most this many hours.",
    )
    # the phone intake (here) and the callback detection of service_report
    # share it; service_report adds a per-type override
    service_callback_days = fields.Integer(
        string="Callback Window (days)",
        default=30,
        help="A new order on the same site within this many days after a "
        "completed one is its callback: the phone intake proposes it. 0 turns "
        "the detection off.",
    )

    @api.constrains("service_max_timelog_hours")
    def _check_service_max_timelog_hours(self):
        for company in self:
            # written so that NaN fails too
            if not 0 < company.service_max_timelog_hours <= 1000:
                raise ValidationError(
                    _("The longest time log must lie between 0 and 1000 hours.")
                )

    @api.constrains("service_callback_days")
    def _check_service_callback_days(self):
        for company in self:
            if not 0 <= company.service_callback_days <= 3650:
                raise ValidationError(
                    _("The callback window must lie between 0 and 3650 days.")
                )

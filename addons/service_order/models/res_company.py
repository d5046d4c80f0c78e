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

    @api.constrains("service_max_timelog_hours")
    def _check_service_max_timelog_hours(self):
        for company in self:
            # written so that NaN fails too
            if not 0 < company.service_max_timelog_hours <= 1000:
                raise ValidationError(
                    _("The longest time log must lie between 0 and 1000 hours.")
                )

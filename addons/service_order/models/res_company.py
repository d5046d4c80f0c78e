from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    service_limbo_hours = fields.Integer(
        string="Stuck Order Alert (h)",
        default=24,
        help="An order that sits this many hours in one state (new and not "
        "planned, planned but not started, started but not finished) gets an "
        "activity for its responsible. 0 turns the alert off.",
    )

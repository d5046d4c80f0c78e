from odoo import fields, models


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    service_order_id = fields.Many2one(
        "service.order",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The service order whose time log this timesheet records.",
    )

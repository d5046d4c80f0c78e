from odoo import fields, models


class ServiceOrderType(models.Model):
    _inherit = "service.order.type"

    send_report_on_completion = fields.Boolean(
        string="Send Report on Completion",
        help="When an order of this type is completed, its signed service "
        "report (PDF) is e-mailed to the customer, once.",
    )

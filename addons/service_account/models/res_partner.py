from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_invoice_grouping = fields.Selection(
        [("order", "One invoice per order"), ("customer", "One invoice per customer")],
        string="Service Invoices",
        default="order",
        help="Whether the completed service orders invoiced together get one "
        "invoice each or one invoice for the customer.",
    )
    service_invoice_periodic = fields.Boolean(
        string="Periodic Service Invoicing",
        help="The completed orders of this customer are invoiced by the "
        "periodic invoicing scheduled action.",
    )

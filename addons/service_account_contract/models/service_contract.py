from odoo import fields, models


class ServiceContract(models.Model):
    _inherit = "service.contract"

    amount_used = fields.Monetary(
        help="Covered share of the parts and labour of the current contract "
        "year's orders: invoiced orders as their invoices recorded it, "
        "completed orders as invoicing them now would cover them (real prices, "
        "yearly cap included), open orders estimated at list prices."
    )

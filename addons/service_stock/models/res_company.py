from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    service_stock_warehouse_fallback = fields.Boolean(
        string="Take Missing Parts from the Warehouse",
        help="A part used on an order that the technician's van does not hold "
        "(or not enough of) is taken from the warehouse stock straight to the "
        "customer on completion, instead of refusing the completion.",
    )

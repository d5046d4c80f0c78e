from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    service_is_equipment = fields.Boolean(
        string="Is Equipment",
        help="A unit installed at the customer's: installing one with its "
        "serial number on a completed service order creates (or updates) the "
        "customer's equipment.",
    )

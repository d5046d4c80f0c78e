from odoo import fields, models


class ServiceOrderType(models.Model):
    _inherit = "service.order.type"

    is_crm_default = fields.Boolean(
        string="Default for CRM",
        help="The type of the service orders created from a lead or an "
        "opportunity. Without one, the least urgent ordinary type is used "
        "(never a callback); the dispatcher can change it on the new order.",
    )

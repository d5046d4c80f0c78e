from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_stock_warehouse_fallback = fields.Boolean(
        related="company_id.service_stock_warehouse_fallback", readonly=False
    )

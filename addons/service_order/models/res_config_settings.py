from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_limbo_hours = fields.Integer(
        related="company_id.service_limbo_hours", readonly=False
    )

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_callback_days = fields.Integer(
        related="company_id.service_callback_days", readonly=False
    )
    service_quality_share = fields.Float(
        related="company_id.service_quality_share", readonly=False
    )
    service_quality_seed = fields.Integer(
        related="company_id.service_quality_seed", readonly=False
    )

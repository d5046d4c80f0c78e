from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_limbo_hours = fields.Integer(
        related="company_id.service_limbo_hours", readonly=False
    )
    service_max_timelog_hours = fields.Float(
        related="company_id.service_max_timelog_hours", readonly=False
    )
    service_callback_days = fields.Integer(
        related="company_id.service_callback_days", readonly=False
    )

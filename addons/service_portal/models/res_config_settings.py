from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_portal_reminder_days = fields.Integer(
        related="company_id.service_portal_reminder_days", readonly=False
    )
    service_portal_max_upload_mb = fields.Integer(
        related="company_id.service_portal_max_upload_mb", readonly=False
    )
    service_portal_request_limit = fields.Integer(
        related="company_id.service_portal_request_limit", readonly=False
    )
    service_portal_order_type_id = fields.Many2one(
        related="company_id.service_portal_order_type_id", readonly=False
    )
    service_portal_user_id = fields.Many2one(
        related="company_id.service_portal_user_id", readonly=False
    )

from odoo import api, fields, models

from .res_company import clean_dispatch_settings


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dispatch_road_factor = fields.Float(
        related="company_id.dispatch_road_factor", readonly=False
    )
    dispatch_avg_speed_kmh = fields.Float(
        related="company_id.dispatch_avg_speed_kmh", readonly=False
    )
    dispatch_weight_travel = fields.Integer(
        related="company_id.dispatch_weight_travel", readonly=False
    )
    dispatch_weight_load = fields.Integer(
        related="company_id.dispatch_weight_load", readonly=False
    )
    dispatch_weight_history = fields.Integer(
        related="company_id.dispatch_weight_history", readonly=False
    )
    dispatch_weight_urgency = fields.Integer(
        related="company_id.dispatch_weight_urgency", readonly=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [clean_dispatch_settings(self, vals) for vals in vals_list]
        )

    def write(self, vals):
        return super().write(clean_dispatch_settings(self, vals))

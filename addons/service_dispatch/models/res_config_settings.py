from odoo import fields, models


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

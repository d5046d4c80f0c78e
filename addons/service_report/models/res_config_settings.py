from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    service_shift_hours = fields.Char(
        related="company_id.service_shift_hours", readonly=False
    )
    service_handoff_user_ids = fields.Many2many(
        related="company_id.service_handoff_user_ids", readonly=False
    )
    service_map_tile_url = fields.Char(
        string="Map Tile Server",
        config_parameter="service_report.map_tile_url",
        help="URL template of the map tiles, e.g. "
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png. Empty: the jobs and "
        "technicians are drawn on a blank map.",
    )
    service_quality_share = fields.Float(
        related="company_id.service_quality_share", readonly=False
    )
    service_quality_seed = fields.Integer(
        related="company_id.service_quality_seed", readonly=False
    )

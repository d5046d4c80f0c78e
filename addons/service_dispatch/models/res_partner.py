from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_territory_id = fields.Many2one(
        "service.territory",
        index="btree_not_null",
        check_company=True,
        help="The territory of this service site: the dispatch board filters "
        "orders and technicians by it.",
    )

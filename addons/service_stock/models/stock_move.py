from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    service_order_id = fields.Many2one(
        "service.order",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
    )
    service_order_line_id = fields.Many2one(
        "service.order.line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

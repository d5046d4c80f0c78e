from odoo import api, models


class ServiceOrderLine(models.Model):
    _inherit = "service.order.line"

    @api.model
    def _mobile_part_fields(self):
        """Hook: the columns My Day reads of the parts used (one query for
        all the day's jobs)."""
        return ["order_id", "product_id", "name", "qty_used"]

    def _mobile_part_payload(self):
        """Hook: a part used as My Day shows it."""
        self.ensure_one()
        return {
            "id": self.id,
            "product_id": self.product_id.id,
            "product_name": self.name or "",
            "qty": self.qty_used,
        }

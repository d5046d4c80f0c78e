from odoo import models


class ServiceOrderLine(models.Model):
    _inherit = "service.order.line"

    def _get_coverage(self):
        """Parts and labour lines of an order under warranty (one of its units
        on the day the request came in) are covered in full."""
        coverage = super()._get_coverage()
        reasons = {}
        for line in self.filtered("order_id.is_warranty"):
            order = line.order_id
            if order.id not in reasons:
                reasons[order.id] = order._get_warranty_reason()
            coverage[line.id] = (100.0, reasons[order.id])
        return coverage

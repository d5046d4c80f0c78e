from odoo import api, models


class ServiceOrder(models.Model):
    _inherit = "service.order"

    @api.depends("is_warranty")
    def _compute_invoice_status(self):
        return super()._compute_invoice_status()

    def _get_warranty_reason(self):
        self.ensure_one()
        units = self.equipment_ids.filtered(
            lambda unit: unit._is_under_warranty(self._get_service_date())
        )
        return self.env._(
            "warranty of %(units)s", units=", ".join(units.mapped("display_name"))
        )

    def _get_labour_coverage(self):
        """The labour of an order under warranty is covered in full."""
        coverage = super()._get_labour_coverage()
        for order in self.filtered("is_warranty"):
            coverage[order.id] = (100.0, order._get_warranty_reason())
        return coverage

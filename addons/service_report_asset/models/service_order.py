from odoo import models
from odoo.osv import expression


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _get_callback_candidates_domain(self):
        """The earlier orders on the same units too."""
        domain = super()._get_callback_candidates_domain()
        units = self.equipment_ids
        if not units:
            return domain
        return expression.OR([domain, [("equipment_ids", "in", units.ids)]])

    def _is_callback_candidate(self, original):
        """An order on units is a callback of an order on one of them (any
        type, any site); without units, the site and type rule applies."""
        self.ensure_one()
        if self.equipment_ids:
            return bool(self.equipment_ids & original.equipment_ids)
        return super()._is_callback_candidate(original)

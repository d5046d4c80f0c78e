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

    def _get_callback_keys(self):
        """An order on units is the callback of an order on one of them (any
        type, any site); without units, the site and type rule applies."""
        self.ensure_one()
        if self.equipment_ids:
            return {("unit", unit.id) for unit in self.equipment_ids}
        return super()._get_callback_keys()

    def _get_callback_original_keys(self):
        self.ensure_one()
        return super()._get_callback_original_keys() | {
            ("unit", unit.id) for unit in self.equipment_ids
        }

from odoo import api, models

from .service_order import ORDER_SEQUENCE_CODE


class IrSequence(models.Model):
    """The orders' create takes their sequence's settings from the registry's
    cache (``service.order._get_order_sequence_data``): a change of a
    sequence of the orders clears it (and signals the other workers)."""

    _inherit = "ir.sequence"

    def _is_order_sequence(self):
        return any(sequence.code == ORDER_SEQUENCE_CODE for sequence in self)

    @api.model_create_multi
    def create(self, vals_list):
        sequences = super().create(vals_list)
        if sequences._is_order_sequence():
            self.env.registry.clear_cache()  # service.order sequence data
        return sequences

    def write(self, vals):
        before = self._is_order_sequence()
        result = super().write(vals)
        if before or self._is_order_sequence():
            self.env.registry.clear_cache()  # service.order sequence data
        return result

    def unlink(self):
        before = self._is_order_sequence()
        result = super().unlink()
        if before:
            self.env.registry.clear_cache()  # service.order sequence data
        return result

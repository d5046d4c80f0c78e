from odoo import api, models

# a change of these (by the office) makes the phone's copy of the order stale;
# ticking an item (is_done, note) does not
STRUCTURE_FIELDS = frozenset({"name", "required", "sequence", "order_id"})


class ServiceOrderChecklistItem(models.Model):
    _inherit = "service.order.checklist.item"

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        items.order_id._mobile_bump_version()
        return items

    def write(self, vals):
        result = super().write(vals)
        if STRUCTURE_FIELDS & set(vals):
            self.order_id._mobile_bump_version()
        return result

    def unlink(self):
        orders = self.order_id
        result = super().unlink()
        orders.exists()._mobile_bump_version()
        return result

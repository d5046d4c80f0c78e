from odoo import fields, models

from ..tools.record_guard import ensure_existing_record


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_order_count = fields.Integer(
        compute="_compute_service_order_count", string="Service Orders"
    )

    def _compute_service_order_count(self):
        # orders for the partner as customer or as site, in two grouped queries
        orders = self.env["service.order"]
        counts = dict.fromkeys(self.ids, 0)
        as_customer = orders._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        as_site = orders._read_group(
            [("site_id", "in", self.ids), ("partner_id", "not in", self.ids)],
            ["site_id"],
            ["__count"],
        )
        for partner, count in as_customer + as_site:
            counts[partner.id] += count
        for partner in self:
            partner.service_order_count = counts.get(partner.id, 0)

    def _ensure_one_service_partner(self):
        """One existing partner with a real id: ``res.partner`` is not one of
        the suite's models guarded at ``browse()``, and an RPC call may name
        it by ``"47"``, ``[47]``, ``{}``, ``None`` or a deleted id."""
        return ensure_existing_record(self)

    def action_view_service_orders(self):
        self._ensure_one_service_partner()
        return self.env["service.order"]._get_orders_action(
            ["|", ("partner_id", "=", self.id), ("site_id", "=", self.id)],
            {"default_partner_id": self.id},
        )

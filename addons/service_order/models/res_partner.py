from odoo import fields, models
from odoo.exceptions import MissingError, ValidationError

from ..tools.input_guard import INT_MAX, ensure_one


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
        # the shape first: browse("47") holds "4" and "7"
        for partner_id in self._ids:
            if partner_id.__class__ is not int or not 0 < partner_id <= INT_MAX:
                raise ValidationError(
                    self.env._(
                        "Contact: %(value)s is not a record id.",
                        value=repr(partner_id)[:40],
                    )
                )
        ensure_one(self)
        partner_id = self._ids[0]
        if not self.exists():
            raise MissingError(
                self.env._(
                    "Contact %(id)s does not exist or has been deleted.",
                    id=partner_id,
                )
            )
        return self

    def action_view_service_orders(self):
        self._ensure_one_service_partner()
        return self.env["service.order"]._get_orders_action(
            ["|", ("partner_id", "=", self.id), ("site_id", "=", self.id)],
            {"default_partner_id": self.id},
        )

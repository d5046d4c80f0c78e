from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.service_order.models.service_order import OPEN_STATES
from odoo.addons.service_order.tools.record_guard import ensure_existing_record

TECH_GROUP = "service_order.group_service_technician"


class ResPartner(models.Model):
    """A customer's service view: open and past orders, callbacks and the
    last visit, for the orders where the partner is the customer or the
    site (the scope of service_order's "Service Orders" count). Every figure
    is computed for the whole list of partners at once, at a constant number
    of queries (bridges add units, contracts and the invoiced total)."""

    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    # service_order's "service_order_count" is computed with these figures
    # (same method, below)
    service_open_order_count = fields.Integer(
        compute="_compute_service_order_count",
        string="Open Orders",
        groups=TECH_GROUP,
    )
    service_past_order_count = fields.Integer(
        compute="_compute_service_order_count",
        string="Past Orders",
        groups=TECH_GROUP,
        help="Done and cancelled orders.",
    )
    service_callback_count = fields.Integer(
        compute="_compute_service_order_count",
        string="Callbacks",
        groups=TECH_GROUP,
        help="Orders that came back on an earlier visit.",
    )
    service_last_visit_date = fields.Datetime(
        compute="_compute_service_order_count",
        string="Last Visit",
        groups=TECH_GROUP,
        help="Completion of the last done service order.",
    )
    service_open_order_ids = fields.Many2many(
        "service.order",
        compute="_compute_service_order_lists",
        string="Open Service Orders",
        groups=TECH_GROUP,
    )
    service_past_order_ids = fields.Many2many(
        "service.order",
        compute="_compute_service_order_lists",
        string="Past Service Orders",
        groups=TECH_GROUP,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _service_partner_ids(self):
        """{record: database id} (the origin's id for a record being edited
        in a form, nothing for a new one)."""
        # ids of another shape (an RPC client's "7" or [7]) name no partner
        return {
            partner: partner._origin.id
            for partner in self
            if partner._origin.id.__class__ is int
        }

    def _compute_service_order_count(self):
        # two grouped queries for the whole batch: the orders of the
        # partners as customers, then as sites (an order whose customer is
        # its own site counts once)
        origin = self._service_partner_ids()
        ids = list(set(origin.values()))
        stats = defaultdict(
            lambda: {"total": 0, "open": 0, "callbacks": 0, "last": False}
        )
        if ids:
            aggregates = ["__count", "callback_of_id:count", "date_done:max"]
            Order = self.env["service.order"]
            as_customer = Order._read_group(
                [("partner_id", "in", ids)], ["partner_id", "state"], aggregates
            )
            as_site = Order._read_group(
                [("site_id", "in", ids)], ["site_id", "partner_id", "state"], aggregates
            )
            rows = [
                (partner, state, *values) for partner, state, *values in as_customer
            ]
            rows += [
                (site, state, *values)
                for site, partner, state, *values in as_site
                if site != partner
            ]
            for partner, state, count, callbacks, last_done in rows:
                entry = stats[partner.id]
                entry["total"] += count
                entry["callbacks"] += callbacks
                if state in OPEN_STATES:
                    entry["open"] += count
                if state == "done" and last_done:
                    entry["last"] = max(entry["last"] or last_done, last_done)
        for partner in self:
            entry = stats[origin.get(partner, 0)]
            partner.service_order_count = entry["total"]
            partner.service_open_order_count = entry["open"]
            partner.service_past_order_count = entry["total"] - entry["open"]
            partner.service_callback_count = entry["callbacks"]
            partner.service_last_visit_date = entry["last"]

    def _compute_service_order_lists(self):
        # one query for the whole batch
        origin = self._service_partner_ids()
        ids = list(set(origin.values()))
        open_orders = defaultdict(list)
        past_orders = defaultdict(list)
        if ids:
            orders = self.env["service.order"].search_fetch(
                ["|", ("partner_id", "in", ids), ("site_id", "in", ids)],
                ["partner_id", "site_id", "state"],
            )
            for order in orders:
                target = open_orders if order.state in OPEN_STATES else past_orders
                for partner_id in {order.partner_id.id, order.site_id.id}:
                    target[partner_id].append(order.id)
        for partner in self:
            pid = origin.get(partner, 0)
            partner.service_open_order_ids = [fields.Command.set(open_orders[pid])]
            partner.service_past_order_ids = [fields.Command.set(past_orders[pid])]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _service_orders_domain(self):
        return ["|", ("partner_id", "=", self.id), ("site_id", "=", self.id)]

    def action_view_service_open_orders(self):
        partner = ensure_existing_record(self)
        return self.env["service.order"]._get_orders_action(
            [*partner._service_orders_domain(), ("state", "in", list(OPEN_STATES))],
            {"default_partner_id": partner.id},
        )

    def action_view_service_callbacks(self):
        partner = ensure_existing_record(self)
        return self.env["service.order"]._get_orders_action(
            [*partner._service_orders_domain(), ("callback_of_id", "!=", False)],
            {"create": False},
        )

    @api.model
    def _get_service_summary_fields(self):
        """Fields of the customer's service view, read for lists of customers
        (extension point: the bridges add units, contracts, invoiced total);
        the query-bound test reads all of them."""
        return [
            "service_order_count",
            "service_open_order_count",
            "service_past_order_count",
            "service_callback_count",
            "service_last_visit_date",
            "service_open_order_ids",
            "service_past_order_ids",
        ]

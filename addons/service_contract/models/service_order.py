from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.models.service_order import SlaTarget
from odoo.addons.service_order.tools.input_guard import clean_value
from odoo.addons.service_order.tools.record_guard import check_linked_records

DEFAULT_WARNING_RATIO = 0.75


class ServiceOrder(models.Model):
    _inherit = "service.order"

    # orders raised under a service agreement; back to the default channel
    # when this addon is uninstalled
    channel = fields.Selection(
        selection_add=[("contract", "Contract")],
        ondelete={"contract": "set default"},
    )

    contract_id = fields.Many2one(
        "service.contract",
        compute="_compute_contract_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        check_company=True,
        tracking=True,
        groups="service_order.group_service_dispatcher",
        domain="[('state', '=', 'active'), "
        "('commercial_partner_id', '=', commercial_partner_id)]",
        help="Picked automatically: an active contract of the customer whose "
        "term includes the day the request came in and that covers one of the "
        "units, the site, or every site of the customer. When several match, "
        "the most specific wins (unit, then site, then customer-wide), then the "
        "one that started last, then the newest.",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    contract_currency_id = fields.Many2one(
        related="contract_id.currency_id",
        groups="service_order.group_service_dispatcher",
    )
    contract_labour_coverage = fields.Float(
        related="contract_id.labour_coverage_percent",
        string="Labour Covered (%)",
        groups="service_order.group_service_dispatcher",
    )
    contract_parts_coverage = fields.Float(
        related="contract_id.parts_coverage_percent",
        string="Parts Covered (%)",
        groups="service_order.group_service_dispatcher",
    )
    contract_visits_included = fields.Integer(
        related="contract_id.visits_included",
        string="Visits Included",
        groups="service_order.group_service_dispatcher",
    )
    contract_visits_used = fields.Integer(
        related="contract_id.visits_used",
        string="Visits Used",
        groups="service_order.group_service_dispatcher",
    )
    contract_visits_remaining = fields.Integer(
        related="contract_id.visits_remaining",
        string="Visits Left",
        groups="service_order.group_service_dispatcher",
    )
    contract_yearly_cap = fields.Monetary(
        related="contract_id.yearly_cap_amount",
        string="Yearly Cap",
        currency_field="contract_currency_id",
        groups="service_order.group_service_dispatcher",
    )
    contract_amount_used = fields.Monetary(
        related="contract_id.amount_used",
        string="Amount Used",
        currency_field="contract_currency_id",
        groups="service_order.group_service_dispatcher",
    )
    contract_amount_remaining = fields.Monetary(
        related="contract_id.amount_remaining",
        string="Amount Left",
        currency_field="contract_currency_id",
        groups="service_order.group_service_dispatcher",
    )
    contract_allowance_exceeded = fields.Boolean(
        compute="_compute_contract_allowance_exceeded",
        string="Allowance Used Up",
        groups="service_order.group_service_dispatcher",
        help="The contract's visits or yearly cap of the current contract year "
        "are used up.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "partner_id", "site_id", "equipment_ids", "date_received", "order_type_id"
    )
    def _compute_contract_id(self):
        best = self._find_best_contracts()
        for order in self:
            order.contract_id = best.get(order, False)

    def _find_best_contracts(self):
        """``{order: contract}``: the contract that covers each order (orders
        without one are left out). One search for the whole batch.

        Rule, for several matching contracts: the most specific coverage wins
        (one of the order's units is listed, then the order's site is listed,
        then a contract for every site of the customer); then the contract that
        started last; then the newest contract.
        """
        orders = self.filtered("partner_id")
        if not orders:
            return {}
        contracts = self.env["service.contract"].search(
            [
                ("state", "=", "active"),
                (
                    "commercial_partner_id",
                    "in",
                    orders.partner_id._origin.commercial_partner_id.ids,
                ),
                ("company_id", "in", orders.company_id._origin.ids),
            ]
        )
        by_family = defaultdict(list)
        for contract in contracts:
            by_family[contract.commercial_partner_id].append(contract)
        best = {}
        for order in orders:
            candidates = by_family.get(order.partner_id._origin.commercial_partner_id)
            if not candidates:
                continue
            day = order._get_service_date()
            ranked = [
                (rank, contract.date_start, contract.id, contract)
                for contract in candidates
                if (rank := contract._get_coverage_rank(order, day))
            ]
            if ranked:
                best[order] = max(ranked, key=lambda item: item[:3])[3]
        return best

    @api.depends("contract_id")
    def _compute_sla_deadlines(self):
        # the contract's own targets apply (see _get_sla_targets)
        return super()._compute_sla_deadlines()

    @api.depends_context("tz")
    def _compute_contract_allowance_exceeded(self):
        for order in self:
            contract = order.contract_id
            order.contract_allowance_exceeded = bool(
                contract
                and (
                    (
                        contract.visits_included
                        and contract.visits_used >= contract.visits_included
                    )
                    or (
                        contract.yearly_cap_amount
                        and contract.amount_used >= contract.yearly_cap_amount
                    )
                )
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("contract_id", "partner_id")
    def _check_contract(self):
        # sudo: technicians may not read contracts; the check only compares
        # the contract's customer and state
        for order in self.sudo().filtered("contract_id"):
            contract = order.contract_id
            # name the contract only to a caller who may read it
            visible = contract.with_env(self.env)._filtered_access("read")
            name = visible.display_name if visible else _("the chosen contract")
            if contract.commercial_partner_id != order.partner_id.commercial_partner_id:
                raise ValidationError(
                    _(
                        "%(order)s: %(contract)s is not a contract of %(customer)s.",
                        order=order.with_env(self.env).display_name,
                        contract=name,
                        customer=order.with_env(self.env).partner_id.display_name,
                    )
                )
            if contract.state in ("draft", "cancelled"):
                raise ValidationError(
                    _(
                        "%(order)s: %(contract)s is not in force.",
                        order=order.with_env(self.env).display_name,
                        contract=name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _clean_contract_link(self, vals):
        """This addon's field in ``vals``, cleaned (the core cleans its own,
        after this override has run)."""
        if isinstance(vals, dict) and "contract_id" in vals:
            vals = dict(vals)
            vals["contract_id"] = clean_value(self, "contract_id", vals["contract_id"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._clean_contract_link(vals) for vals in vals_list]
        # the contract must exist and be readable by the caller before the
        # company check and _check_contract name it
        check_linked_records(self, vals_list, {"contract_id"})
        return super().create(vals_list)

    def write(self, vals):
        vals = self._clean_contract_link(vals)
        check_linked_records(self, [vals], {"contract_id"})
        return super().write(vals)

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------
    def _get_sla_targets(self):
        """The contract's service level for the order's priority wins over the
        default policy; its calendar too, when it has one."""
        targets = super()._get_sla_targets()
        # sudo: the SLA clock is computed for every user who touches an order;
        # only the contract's targets are read
        for order in self.sudo():
            contract = order.contract_id
            if not contract or not order.priority:
                continue
            line = next(
                (sla for sla in contract.sla_ids if sla.priority == order.priority),
                None,
            )
            if not line:
                continue
            default = targets.get(order)
            calendar = (
                contract.calendar_id
                or (default and default.calendar)
                or order.company_id.resource_calendar_id
            )
            # records compare by model and ids: the sudo key is the caller's
            targets[order] = SlaTarget(
                calendar.with_env(self.env),
                line.response_hours,
                line.resolution_hours,
                default.warning_ratio if default else DEFAULT_WARNING_RATIO,
            )
        return targets

    def _get_contract_covered_amounts(self):
        """``{order_id: amount}``: the contract's share of each order's parts
        and labour at list prices (used quantities, else planned ones)."""
        amounts = {}
        for order in self:
            contract = order.contract_id
            if not contract:
                continue
            total = 0.0
            for line in order.line_ids:
                quantity = line.qty_used or line.qty_planned
                share = (
                    contract.labour_coverage_percent
                    if line.line_type == "labour"
                    else contract.parts_coverage_percent
                )
                total += quantity * line.product_id.lst_price * share / 100.0
            amounts[order.id] = total
        return amounts

from collections import defaultdict
from datetime import datetime

from odoo import _, api, fields, models
from odoo.tools import format_amount

# The invoicing's own writes of the coverage fields of invoice lines carry
# COVERAGE_TOKEN under COVERAGE_CTX: a Python object compared with ``is``, so a
# client (RPC, web client), which can only send JSON values, cannot set them.
COVERAGE_CTX = "service_account_contract_coverage"
COVERAGE_TOKEN = object()
# _get_invoice_data() computes these orders with every order that comes before
# them in the consumption of their contract years already (same kind of token)
FULL_SET_CTX = "service_account_contract_full_set"
FULL_SET_TOKEN = object()
# a contract covers the orders received in its term while it is in force, and
# still once it has expired (an order received in the term, invoiced later)
COVERING_STATES = ("active", "expired")


class ServiceOrder(models.Model):
    _inherit = "service.order"

    @api.depends(
        "contract_id",
        "contract_id.state",
        "contract_id.labour_coverage_percent",
        "contract_id.parts_coverage_percent",
        "contract_id.yearly_cap_amount",
    )
    def _compute_invoice_status(self):
        return super()._compute_invoice_status()

    # ------------------------------------------------------------------
    # Which contract covers an order, on which terms
    # ------------------------------------------------------------------
    def _get_contract_coverage_terms(self):
        """``{order_id: terms}`` of the orders of ``self`` their contract
        covers: the contract is active (or has expired since), of the order's
        company, and the request came in (local day at the site) within its
        term. ``terms``: a dict with ``contract``, ``year_start`` (first day of
        the contract year of the order), ``labour`` and ``part`` (the
        ``(percent, reason)`` coverage of each kind of line; percent 0: not
        covered)."""
        result = {}
        for order in self:
            contract = order.contract_id
            if (
                not contract
                or contract.state not in COVERING_STATES
                or contract.company_id != order.company_id
            ):
                continue
            day = order._get_service_date()
            if not contract.date_start <= day <= contract.date_end:
                continue
            name = contract.display_name
            result[order.id] = {
                "contract": contract,
                "year_start": contract._get_contract_year(day)[0],
                "labour": (
                    contract.labour_coverage_percent,
                    _("contract %(contract)s, labour", contract=name),
                ),
                "part": (
                    contract.parts_coverage_percent,
                    _("contract %(contract)s, parts", contract=name),
                ),
            }
        return result

    def _get_labour_coverage(self):
        """The logged labour (time and materials) of a covered order: the
        contract's labour share, unless something else (warranty) covers it
        already."""
        coverage = super()._get_labour_coverage()
        for order_id, terms in self._get_contract_coverage_terms().items():
            if coverage.get(order_id, (0.0, ""))[0]:
                continue
            if terms["labour"][0]:
                coverage[order_id] = terms["labour"]
        return coverage

    # ------------------------------------------------------------------
    # The yearly cap
    # ------------------------------------------------------------------
    def _get_invoice_data(self):
        """The contract-covered orders of ``self`` are computed with the
        completed, not invoiced orders of their contract years that come before
        them (``_get_contract_pending_orders``): what those are covered takes
        its share of the cap first."""
        if self.env.context.get(FULL_SET_CTX) is FULL_SET_TOKEN:
            return super()._get_invoice_data()
        pending = self.sudo()._get_contract_pending_orders()
        if not pending:
            return super()._get_invoice_data()
        orders = (self | pending.with_env(self.env)).with_context(
            **{FULL_SET_CTX: FULL_SET_TOKEN}
        )
        data = orders._get_invoice_data()
        return {order_id: data[order_id] for order_id in self.ids}

    def _get_contract_pending_orders(self):
        """The completed orders on no invoice (that is not cancelled), not in
        ``self``, of the contract years of the covered orders of ``self``, done
        before the last of them: one search and one read of invoice lines."""
        terms = self._get_contract_coverage_terms()
        if not terms:
            return self.browse()
        covered = self.browse(list(terms))
        last = max(order._get_cap_sequence() for order in covered)
        candidates = self.search(
            [
                ("contract_id", "in", covered.contract_id.ids),
                ("state", "=", "done"),
                ("id", "not in", self.ids),
                ("date_done", "<=", last[0]),
            ]
        )
        if not candidates:
            return candidates
        invoiced = {
            order.id
            for (order,) in self.env["account.move.line"]._read_group(
                [
                    ("service_order_id", "in", candidates.ids),
                    ("parent_state", "!=", "cancel"),
                ],
                ["service_order_id"],
            )
        }
        keys = {(t["contract"].id, t["year_start"]) for t in terms.values()}
        candidate_terms = candidates._get_contract_coverage_terms()
        return candidates.filtered(
            lambda order: (
                order.id not in invoiced
                and order.id in candidate_terms
                and (
                    candidate_terms[order.id]["contract"].id,
                    candidate_terms[order.id]["year_start"],
                )
                in keys
                and order._get_cap_sequence() < last
            )
        )

    def _get_cap_sequence(self):
        """Orders consume their contract year's cap in this order."""
        self.ensure_one()
        return (self.date_done or datetime.max, self.id)

    def _get_contract_recorded_usage(self, keys):
        """``{(contract_id, year_start): amount}``: what the invoices (not
        cancelled) of orders other than ``self`` recorded as covered by each
        contract in each contract year of ``keys``; one query."""
        if not keys:
            return {}
        # sudo: the covered amounts of invoice lines only; the cap is computed
        # for users who may not read invoices (a technician completing an
        # order computes its invoice status, a dispatcher the contract's usage)
        data = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("coverage_contract_id", "in", list({c for c, _s in keys})),
                    ("coverage_year_start", "in", list({s for _c, s in keys})),
                    ("parent_state", "!=", "cancel"),
                    ("service_order_id", "not in", self.ids),
                ],
                ["coverage_contract_id", "coverage_year_start:day"],
                ["coverage_amount:sum"],
            )
        )
        return {
            (contract.id, fields.Date.to_date(start)): amount
            for contract, start, amount in data
        }

    def _get_limited_coverage_items(self, items_by_order, currencies):
        """Record on each contract-covered item the contract, contract year and
        covered amount (in the contract's currency), and hold the yearly cap:
        the orders consume it in the order of ``_get_cap_sequence``, their
        items in the order of the invoice (lines, then logged labour); an item
        the cap crosses stays covered up to it and the part over it is billed
        on the next line at the real price; the items after it are billed in
        full."""
        items_by_order = super()._get_limited_coverage_items(items_by_order, currencies)
        all_terms = self._get_contract_coverage_terms()
        if not all_terms:
            return items_by_order
        orders = self.browse(list(all_terms)).sorted(
            lambda order: order._get_cap_sequence()
        )
        keys = {(t["contract"].id, t["year_start"]) for t in all_terms.values()}
        used = defaultdict(float, self._get_contract_recorded_usage(keys))
        for order in orders:
            terms = all_terms[order.id]
            items_by_order[order.id] = self._get_capped_items(
                order, items_by_order[order.id], terms, currencies[order.id], used
            )
        return items_by_order

    def _get_capped_items(self, order, items, terms, currency, used):
        """``items`` of ``order`` once the cap applies; ``used``
        ``{(contract_id, year_start): amount}`` is moved on by what they
        consume."""
        contract = terms["contract"]
        key = (contract.id, terms["year_start"])
        cap = contract.yearly_cap_amount
        cap_currency = contract.currency_id
        company = order.company_id
        day = (order.date_done or fields.Datetime.now()).date()

        def to_cap(amount):
            if currency == cap_currency:
                return amount
            return currency._convert(amount, cap_currency, company, day)

        def from_cap(amount):
            if currency == cap_currency:
                return amount
            return cap_currency._convert(amount, currency, company, day)

        covers = {terms["labour"], terms["part"]}
        result = []
        for item in items:
            result.append(item)
            if item.get("coverage") not in covers:
                continue
            gross = currency.round(item["quantity"] * item["price_unit"])
            covered = to_cap(gross - item["subtotal"])
            item["contract"] = contract
            item["contract_year_start"] = terms["year_start"]
            item["contract_covered"] = covered
            if not cap:
                used[key] += covered
                continue
            remaining = cap_currency.round(cap - used[key])
            if cap_currency.compare_amounts(covered, remaining) <= 0:
                used[key] += covered
                continue
            if cap_currency.compare_amounts(remaining, 0.0) <= 0:
                item.update(
                    discount=0.0,
                    subtotal=gross,
                    contract_covered=0.0,
                    name=_(
                        "%(name)s (not covered: the yearly cap of %(contract)s "
                        "is used up)",
                        name=item["uncovered_name"],
                        contract=contract.display_name,
                    ),
                )
                continue
            # the cap is crossed on this item: covered up to it, the rest billed
            over = currency.round(gross - item["subtotal"] - from_cap(remaining))
            item["contract_covered"] = remaining
            used[key] += remaining
            item["name"] = _(
                "%(name)s; %(amount)s over the yearly cap billed below",
                name=item["name"],
                amount=format_amount(self.env, over, currency),
            )
            result.append(
                dict(
                    item,
                    quantity=1.0,
                    price_unit=over,
                    discount=0.0,
                    subtotal=over,
                    kind="over_cap",
                    coverage=None,
                    contract_covered=0.0,
                    name=_(
                        "%(name)s: over the yearly cap of %(contract)s",
                        name=item["uncovered_name"],
                        contract=contract.display_name,
                    ),
                )
            )
        return result

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    def _prepare_invoice_line_values(self, item):
        vals = super()._prepare_invoice_line_values(item)
        if item.get("contract"):
            vals.update(
                {
                    "coverage_contract_id": item["contract"].id,
                    "coverage_year_start": item["contract_year_start"],
                    "coverage_amount": item["contract_covered"],
                }
            )
        return vals

    def _create_invoices(self, force=False):
        """The invoices record what the contracts covered (token: only this
        code sets it); the other orders of those contracts get their invoice
        status again (what the cap leaves them has changed)."""
        moves = super(
            ServiceOrder, self.with_context(**{COVERAGE_CTX: COVERAGE_TOKEN})
        )._create_invoices(force=force)
        moves = moves.with_env(self.env)
        # sudo: the contracts of the new invoice lines, to refresh statuses
        self._refresh_contract_invoice_status(
            moves.sudo().line_ids.coverage_contract_id
        )
        return moves

    @api.model
    def _refresh_contract_invoice_status(self, contracts):
        """Recompute the invoice status of the completed, not invoiced orders
        of ``contracts``: their share of the yearly cap depends on the other
        orders' invoices."""
        if not contracts:
            return
        # sudo: statuses are recomputed whoever invoices or cancels an invoice
        orders = self.sudo().search(
            [
                ("contract_id", "in", contracts.ids),
                ("state", "=", "done"),
                ("invoice_status", "in", ("to_invoice", "no_charge")),
            ]
        )
        self.env.add_to_compute(self._fields["invoice_status"], orders)

    # ------------------------------------------------------------------
    # The contract's usage (service_contract's amount_used)
    # ------------------------------------------------------------------
    def _get_contract_covered_amounts(self):
        """Completed orders at real prices: what their invoice (not cancelled)
        recorded as covered, else what invoicing them now would cover (the
        cap included); open orders keep the estimate at list prices."""
        amounts = super()._get_contract_covered_amounts()
        # sudo: the covered amounts of the orders' invoice lines, for users
        # who see the contract but not its invoices
        done = self.sudo().filtered(lambda order: order.state == "done")
        if not done:
            return amounts
        data = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("service_order_id", "in", done.ids),
                    ("parent_state", "!=", "cancel"),
                ],
                ["service_order_id"],
                ["coverage_amount:sum"],
            )
        )
        recorded = {order.id: amount for order, amount in data}
        pending = done.filtered(lambda order: order.id not in recorded)
        billing = pending._get_invoice_data() if pending else {}
        for order in done:
            if order.id in recorded:
                amounts[order.id] = recorded[order.id]
            else:
                amounts[order.id] = sum(
                    item.get("contract_covered", 0.0) for item in billing[order.id]
                )
        return amounts

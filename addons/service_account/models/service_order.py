import logging
import math
from collections import defaultdict
from datetime import timedelta

import pytz
from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, clean_context, float_is_zero

from odoo.addons.service_order.tools.input_guard import clean_value
from odoo.addons.service_order.tools.record_guard import (
    check_linked_records,
    check_record_ids,
    ensure_existing_record,
)

_logger = logging.getLogger(__name__)

INVOICE_GROUP = "account.group_account_invoice"
ANALYTIC_GROUP = "analytic.group_analytic_accounting"
INVOICE_STATUSES = [
    ("open", "Not Completed"),
    ("to_invoice", "To Invoice"),
    ("invoiced", "Invoiced"),
    ("no_charge", "No Charge"),
]
# customers billed per run of the periodic invoicing (all their orders)
PERIODIC_BATCH_SIZE = 50


def round_up_hours(hours, increment_minutes):
    """``hours`` rounded up to a multiple of ``increment_minutes`` (0: kept).
    A hair above a multiple (floating-point noise of a time log) stays on it."""
    if not increment_minutes or hours <= 0:
        return max(hours, 0.0)
    steps = math.ceil(round(hours * 60.0 / increment_minutes, 6))
    return steps * increment_minutes / 60.0


class ServiceOrder(models.Model):
    _inherit = "service.order"

    invoice_line_ids = fields.One2many(
        "account.move.line",
        "service_order_id",
        string="Invoice Lines",
        readonly=True,
        copy=False,
        groups=INVOICE_GROUP,
    )
    invoice_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        compute="_compute_invoice_ids",
        groups=INVOICE_GROUP,
    )
    invoice_count = fields.Integer(compute="_compute_invoice_ids", groups=INVOICE_GROUP)
    invoice_status = fields.Selection(
        INVOICE_STATUSES,
        compute="_compute_invoice_status",
        store=True,
        index=True,
        copy=False,
        help="To invoice: completed, with something to bill. Invoiced: on a "
        "customer invoice that is not cancelled. No charge: completed and "
        "fully covered (warranty, contract) or with nothing to bill.",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        groups=ANALYTIC_GROUP,
        check_company=True,
        help="Analytic account of the order's invoice lines; the order type's "
        "when empty.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("invoice_line_ids.move_id")
    def _compute_invoice_ids(self):
        data = self.env["account.move.line"]._read_group(
            [("service_order_id", "in", self.ids)],
            ["service_order_id"],
            ["move_id:array_agg"],
        )
        moves = {order.id: move_ids for order, move_ids in data}
        for order in self:
            move_ids = sorted(set(moves.get(order.id, [])))
            order.invoice_ids = [Command.set(move_ids)]
            order.invoice_count = len(move_ids)

    @api.depends(
        "state",
        "invoice_line_ids.parent_state",
        "line_ids.qty_used",
        "line_ids.product_id",
        "line_ids.product_uom_id",
        "timelog_ids.duration",
        "timelog_ids.kind",
        "order_type_id",
    )
    def _compute_invoice_status(self):
        done = self.filtered(lambda order: order.state == "done")
        (self - done).invoice_status = "open"
        if not done:
            return
        invoiced = done.filtered(
            lambda order: any(
                line.parent_state != "cancel" for line in order.invoice_line_ids
            )
        )
        invoiced.invoice_status = "invoiced"
        rest = done - invoiced
        if not rest:
            return
        billing = rest._get_invoice_data()
        for order in rest:
            total = sum(item["subtotal"] for item in billing[order.id])
            currency = order.company_id.currency_id
            order.invoice_status = (
                "no_charge" if currency.is_zero(total) else "to_invoice"
            )

    # ------------------------------------------------------------------
    # CRUD: the analytic account is checked like the order's other links
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not isinstance(vals, dict):
                continue
            if "analytic_account_id" in vals:
                vals["analytic_account_id"] = clean_value(
                    self, "analytic_account_id", vals["analytic_account_id"]
                )
            # the status is the server's: an order that is not done is open
            # (set here, it costs no UPDATE after the INSERT); a done one is
            # computed from its lines
            vals.pop("invoice_status", None)
            if vals.get("state", "new") != "done":
                vals["invoice_status"] = "open"
        check_linked_records(self, vals_list, {"analytic_account_id"})
        return super().create(vals_list)

    def write(self, vals):
        if isinstance(vals, dict) and "analytic_account_id" in vals:
            vals = dict(vals)
            vals["analytic_account_id"] = clean_value(
                self, "analytic_account_id", vals["analytic_account_id"]
            )
            check_linked_records(self, [vals], {"analytic_account_id"})
        return super().write(vals)

    # ------------------------------------------------------------------
    # Pricing (extension points: _get_coverage on lines, _get_labour_coverage,
    # _get_surcharge_terms, _prepare_invoice_values,
    # _prepare_invoice_line_values)
    # ------------------------------------------------------------------
    def _get_pricelists(self):
        """``{order_id: pricelist}`` (empty recordset: list prices), in the
        order's company, one computation per company."""
        result = {}
        by_company = defaultdict(lambda: self.browse())
        for order in self:
            by_company[order.company_id] |= order
        for company, orders in by_company.items():
            # one batch computation of the partners' pricelists per company
            partners = orders.partner_id.with_company(company)
            by_partner = {p.id: p.property_product_pricelist for p in partners}
            for order in orders:
                result[order.id] = by_partner[order.partner_id.id]
        return result

    def _get_invoice_currency(self, pricelist):
        self.ensure_one()
        return pricelist.currency_id or self.company_id.currency_id

    def _get_line_prices(self, items, pricelists):
        """Fill ``price_unit`` of ``items`` (dicts with order, product, uom,
        quantity): the pricelist price, grouped per (pricelist, quantity, unit,
        currency, day) so a batch costs a few queries, not one per line."""
        groups = defaultdict(list)
        for item in items:
            order = item["order"]
            pricelist = pricelists[order.id]
            currency = order._get_invoice_currency(pricelist)
            key = (
                pricelist,
                item["quantity"],
                item["uom"],
                currency,
                order.company_id,
                (order.date_done or fields.Datetime.now()).date(),
            )
            groups[key].append(item)
        for (pricelist, qty, uom, currency, company, day), group in groups.items():
            products = self.env["product.product"].union(
                *(item["product"] for item in group)
            )
            prices = pricelist.with_company(company)._get_products_price(
                products.with_company(company),
                qty or 1.0,
                currency=currency,
                uom=uom,
                date=fields.Datetime.to_datetime(day),
            )
            for item in group:
                item["price_unit"] = prices.get(item["product"].id, 0.0)

    def _get_labour_coverage(self):
        """``{order_id: (percent, reason)}``: the share of the logged labour
        (time and materials) that warranty or a contract covers (hook; none
        here)."""
        return {}

    def _get_after_hours_orders(self):
        """The orders of ``self`` whose scheduled start (else the real start)
        falls outside their company's working time (attendances minus public
        holidays): one work-interval computation per calendar."""
        by_calendar = defaultdict(list)
        for order in self:
            start = order.date_scheduled_start or order.date_started
            calendar = order.company_id.resource_calendar_id
            if start and calendar:
                by_calendar[calendar].append((order, start))
        after = self.browse()
        for calendar, items in by_calendar.items():
            starts = [start for _order, start in items]
            begin = pytz.utc.localize(min(starts) - timedelta(days=1))
            end = pytz.utc.localize(max(starts) + timedelta(days=1))
            intervals = calendar._work_intervals_batch(begin, end)[False]
            spans = [
                (a.astimezone(pytz.utc), b.astimezone(pytz.utc))
                for a, b, _m in intervals
            ]
            for order, start in items:
                moment = pytz.utc.localize(start)
                if not any(a <= moment < b for a, b in spans):
                    after |= order
        return after

    def _get_surcharge_terms(self):
        """``{order_id: (percent, fixed amount, label)}`` of the orders that
        get a surcharge: every order of an emergency type, and orders of a
        type with the after-hours surcharge scheduled outside working time."""
        result = {}
        candidates = self.filtered(
            lambda o: (
                o.order_type_id.is_emergency or o.order_type_id.after_hours_surcharge
            )
        )
        after_hours = (
            candidates.filtered(lambda o: not o.order_type_id.is_emergency)
        )._get_after_hours_orders()
        for order in candidates:
            order_type = order.order_type_id
            if order_type.is_emergency:
                label = _("Emergency surcharge")
            elif order in after_hours:
                label = _("After-hours surcharge")
            else:
                continue
            percent = (
                order_type.surcharge_percent
                or order.company_id.service_after_hours_percent
            )
            if percent or order_type.surcharge_amount:
                result[order.id] = (percent, order_type.surcharge_amount, label)
        return result

    def _get_labour_product(self):
        self.ensure_one()
        return (
            self.order_type_id.labour_product_id
            or self.company_id.service_labour_product_id
            or self.env.ref(
                "service_account.product_service_labour", raise_if_not_found=False
            )
            or self.env["product.product"]
        )

    def _get_surcharge_product(self):
        self.ensure_one()
        return self.company_id.service_surcharge_product_id or self.env.ref(
            "service_account.product_service_surcharge", raise_if_not_found=False
        )

    def _get_part_items(self, order):
        """Items of the order's lines (service codes, parts, labour lines):
        what a bundle of the order includes is split off at no charge."""
        items = []
        lines = order.line_ids.filtered(
            lambda line: (
                not float_is_zero(
                    line.qty_used,
                    precision_rounding=line.product_uom_id.rounding or 0.01,
                )
            )
        )
        time_based = order.order_type_id.billing_method == "time"
        allowance = defaultdict(float)
        for line in lines:
            for included in line.product_id.product_tmpl_id.service_bundle_line_ids:
                allowance[included.product_id.id] += included.quantity * (
                    line.product_uom_id._compute_quantity(
                        line.qty_used, line.product_id.uom_id, raise_if_failure=False
                    )
                )
        for line in lines:
            product = line.product_id
            if (
                time_based
                and line.line_type == "labour"
                and not product.is_service_code
            ):
                continue  # time and materials: labour comes from the time log
            uom = line.product_uom_id or product.uom_id
            quantity = line.qty_used
            base = {
                "order": order,
                "order_line": line,
                "product": product,
                "uom": uom,
                "name": line.name or product.display_name,
                "discount": 0.0,
                "kind": "line",
            }
            available = allowance.get(product.id, 0.0)
            if available > 0:
                in_product_uom = uom._compute_quantity(
                    quantity, product.uom_id, raise_if_failure=False
                )
                included = min(in_product_uom, available)
                allowance[product.id] = available - included
                included_qty = product.uom_id._compute_quantity(
                    included, uom, raise_if_failure=False
                )
                items.append(
                    dict(
                        base,
                        quantity=included_qty,
                        discount=100.0,
                        name=_(
                            "%(name)s (included in the service code)", name=base["name"]
                        ),
                        kind="included",
                    )
                )
                quantity -= included_qty
                if float_is_zero(quantity, precision_rounding=uom.rounding or 0.01):
                    continue
            items.append(dict(base, quantity=quantity))
        return items

    def _get_labour_items(self, order):
        """Time and materials: per technician, the work time of the time log
        (and travel when the type bills it) rounded up to the type's
        increment, at the technician's rate or the type's."""
        order_type = order.order_type_id
        if order_type.billing_method != "time":
            return []
        kinds = {"work", "travel"} if order_type.bill_travel else {"work"}
        hours = defaultdict(float)
        for log in order.timelog_ids:
            if log.kind in kinds and log.date_end:
                hours[log.employee_id] += log.duration
        product = order._get_labour_product()
        items = []
        for employee in sorted(hours, key=lambda e: (e.name or "", e.id)):
            billed = round_up_hours(hours[employee], order_type.time_increment)
            if not billed:
                continue
            rate = employee.service_billing_rate or order_type.labour_rate
            # formatted outside the _() call: the translation extractor reads
            # its arguments as plain literals
            hours_label = "%.2f" % billed
            items.append(
                {
                    "order": order,
                    "order_line": self.env["service.order.line"],
                    "product": product,
                    "uom": product.uom_id,
                    "quantity": billed,
                    "price_unit": rate,
                    "name": _(
                        "Labour: %(technician)s, %(hours)s h",
                        technician=employee.name,
                        hours=hours_label,
                    ),
                    "discount": 0.0,
                    "kind": "labour",
                }
            )
        return items

    def _get_invoice_data(self):
        """``{order_id: [item]}``: what each order bills, priced, covered and
        surcharged. An item is a dict (order, order_line, product, uom,
        quantity, price_unit, discount, name, kind, subtotal).

        Reads the orders' lines, time logs and the technicians' billing rates
        as superuser: an accountant invoices orders whose lines and HR rates
        he may not read; nothing is written here and the invoice is created
        with the caller's own rights.
        """
        orders = self.sudo()
        pricelists = orders._get_pricelists()
        part_items = {}
        for order in orders:
            part_items[order.id] = orders._get_part_items(order)
        priced = [item for items in part_items.values() for item in items]
        orders._get_line_prices(priced, pricelists)
        coverage = orders.line_ids._get_coverage()
        labour_coverage = orders._get_labour_coverage()
        surcharges = orders._get_surcharge_terms()
        result = {}
        currencies = {}
        for order in orders:
            items = part_items[order.id]
            for item in items:
                if item["kind"] != "line":
                    continue
                self._apply_item_coverage(
                    item, coverage.get(item["order_line"].id, (0.0, ""))
                )
            labour = orders._get_labour_items(order)
            for item in labour:
                self._apply_item_coverage(
                    item, labour_coverage.get(order.id, (0.0, ""))
                )
            items = items + labour
            currency = order._get_invoice_currency(pricelists[order.id])
            currencies[order.id] = currency
            for item in items:
                item["subtotal"] = currency.round(
                    item["quantity"] * item["price_unit"] * (1 - item["discount"] / 100)
                )
            result[order.id] = items
        result = orders._get_limited_coverage_items(result, currencies)
        for order in orders:
            items = result[order.id]
            currency = currencies[order.id]
            base = sum(item["subtotal"] for item in items)
            terms = surcharges.get(order.id)
            if terms and not currency.is_zero(base):
                percent, amount, label = terms
                price = currency.round(base * percent / 100.0 + amount)
                product = order._get_surcharge_product()
                items.append(
                    {
                        "order": order,
                        "order_line": self.env["service.order.line"],
                        "product": product,
                        "uom": product.uom_id,
                        "quantity": 1.0,
                        "price_unit": price,
                        "discount": 0.0,
                        "name": f"{label} ({percent:g}%)"
                        + (f" + {amount:g}" if amount else ""),
                        "kind": "surcharge",
                        "subtotal": price,
                    }
                )
        return result

    @api.model
    def _apply_item_coverage(self, item, coverage):
        """Bill ``item`` at the discount of ``coverage`` ``(percent, reason)``
        (none when the percentage is 0), the reason in its description. The
        item keeps the coverage it got (``coverage``) and its description
        without it (``uncovered_name``), for ``_get_limited_coverage_items``."""
        percent, reason = coverage
        item["uncovered_name"] = item["name"]
        if not percent:
            return
        item["coverage"] = coverage
        item["discount"] = min(max(percent, 0.0), 100.0)
        # formatted outside the _() call: the translation extractor reads
        # its arguments as plain literals
        percent_label = "%g" % item["discount"]
        item["name"] = _(
            "%(name)s (%(percent)s%% covered: %(reason)s)",
            name=item["name"],
            percent=percent_label,
            reason=reason,
        )

    def _get_limited_coverage_items(self, items_by_order, currencies):
        """``{order_id: [item]}`` of ``items_by_order`` once the limits of the
        coverage apply (hook: a contract's yearly cap takes the part over it
        off the covered items). Called with every order of the batch, their
        items covered and with their subtotal, before the surcharges;
        ``currencies``: ``{order_id: invoice currency}``. None here."""
        return items_by_order

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    def _get_analytic_distribution(self):
        self.ensure_one()
        # sudo: the analytic account ids only, for the invoice lines
        order = self.sudo()
        account = order.analytic_account_id or order.order_type_id.analytic_account_id
        return {str(account.id): 100.0} if account else False

    def _prepare_invoice_line_values(self, item):
        """Values of the invoice line of ``item`` (hook)."""
        order = item["order"]
        vals = {
            "display_type": "product",
            "product_id": item["product"].id or False,
            "name": item["name"],
            "quantity": item["quantity"],
            "product_uom_id": item["uom"].id or False,
            "price_unit": item["price_unit"],
            "discount": item["discount"],
            "service_order_id": order.id,
            "service_order_line_id": item["order_line"].id or False,
        }
        distribution = order._get_analytic_distribution()
        if distribution:
            # else the accounting's own distribution models apply
            vals["analytic_distribution"] = distribution
        return vals

    def _prepare_invoice_section_values(self):
        self.ensure_one()
        order = self.sudo()
        day = order.date_done and fields.Date.to_string(order.date_done.date())
        return {
            "display_type": "line_section",
            "name": " - ".join(filter(None, [order.name, order.site_name, day])),
            "service_order_id": order.id,
        }

    def _prepare_invoice_values(self, pricelist, currency):
        """Values of the draft invoice of ``self`` (orders of one customer and
        company), without its lines (hook)."""
        first = self[0]
        return {
            "move_type": "out_invoice",
            "partner_id": first.partner_id.id,
            "company_id": first.company_id.id,
            "currency_id": currency.id,
            "invoice_origin": ", ".join(self.mapped("name"))[:1000],
            "invoice_line_ids": [],
        }

    def _get_invoice_grouping_key(self, currency):
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        per_customer = partner.service_invoice_grouping == "customer"
        return (
            self.company_id.id,
            self.partner_id.id,
            currency.id,
            False if per_customer else self.id,
        )

    def _check_invoice_rights(self):
        if self.env.su or self.env.user.has_group(INVOICE_GROUP):
            return
        raise AccessError(
            _("Only invoicing users (Invoicing / Billing) can invoice service orders.")
        )

    def _lock_for_invoicing(self):
        """Lock the orders' rows: two users invoicing the same order at once
        wait for each other, and the second one finds it invoiced."""
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM service_order WHERE id IN %s "
                    "ORDER BY id FOR UPDATE",
                    tuple(self.ids),
                )
            )

    def _create_invoices(self, force=False):
        """Draft customer invoices of the completed orders of ``self`` that are
        to invoice (and the no-charge ones when ``force``): one per customer
        and company when the customer groups his orders, else one per order.
        Orders already invoiced are skipped. One ``account.move.create()`` per
        company."""
        moves = self.env["account.move"]
        if not self:
            return moves
        self._lock_for_invoicing()
        # what a concurrent transaction committed before the lock was granted
        self.invalidate_recordset()
        orders, data = self._get_orders_to_invoice(force)
        if not force:
            # the ones weighed and left out (nothing to bill, or held by an
            # open visit): their stored status again
            (self.browse(list(data)) - orders)._refresh_invoice_status()
        if not orders:
            return moves
        pricelists = orders.sudo()._get_pricelists()
        groups = {}
        for order in orders.sorted(lambda o: (o.partner_id.id, o.id)):
            pricelist = pricelists[order.id]
            currency = order._get_invoice_currency(pricelist)
            key = order._get_invoice_grouping_key(currency)
            group = groups.setdefault(key, [[], pricelist, currency])
            group[0].append(order.id)
        vals_by_company = defaultdict(list)
        orders_by_company = defaultdict(list)
        for (company_id, *_rest), (order_ids, pricelist, currency) in groups.items():
            group = self.browse(order_ids)
            vals = group._prepare_invoice_values(pricelist, currency)
            commands = []
            for order in group:
                commands.append(Command.create(order._prepare_invoice_section_values()))
                commands += [
                    Command.create(order._prepare_invoice_line_values(item))
                    for item in data[order.id]
                ]
            vals["invoice_line_ids"] = commands
            vals_by_company[company_id].append(vals)
            orders_by_company[company_id].append(group)
        for company_id, vals_list in vals_by_company.items():
            company = self.env["res.company"].browse(company_id)
            # the creation message is logged for the batch below, not posted
            # (and notified) invoice by invoice
            # the caller's context without its default_* keys: a client's
            # default_state / default_price_unit... would reach the invoices
            # and their lines (a posted invoice at a zero total)
            Move = (
                moves.with_env(self.env(context=clean_context(self.env.context)))
                .with_company(company)
                .with_context(default_move_type="out_invoice", mail_create_nolog=True)
            )
            # the sales journal of the company, looked up once for the batch
            # (the accounting's own choice, per invoice, otherwise); invoices
            # in a foreign currency keep the accounting's choice
            journal = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(company),
                    ("type", "=", "sale"),
                ],
                limit=1,
            )
            # without analytic distribution models in the company, the
            # accounting would look them up once per invoice line to find
            # none: the lines get their distribution (the order's, or none)
            # from here
            no_models = (
                not self.env["account.analytic.distribution.model"]
                .sudo()
                .search_count([("company_id", "in", [company.id, False])], limit=1)
            )
            for vals in vals_list:
                if journal and vals["currency_id"] == company.currency_id.id:
                    vals.setdefault("journal_id", journal.id)
                if no_models:
                    for command in vals["invoice_line_ids"]:
                        line_vals = command[2]
                        if line_vals.get("display_type") == "product":
                            line_vals.setdefault("analytic_distribution", False)
            # tracking_disable: mail.thread's create would, invoice by
            # invoice, subscribe the user, look for auto-subscriptions (none:
            # these values name no user) and queue a tracking template
            # (account.move has none); the user is subscribed to the batch
            # below, and new draft invoices track nothing (their lines'
            # tracking is for moves posted before). The records leave the key
            # behind: what follows them tracks as usual.
            created = (
                Move.with_context(tracking_disable=True)
                .create(vals_list)
                .with_env(Move.env)
            )
            created._subscribe_service_invoice_creator()
            self._log_invoice_creation(created, orders_by_company[company_id])
            moves |= created
        _logger.info(
            "Invoiced %s service orders on %s invoices", len(orders), len(moves)
        )
        return moves

    def _log_invoice_creation(self, moves, groups):
        """The creation message of each new invoice (``moves[i]`` bills the
        orders ``groups[i]``), naming its orders: one batch of notes for all
        of them (hook)."""
        if not moves:
            return
        label = self.env._("Invoice created from the service orders:")
        bodies = {
            move.id: Markup("%s %s")
            % (label, Markup(", ").join(order._get_html_link() for order in orders))
            for move, orders in zip(moves, groups, strict=True)
        }
        # the caller has just created these invoices with his own rights;
        # _message_log_batch writes the notes as superuser
        moves._message_log_batch(bodies=bodies)

    def _get_orders_to_invoice(self, force=False):
        """The completed orders of ``self`` on no invoice that is not
        cancelled, with something to bill (or all of them when ``force``),
        decided now rather than from the stored status (a type's terms may
        have changed since), and ``{order_id: [item]}`` of what they bill."""
        done = self.filtered(lambda order: order.state == "done")
        # sudo: the states of the orders' invoice lines only, to skip the
        # orders already invoiced
        free = done.filtered(
            lambda order: all(
                line.parent_state == "cancel" for line in order.sudo().invoice_line_ids
            )
        )
        if not free:
            return free, {}
        data = free._get_invoice_data()
        if force:
            return free, data
        return free.filtered(
            lambda order: (
                not order.company_id.currency_id.is_zero(
                    sum(item["subtotal"] for item in data[order.id])
                )
            )
        ), data

    def _refresh_invoice_status(self):
        """The status now of the orders of ``self`` stored as "to invoice":
        one found with nothing to bill (its coverage changed since: a
        contract or a warranty added later, which the status does not depend
        on) leaves the list to invoice, and the periodic invoicing stops
        picking it up run after run."""
        stale = self.filtered(lambda order: order.invoice_status == "to_invoice")
        if stale:
            self.env.add_to_compute(self._fields["invoice_status"], stale)
            stale.flush_recordset(["invoice_status"])

    def _check_invoiceable(self):
        check_record_ids(self)
        self._check_invoice_rights()
        if not self:
            raise UserError(_("Select the completed service orders to invoice."))
        undone = self.filtered(lambda order: order.state != "done")
        if undone:
            raise UserError(
                _(
                    "Only completed orders can be invoiced: %(orders)s.",
                    orders=", ".join(undone.mapped("name")),
                )
            )

    def _action_invoice(self, force):
        self._check_invoiceable()
        moves = self._create_invoices(force=force)
        if not moves:
            raise UserError(
                _(
                    "Nothing to invoice: the selected orders are invoiced already "
                    "or are at no charge (use Invoice Anyway on a no-charge order)."
                )
            )
        return moves._get_service_invoices_action()

    def action_create_invoice(self):
        """Draft invoices of the selected completed orders (list action and
        form button)."""
        return self._action_invoice(force=False)

    def action_create_invoice_anyway(self):
        """The same, including the no-charge orders (a zero invoice as a
        record for the customer)."""
        return self._action_invoice(force=True)

    def action_view_invoices(self):
        ensure_existing_record(self)
        self._check_invoice_rights()
        return self.invoice_ids._get_service_invoices_action()

    # ------------------------------------------------------------------
    # Periodic invoicing
    # ------------------------------------------------------------------
    def _get_periodic_invoicing_domain(self):
        return [
            ("state", "=", "done"),
            ("invoice_status", "=", "to_invoice"),
            ("partner_id.commercial_partner_id.service_invoice_periodic", "=", True),
        ]

    @api.model
    def _cron_periodic_invoicing(self, batch_size=PERIODIC_BATCH_SIZE):
        """Invoice the completed orders of the customers set to periodic
        invoicing, ``batch_size`` customers per run (all their orders, so a
        customer's grouped invoice is never split); the cron runs again at once
        while some remain (``_notify_progress``), and each run is one
        transaction: a run killed half-way leaves nothing, and orders invoiced
        by an earlier run are no longer "to invoice", so re-runs bill nothing
        twice."""
        domain = self._get_periodic_invoicing_domain()
        data = self._read_group(
            domain, ["partner_id"], [], order="partner_id", limit=batch_size + 1
        )
        partners = [partner for (partner,) in data]
        more = len(partners) > batch_size
        partners = partners[:batch_size]
        orders = self.search(
            domain + [("partner_id", "in", [p.id for p in partners])], order="id"
        )
        moves = orders._create_invoices()
        remaining = self.search_count(domain) if more else 0
        self.env["ir.cron"]._notify_progress(done=len(orders), remaining=remaining)
        return moves

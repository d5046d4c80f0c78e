import logging
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from odoo.addons.service_order.models.service_order import OPEN_STATES
from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import (
    check_linked_records,
    check_record_ids,
    ensure_one_record,
)

_logger = logging.getLogger(__name__)

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
INTERVALS = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("yearly", "Yearly"),
]
INTERVAL_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
# context key of the contract's lifecycle writes (service.lifecycle.mixin):
# the only way ``state`` is written. Its value must be the lifecycle's token: a
# client (RPC, web client) can send the key, but only JSON values, never that
# Python object.
CONTRACT_STATE_CTX = "service_contract_state_change"
# terms a person could agree to: larger values are typing errors (or attacks)
MAX_VISITS = 100_000
# links checked to exist and to be readable by the caller before any
# constraint or company check looks at (and quotes) them
LINK_FIELDS = {
    "partner_id",
    "company_id",
    "user_id",
    "calendar_id",
    "product_id",
    "renewed_from_id",
    "site_ids",
    "equipment_ids",
}
# contracts billed per transaction by the recurring-invoice cron
INVOICE_BATCH_SIZE = 200


class ServiceContract(models.Model):
    """A service agreement with a customer: what is covered (sites, units,
    order types), on which terms (labour and parts shares, yearly cap and
    visits), with which service levels, and for which recurring fee."""

    _name = "service.contract"
    _description = "Service Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "service.lifecycle.mixin"]
    _order = "date_end desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id.name"]
    _lifecycle_context_key = CONTRACT_STATE_CTX

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
        index="trigram",
    )
    title = fields.Char(tracking=True, help="e.g. Full maintenance, HVAC units")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    state = fields.Selection(
        CONTRACT_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    date_start = fields.Date(
        string="Start", required=True, tracking=True, default=fields.Date.context_today
    )
    date_end = fields.Date(
        string="End",
        required=True,
        tracking=True,
        default=lambda self: (
            fields.Date.context_today(self) + relativedelta(years=1, days=-1)
        ),
        help="Last day covered (included).",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="SLA Working Hours",
        check_company=True,
        help="The contract's SLA clock runs in these hours; empty: the working "
        "hours of the default SLA policy, else the company's.",
    )
    note = fields.Html(string="Terms")

    # Scope
    site_ids = fields.Many2many(
        "res.partner",
        "service_contract_site_rel",
        "contract_id",
        "partner_id",
        string="Covered Sites",
        domain="[('id', 'child_of', commercial_partner_id)]",
        help="Orders at these sites are covered. Empty (and no units): every "
        "site of the customer.",
    )
    equipment_ids = fields.Many2many(
        "maintenance.equipment",
        "service_contract_equipment_rel",
        "contract_id",
        "equipment_id",
        string="Covered Equipment",
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        help="Orders on these units are covered, wherever they are.",
    )
    order_type_ids = fields.Many2many(
        "service.order.type",
        "service_contract_order_type_rel",
        "contract_id",
        "order_type_id",
        string="Covered Order Types",
        help="Empty: every order type.",
    )

    # Coverage terms
    labour_coverage_percent = fields.Float(
        string="Labour Covered (%)", default=100.0, tracking=True
    )
    parts_coverage_percent = fields.Float(
        string="Parts Covered (%)", default=0.0, tracking=True
    )
    yearly_cap_amount = fields.Monetary(
        string="Yearly Cap",
        tracking=True,
        help="Most the contract covers per contract year; 0: no cap.",
    )
    visits_included = fields.Integer(
        tracking=True, help="Orders included per contract year; 0: unlimited."
    )
    sla_ids = fields.One2many(
        "service.contract.sla", "contract_id", string="Service Levels", copy=True
    )

    # Recurring fee
    recurring_amount = fields.Monetary(
        string="Recurring Fee", tracking=True, help="Billed once per period."
    )
    recurring_interval = fields.Selection(
        INTERVALS, string="Billed", default="monthly", required=True
    )
    recurring_next_date = fields.Date(
        string="Next Invoice",
        copy=False,
        tracking=True,
        help="Start of the next period to bill; set on activation.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Invoiced Product",
        check_company=True,
        default=lambda self: self.env.ref(
            "service_contract.product_contract_fee", raise_if_not_found=False
        ),
    )
    invoice_ids = fields.One2many(
        "account.move", "service_contract_id", string="Invoices", readonly=True
    )
    invoice_count = fields.Integer(
        compute="_compute_invoice_count", groups="account.group_account_invoice"
    )

    # Renewal
    renewed_from_id = fields.Many2one(
        "service.contract",
        string="Renewal Of",
        copy=False,
        readonly=True,
        index="btree_not_null",
        check_company=True,
    )
    renewal_ids = fields.One2many("service.contract", "renewed_from_id")

    # Orders and performance
    order_ids = fields.One2many("service.order", "contract_id", string="Service Orders")
    order_count = fields.Integer(compute="_compute_performance", string="Orders")
    breach_count = fields.Integer(compute="_compute_performance", string="SLA Breaches")
    met_count = fields.Integer(compute="_compute_performance", string="SLA Met")
    breach_rate = fields.Float(
        compute="_compute_performance",
        string="Breach Rate (%)",
        help="Breached orders among the orders that have an SLA.",
    )
    year_start = fields.Date(compute="_compute_usage", string="Contract Year From")
    year_end = fields.Date(compute="_compute_usage", string="Contract Year To")
    visits_used = fields.Integer(
        compute="_compute_usage",
        help="Orders of the current contract year (cancelled ones excluded).",
    )
    visits_remaining = fields.Integer(compute="_compute_usage")
    amount_used = fields.Monetary(
        compute="_compute_usage",
        help="Covered share of the parts and labour of the current contract "
        "year's orders, at list prices.",
    )
    amount_remaining = fields.Monetary(compute="_compute_usage")
    is_expiring = fields.Boolean(
        compute="_compute_is_expiring",
        search="_search_is_expiring",
        string="Expiring Soon",
        help="Active and ending in the next 30 days.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("name", "title", "partner_id")
    def _compute_display_name(self):
        for contract in self:
            parts = [contract.name]
            if contract.title:
                parts.append(contract.title)
            contract.display_name = " - ".join(p for p in parts if p)

    def _compute_invoice_count(self):
        data = self.env["account.move"]._read_group(
            [("service_contract_id", "in", self.ids)],
            ["service_contract_id"],
            ["__count"],
        )
        counts = {contract.id: count for contract, count in data}
        for contract in self:
            contract.invoice_count = counts.get(contract.id, 0)

    def _compute_performance(self):
        data = self.env["service.order"]._read_group(
            [("contract_id", "in", self.ids)],
            ["contract_id", "sla_status"],
            ["__count"],
        )
        counts = defaultdict(lambda: defaultdict(int))
        for contract, status, count in data:
            counts[contract.id][status] += count
        for contract in self:
            by_status = counts[contract.id]
            with_sla = sum(n for status, n in by_status.items() if status != "none")
            contract.order_count = sum(by_status.values())
            contract.breach_count = by_status["breached"]
            contract.met_count = by_status["met"]
            contract.breach_rate = (
                100.0 * by_status["breached"] / with_sla if with_sla else 0.0
            )

    @api.depends_context("tz")
    def _compute_usage(self):
        """Visits and amount used in the current contract year: one search of
        the orders for the whole recordset."""
        today = fields.Date.context_today(self)
        windows = {contract.id: contract._get_contract_year(today) for contract in self}
        usage = self._get_usage(windows)
        for contract in self:
            year_start, year_end = windows[contract.id]
            visits, amount = usage.get(contract.id, (0, 0.0))
            contract.year_start = year_start
            contract.year_end = year_end
            contract.visits_used = visits
            contract.visits_remaining = (
                max(contract.visits_included - visits, 0)
                if contract.visits_included
                else 0
            )
            contract.amount_used = amount
            contract.amount_remaining = (
                max(contract.yearly_cap_amount - amount, 0.0)
                if contract.yearly_cap_amount
                else 0.0
            )

    def _get_usage(self, windows):
        """``{contract_id: (visits, covered amount)}`` of the orders received in
        each contract's window ``{contract_id: (first day, last day)}``."""
        if not self.ids:
            return {}
        earliest = min(start for start, _end in windows.values())
        orders = self.env["service.order"].search(
            [
                ("contract_id", "in", self.ids),
                ("state", "!=", "cancelled"),
                # a day of margin for the sites' time zones
                ("date_received", ">=", earliest - timedelta(days=1)),
            ]
        )
        amounts = orders._get_contract_covered_amounts()
        usage = defaultdict(lambda: [0, 0.0])
        for order in orders:
            start, end = windows[order.contract_id.id]
            if start <= order._get_service_date() <= end:
                usage[order.contract_id.id][0] += 1
                usage[order.contract_id.id][1] += amounts.get(order.id, 0.0)
        return {key: tuple(value) for key, value in usage.items()}

    @api.depends("state", "date_end")
    @api.depends_context("tz")
    def _compute_is_expiring(self):
        today = fields.Date.context_today(self)
        limit = today + timedelta(days=30)
        for contract in self:
            contract.is_expiring = (
                contract.state == "active" and today <= contract.date_end <= limit
            )

    def _search_is_expiring(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'expiring soon'."))
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "active"),
            ("date_end", ">=", today),
            ("date_end", "<=", today + timedelta(days=30)),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", "&", *domain]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if not contract.date_start or not contract.date_end:
                # an emptied date (a required field, but RPC can send False):
                # say so instead of comparing False with a date
                raise ValidationError(
                    _(
                        "%(contract)s needs both a start and an end date.",
                        contract=contract.display_name,
                    )
                )
            if contract.date_end < contract.date_start:
                raise ValidationError(
                    _(
                        "%(contract)s cannot end (%(end)s) before it starts "
                        "(%(start)s).",
                        contract=contract.display_name,
                        end=format_date(self.env, contract.date_end),
                        start=format_date(self.env, contract.date_start),
                    )
                )

    @api.constrains(
        "labour_coverage_percent",
        "parts_coverage_percent",
        "yearly_cap_amount",
        "visits_included",
        "recurring_amount",
    )
    def _check_terms(self):
        for contract in self:
            if not (
                0 <= contract.labour_coverage_percent <= 100
                and 0 <= contract.parts_coverage_percent <= 100
            ):
                raise ValidationError(
                    _(
                        "%(contract)s: the labour and parts coverage must be "
                        "percentages between 0 and 100.",
                        contract=contract.display_name,
                    )
                )
            if (
                contract.yearly_cap_amount < 0
                or not 0 <= contract.visits_included <= MAX_VISITS
                or contract.recurring_amount < 0
            ):
                raise ValidationError(
                    _(
                        "%(contract)s: the yearly cap, the visits included and the "
                        "recurring fee cannot be negative (and at most %(max)s "
                        "visits a year).",
                        contract=contract.display_name,
                        max=MAX_VISITS,
                    )
                )

    @api.constrains("partner_id", "site_ids", "equipment_ids")
    def _check_scope(self):
        for contract in self:
            family = contract.commercial_partner_id
            foreign_sites = contract.site_ids.filtered(
                lambda site, family=family: site.commercial_partner_id != family
            )
            foreign_units = contract.equipment_ids.filtered(
                lambda unit, family=family: (
                    unit.partner_id.commercial_partner_id != family
                )
            )
            if foreign_sites or foreign_units:
                raise ValidationError(
                    _(
                        "%(contract)s: %(names)s do not belong to the customer "
                        "%(customer)s.",
                        contract=contract.display_name,
                        names=", ".join(
                            (foreign_sites.mapped("display_name"))
                            + foreign_units.mapped("display_name")
                        ),
                        customer=contract.partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        # a context default is client input too
        default_state = self.env.context.get("default_state") or "draft"
        if default_state != "draft" or any(
            vals.get("state", "draft") != "draft" for vals in vals_list
        ):
            raise UserError(
                _("A contract starts as Draft; use the Activate button to start it.")
            )
        check_linked_records(self, vals_list, LINK_FIELDS)
        new = self.env._("New")
        for vals in vals_list:
            if vals.get("name", new) == new:
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                # the number ignores the client's context (an unknown tz
                # there would crash the sequence's date prefix)
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .with_context(tz="UTC")
                    .next_by_code("service.contract")
                    or new
                )
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        if "state" in vals and not self._is_lifecycle_write():
            raise UserError(
                _(
                    "The status of a contract changes only through its buttons "
                    "(Activate, Renew, Cancel, Reset to Draft)."
                )
            )
        check_linked_records(self, [vals], LINK_FIELDS)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.filtered(lambda c: c.state != "draft" or c.order_ids)
        if used:
            raise UserError(
                _(
                    "Only draft contracts without orders can be deleted "
                    "(%(contracts)s): cancel or archive them instead.",
                    contracts=", ".join(used.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_state_in(self, allowed, action_label):
        labels = dict(self._fields["state"]._description_selection(self.env))
        return [
            _(
                "%(contract)s cannot be %(action)s: it is %(state)s.",
                contract=contract.display_name,
                action=action_label,
                state=labels[contract.state],
            )
            for contract in self
            if contract.state not in allowed
        ]

    def _raise_errors(self, errors):
        if errors:
            raise UserError("\n".join(errors))

    def action_activate(self):
        check_record_ids(self)
        errors = self._check_state_in(("draft",), _("activated"))
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.date_end < today:
                errors.append(
                    _(
                        "%(contract)s ended on %(date)s: it cannot be activated.",
                        contract=contract.display_name,
                        date=format_date(self.env, contract.date_end),
                    )
                )
            if contract.recurring_amount and not contract.product_id:
                errors.append(
                    _(
                        "%(contract)s has a recurring fee but no product to "
                        "invoice it with.",
                        contract=contract.display_name,
                    )
                )
        self._raise_errors(errors)
        for contract in self:
            extra = {}
            if not contract.recurring_next_date:
                extra["recurring_next_date"] = contract.date_start
            contract._set_state("active", extra)
        self._attach_open_orders()
        return True

    def action_cancel(self):
        check_record_ids(self)
        errors = self._check_state_in(("draft", "active"), _("cancelled"))
        self._raise_errors(errors)
        self._set_state("cancelled")
        return True

    def action_set_draft(self):
        check_record_ids(self)
        errors = self._check_state_in(("cancelled",), _("reset to draft"))
        self._raise_errors(errors)
        self._set_state("draft")
        return True

    def action_renew(self):
        """Create the next period's draft contract, with the same scope and
        terms, and note it on both contracts' chatter."""
        check_record_ids(self)
        errors = self._check_state_in(("active", "expired"), _("renewed"))
        for contract in self:
            renewal = contract.renewal_ids.filtered(lambda c: c.state != "cancelled")
            if renewal:
                errors.append(
                    _(
                        "%(contract)s is already renewed by %(renewal)s.",
                        contract=contract.display_name,
                        renewal=renewal[0].display_name,
                    )
                )
        self._raise_errors(errors)
        renewals = self.create(
            [contract._prepare_renewal_values() for contract in self]
        )
        for contract, renewal in zip(self, renewals, strict=True):
            contract.message_post(
                body=_(
                    "Renewed by %(renewal)s for %(start)s to %(end)s.",
                    renewal=renewal._get_html_link(),
                    start=format_date(self.env, renewal.date_start),
                    end=format_date(self.env, renewal.date_end),
                ),
                subtype_xmlid="mail.mt_note",
            )
            renewal.message_post(
                body=_("Renewal of %(contract)s.", contract=contract._get_html_link()),
                subtype_xmlid="mail.mt_note",
            )
        if len(renewals) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": renewals.id,
                "view_mode": "form",
                "target": "current",
            }
        return True

    def _prepare_renewal_values(self):
        """Values of the next period's contract: same scope, terms and service
        levels, starting the day after this one ends, for the same length."""
        self.ensure_one()
        start = self.date_end + timedelta(days=1)
        term = relativedelta(self.date_end + timedelta(days=1), self.date_start)
        vals = self.copy_data(
            {
                "date_start": start,
                "date_end": start + term - timedelta(days=1),
                "renewed_from_id": self.id,
            }
        )[0]
        return vals

    def action_view_orders(self):
        ensure_one_record(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_order.service_order_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_contract_id": self.id,
        }
        return action

    def action_view_breaches(self):
        action = self.action_view_orders()
        action["domain"] = [("contract_id", "=", self.id), ("sla_breached", "=", True)]
        return action

    def action_view_invoices(self):
        ensure_one_record(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("service_contract_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    def action_view_renewal(self):
        ensure_one_record(self)
        renewal = self.renewal_ids[:1] or self.renewed_from_id
        if not renewal:
            raise UserError(
                _("%(contract)s has no renewal.", contract=self.display_name)
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": renewal.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Coverage
    # ------------------------------------------------------------------
    def _get_contract_year(self, day):
        """First and last day of the contract year that contains ``day``
        (clamped to the term)."""
        self.ensure_one()
        if day <= self.date_start:
            years = 0
        else:
            years = relativedelta(day, self.date_start).years
        start = self.date_start + relativedelta(years=years)
        end = min(start + relativedelta(years=1) - timedelta(days=1), self.date_end)
        return start, end

    def _get_coverage_rank(self, order, day):
        """How well this contract covers ``order`` on ``day``: 0 not at all,
        3 one of its units is covered, 2 its site is covered, 1 the contract
        covers every site of the customer (no sites or units listed)."""
        self.ensure_one()
        # _origin: during a create, the order is a new record whose relational
        # values are new records too
        units = order.equipment_ids._origin
        site = order.site_id._origin
        if (
            self.state != "active"
            or not self.date_start <= day <= self.date_end
            or self.commercial_partner_id
            != order.partner_id._origin.commercial_partner_id
            or self.company_id != order.company_id._origin
            or (
                self.order_type_ids
                and order.order_type_id._origin not in self.order_type_ids
            )
        ):
            return 0
        if units & self.equipment_ids:
            return 3
        if site and site in self.site_ids:
            return 2
        if not self.site_ids and not self.equipment_ids:
            return 1
        return 0

    def _attach_open_orders(self):
        """Give the open orders without a contract that these contracts cover
        their contract (a contract signed after the request came in)."""
        orders = self.env["service.order"].search(
            [
                ("state", "in", OPEN_STATES),
                ("contract_id", "=", False),
                ("partner_id", "child_of", self.commercial_partner_id.ids),
                ("company_id", "in", self.company_id.ids),
            ]
        )
        by_contract = defaultdict(list)
        for order, contract in orders._find_best_contracts().items():
            by_contract[contract].append(order.id)
        for contract, order_ids in by_contract.items():
            self.env["service.order"].browse(order_ids).write(
                {"contract_id": contract.id}
            )

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_expire(self):
        """Active contracts whose last day has passed become expired."""
        today = fields.Date.context_today(self)
        ended = self.search([("state", "=", "active"), ("date_end", "<", today)])
        ended._set_state("expired", {"recurring_next_date": False})
        return ended

    @api.model
    def _cron_recurring_invoices(self, batch_size=INVOICE_BATCH_SIZE):
        """Bill the periods that started by today, ``batch_size`` contracts per
        run (the cron runs again at once while some remain).

        Idempotent: an invoice carries its contract and period start under a
        unique key, and periods already invoiced are skipped, so a second run or
        a re-run after a crash half-way bills nothing twice.
        """
        today = fields.Date.context_today(self)
        domain = [
            ("state", "=", "active"),
            ("recurring_amount", ">", 0),
            ("recurring_next_date", "!=", False),
            ("recurring_next_date", "<=", today),
        ]
        due = self.search(domain, order="recurring_next_date, id", limit=batch_size)
        invoices = due._generate_recurring_invoices(today)
        remaining = self.search_count(domain) if len(due) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(due), remaining=remaining)
        return invoices

    def _get_due_periods(self, today):
        """``[(contract, first day, last day)]`` of the periods to bill by
        ``today``, and ``{contract: next period start or False}``.

        Periods are counted from the contract's start (start + k months), so a
        contract starting on the 31st is billed on the last day of shorter
        months and back on the 31st after them, without drifting.
        """
        periods = []
        next_dates = {}
        for contract in self:
            months = INTERVAL_MONTHS[contract.recurring_interval]
            anchor = contract.date_start
            start = contract.recurring_next_date
            index = 0
            while anchor + relativedelta(months=months * (index + 1)) <= start:
                index += 1
            while start <= today and start <= contract.date_end:
                index += 1
                following = anchor + relativedelta(months=months * index)
                end = min(following - timedelta(days=1), contract.date_end)
                periods.append((contract, start, end))
                start = following
            next_dates[contract] = start if start <= contract.date_end else False
        return periods, next_dates

    def _generate_recurring_invoices(self, today):
        """Create the draft invoices of the periods due by ``today`` (one
        ``create()`` per company for the whole batch) and move the contracts'
        next invoice dates on."""
        periods, next_dates = self._get_due_periods(today)
        invoices = self._create_recurring_invoices(periods)
        by_date = defaultdict(list)
        for contract, next_date in next_dates.items():
            if contract.recurring_next_date != next_date:
                by_date[next_date].append(contract.id)
        for next_date, contract_ids in by_date.items():
            self.browse(contract_ids).write({"recurring_next_date": next_date})
        return invoices

    @api.model
    def _create_recurring_invoices(self, periods):
        """Draft customer invoices for ``periods`` ``[(contract, start, end)]``,
        skipping the periods already invoiced (one query to find them)."""
        moves = self.env["account.move"]
        if not periods:
            return moves
        contracts = self.browse({contract.id for contract, _s, _e in periods})
        existing = {
            (move.service_contract_id.id, move.service_contract_period_start)
            for move in moves.search_fetch(
                [
                    ("service_contract_id", "in", contracts.ids),
                    (
                        "service_contract_period_start",
                        "in",
                        list({start for _c, start, _e in periods}),
                    ),
                ],
                ["service_contract_id", "service_contract_period_start"],
            )
        }
        vals_by_company = defaultdict(list)
        for contract, start, end in periods:
            if (contract.id, start) in existing:
                continue
            existing.add((contract.id, start))
            vals_by_company[contract.company_id].append(
                contract._prepare_recurring_invoice_values(start, end)
            )
        for company, vals_list in vals_by_company.items():
            moves |= (
                moves.with_company(company)
                .with_context(default_move_type="out_invoice")
                .create(vals_list)
            )
        if moves:
            _logger.info("Created %s contract invoices", len(moves))
        return moves

    def _prepare_recurring_invoice_values(self, start, end):
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "service_contract_id": self.id,
            "service_contract_period_start": start,
            "service_contract_period_end": end,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": self.product_id.id,
                        "name": _(
                            "%(contract)s: service contract from %(start)s to %(end)s",
                            contract=self.display_name,
                            start=format_date(self.env, start),
                            end=format_date(self.env, end),
                        ),
                        "quantity": 1.0,
                        "price_unit": self.recurring_amount,
                    }
                )
            ],
        }

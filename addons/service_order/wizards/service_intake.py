"""Phone intake (issue 11): the office takes a call in one dialog.

Find the caller by phone (digits only, the last ones are enough) or by name,
or create him and his site in place; see the site's open orders, last visits
(and, with the other addons, its units, warranty and contract) to catch a
duplicate or a callback; choose type and priority and read the SLA deadlines
the order will get before it exists; then one action saves the order and
opens what comes next (the dispatch suggestions when service_dispatch is
installed, else the order).
"""

import re
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import (
    SQL,
    clean_context,
    escape_psql,
    format_datetime,
    plaintext2html,
)

from ..models.service_order import DISPATCHER_GROUP, OPEN_STATES, PRIORITIES
from ..tools.input_guard import clean_field_names, clean_vals, ensure_one
from ..tools.record_guard import check_linked_records

# how many matching callers, open orders and last visits the dialog lists
MATCH_LIMIT = 8
SUMMARY_LIMIT = 5
# a phone search needs this many digits; longer numbers compare on their last
# digits only (a country code or a trunk 0 typed or not must still match)
MIN_PHONE_DIGITS = 3
PHONE_TAIL_DIGITS = 8
SITE_TYPES = ("delivery", "other")


def phone_digits(text):
    """The digits a phone search compares, or ``""`` when ``text`` is no phone
    number: its last digits (at most eight), leading zeros dropped, so that
    "+32 2 555 01 23", "02/555.01.23" and "555 01 23" find the same caller."""
    if not isinstance(text, str) or re.search(r"[^\d\s+()./-]", text):
        return ""
    digits = re.sub(r"\D", "", text)[-PHONE_TAIL_DIGITS:].lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def site_name(street, city=None):
    """The name a site created in the dialog gets, as the office says it:
    its street, then its city ("Rue Blaes 10, Brussels")."""
    parts = [(part or "").strip() for part in (street, city)]
    return ", ".join(part for part in parts if part)


class ServiceIntake(models.TransientModel):
    _name = "service.intake"
    _description = "Phone Intake"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    caller_query = fields.Char(
        string="Phone or Name",
        help="Type the caller's number (any format, the last digits are "
        "enough) or a part of his name.",
    )
    match_ids = fields.Many2many(
        "res.partner", compute="_compute_match_ids", string="Matching Callers"
    )
    match_count = fields.Integer(compute="_compute_match_ids")
    no_match_hint = fields.Char(
        compute="_compute_match_ids",
        help="Shown when the search finds nobody: the caller is new.",
    )
    candidate_ids = fields.Many2many(
        "res.partner",
        compute="_compute_match_ids",
        string="Matching Customers",
        help="The customers of the matching callers (a site stands for its "
        "customer): what the customer field offers first.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    # a new caller, created in place
    new_caller_name = fields.Char(
        string="New Caller",
        compute="_compute_new_caller_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    new_caller_phone = fields.Char(
        string="Phone",
        compute="_compute_new_caller_phone",
        store=True,
        readonly=False,
        precompute=True,
    )
    new_caller_email = fields.Char(string="Email")
    new_caller_is_company = fields.Boolean(string="Is a Company")
    site_id = fields.Many2one(
        "res.partner",
        string="Service Site",
        compute="_compute_site_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('id', 'child_of', commercial_partner_id)]",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")
    # a new site, created in place
    new_site_street = fields.Char(string="Street")
    new_site_zip = fields.Char(string="ZIP")
    new_site_city = fields.Char(string="City")
    # the request
    order_type_id = fields.Many2one(
        "service.order.type", string="Type", check_company=True
    )
    priority = fields.Selection(
        PRIORITIES,
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
    )
    description = fields.Text(string="Problem")
    date_received = fields.Datetime(
        string="Call Received", default=fields.Datetime.now, readonly=True
    )
    callback_days = fields.Integer(
        string="Callback Window (days)",
        compute="_compute_callback_days",
        store=True,
        readonly=False,
        precompute=True,
        help="A done order on the same site within this many days makes this "
        "call a callback for it. The company's setting, for this call.",
    )
    callback_of_id = fields.Many2one(
        "service.order",
        string="Callback For",
        compute="_compute_callback_of_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('site_id', '=', site_id), ('state', '=', 'done')]",
    )
    # at a glance, for the site
    summary_html = fields.Html(
        string="Site at a Glance", compute="_compute_summary", sanitize=False
    )
    open_order_ids = fields.Many2many(
        "service.order", compute="_compute_summary", string="Open Orders"
    )
    duplicate_warning = fields.Char(compute="_compute_summary")
    callback_warning = fields.Char(compute="_compute_summary")
    # the SLA the order will get
    response_deadline = fields.Datetime(
        string="Respond By", compute="_compute_sla_preview"
    )
    resolution_deadline = fields.Datetime(
        string="Resolve By", compute="_compute_sla_preview"
    )
    sla_note = fields.Char(string="SLA", compute="_compute_sla_preview")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("caller_query", "company_id")
    def _compute_match_ids(self):
        for wizard in self:
            matches = wizard._search_callers(wizard.caller_query)
            wizard.match_ids = matches
            wizard.match_count = len(matches)
            wizard.candidate_ids = matches.mapped(wizard._caller_customer)
            wizard.no_match_hint = (
                False if matches else wizard._get_no_match_hint(wizard.caller_query)
            )

    @api.depends("caller_query", "company_id")
    def _compute_partner_id(self):
        for wizard in self:
            # the real partners (the computed list holds new-record copies)
            candidates = wizard.candidate_ids._origin
            families = candidates.commercial_partner_id
            if len(candidates) == 1:
                # one customer (found by his name, a contact's or a site's)
                wizard.partner_id = candidates
            elif len(families) == 1 and families in candidates:
                # a company and its own contacts and sites: the company
                wizard.partner_id = families
            elif candidates and wizard.partner_id._origin not in candidates:
                # several callers match: the office picks one of them
                wizard.partner_id = False
            elif not candidates and (wizard.caller_query or "").strip():
                # a corrected number that matches nobody: no customer kept from
                # the previous search (a new caller, or the office picks one)
                wizard.partner_id = False

    @api.depends("caller_query")
    def _compute_new_caller_phone(self):
        for wizard in self:
            query = (wizard.caller_query or "").strip()
            wizard.new_caller_phone = query if phone_digits(query) else False

    @api.depends("caller_query", "company_id")
    def _compute_new_caller_name(self):
        for wizard in self:
            # a name that finds nobody is the new caller's (a number is his
            # phone, "12" or "%%" no name); a search that finds someone
            # proposes no new caller
            query = (wizard.caller_query or "").strip()
            is_name = bool(re.search(r"[^\W\d_]", query)) and not phone_digits(query)
            wizard.new_caller_name = (
                query if wizard.no_match_hint and is_name else False
            )

    @api.depends("company_id")
    def _compute_callback_days(self):
        for wizard in self:
            wizard.callback_days = (
                wizard.company_id or self.env.company
            ).service_callback_days

    @api.depends("partner_id", "caller_query")
    def _compute_site_id(self):
        for wizard in self:
            partner = wizard.partner_id
            if not partner:
                wizard.site_id = False
                continue
            # the caller was found by his site's phone: that site
            family = partner.commercial_partner_id
            matches = wizard.match_ids
            if (
                len(matches) == 1
                and wizard._caller_customer(matches) != matches
                and matches.commercial_partner_id == family
            ):
                wizard.site_id = matches._origin
                continue
            if wizard.site_id and wizard.site_id.commercial_partner_id == family:
                continue
            wizard.site_id = partner.address_get(["delivery"])["delivery"]

    @api.depends("order_type_id")
    def _compute_priority(self):
        for wizard in self:
            wizard.priority = wizard.order_type_id.default_priority or "1"

    @api.depends("site_id", "callback_days", "date_received", "company_id")
    def _compute_callback_of_id(self):
        for wizard in self:
            wizard.callback_of_id = wizard._find_callback_candidate()

    @api.depends("site_id", "callback_days", "date_received", "company_id")
    def _compute_summary(self):
        for wizard in self:
            summary = wizard._get_intake_site_summary()
            wizard.summary_html = wizard._render_intake_site_summary(summary)
            open_orders = summary.get("open_orders") or self.env["service.order"]
            wizard.open_order_ids = open_orders
            wizard.duplicate_warning = wizard._get_duplicate_warning(
                summary.get("open_count") or 0, open_orders
            )
            callback = summary.get("callback")
            wizard.callback_warning = (
                wizard._get_callback_warning(callback, summary["callback_age_days"])
                if callback
                else False
            )

    @api.depends(
        "partner_id",
        "site_id",
        "order_type_id",
        "priority",
        "date_received",
        "company_id",
    )
    def _compute_sla_preview(self):
        for wizard in self:
            preview = wizard._get_preview_order()
            if not preview:
                wizard.response_deadline = False
                wizard.resolution_deadline = False
                wizard.sla_note = False
                continue
            wizard.response_deadline = preview.response_deadline
            wizard.resolution_deadline = preview.resolution_deadline
            wizard.sla_note = (
                False
                if preview.resolution_deadline
                else _("No SLA applies to this type and priority.")
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        self._check_intake_access()
        return super().default_get(clean_field_names(self, fields_list))

    @api.model_create_multi
    def create(self, vals_list):
        self._check_intake_access()
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        # ids that do not exist get a clear message, not a foreign-key error
        check_linked_records(self, vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_intake_access()
        vals = clean_vals(self, vals)
        check_linked_records(self, [vals])
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_create_caller(self):
        """Create the new caller (and his site) now, and stay on the call."""
        ensure_one(self)
        self._check_intake_access()
        if self.partner_id:
            raise UserError(_("A caller is chosen already: clear him first."))
        self._check_new_caller()
        self._check_new_site()
        self._create_new_caller()
        return self._reopen()

    def action_add_site(self):
        """Create the new site address of the caller now, and stay on the call."""
        ensure_one(self)
        self._check_intake_access()
        if not self.partner_id:
            raise UserError(_("Choose or create the caller before adding a site."))
        self._check_new_site()
        self._create_new_site()
        return self._reopen()

    def action_save(self):
        """Create the order and open it."""
        return self._get_intake_next_action(self._save_order(), plan=False)

    def action_save_and_plan(self):
        """Create the order (channel phone) and open what plans it: the
        dispatch suggestions when that addon is installed, else the order."""
        return self._get_intake_next_action(self._save_order(), plan=True)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _check_intake_access(self):
        """Taking calls is the office's job: dispatchers and managers. Only
        the user's groups count; nothing the client sends unlocks it."""
        if self.env.su or self.env.user.has_group(DISPATCHER_GROUP):
            return
        raise AccessError(_("Only dispatchers can take calls and create orders."))

    def _search_callers(self, query):
        """Partners of the wizard's company (or shared) matching ``query``:
        by the digits of their phone or mobile, else by name or email. As
        the user: his record rules apply."""
        query = (query or "").strip()
        if len(query) < 2:
            return self.env["res.partner"]
        company = self.company_id or self.env.company
        digits = phone_digits(query)
        if digits:
            pattern = f"%{digits}%"
            matching = SQL(
                "(SELECT id FROM res_partner"
                " WHERE regexp_replace(COALESCE(phone, ''), '[^0-9]', '', 'g')"
                " LIKE %(pattern)s"
                " OR regexp_replace(COALESCE(mobile, ''), '[^0-9]', '', 'g')"
                " LIKE %(pattern)s)",
                pattern=pattern,
            )
            domain = [("id", "in", matching)]
        else:
            # "%" and "_" typed by the office are characters, not wildcards
            pattern = f"%{escape_psql(query)}%"
            domain = [
                "|",
                ("complete_name", "=ilike", pattern),
                ("email", "=ilike", pattern),
            ]
        return self.env["res.partner"].search(
            domain + [("company_id", "in", [company.id, False])],
            limit=MATCH_LIMIT,
        )

    @api.model
    def _caller_customer(self, partner):
        """The customer of a matched partner: a site address stands for its
        parent (the site itself is then picked as the service site)."""
        if partner.type in SITE_TYPES and partner.parent_id:
            return partner.parent_id
        return partner

    @api.model
    def _get_no_match_hint(self, query):
        """What the dialog says when the search finds nobody (``False``
        while there is nothing to search yet)."""
        query = (query or "").strip()
        if len(query) < 2:
            return False
        if phone_digits(query):
            return _(
                "No caller found with the number %(query)s: a new caller? "
                "Type his name under New Caller, then Create Caller (or save "
                "the call).",
                query=query,
            )
        return _(
            "No caller found for “%(query)s”: a new caller? Check his "
            "name under New Caller, then Create Caller (or save the call).",
            query=query,
        )

    @api.model
    def _get_duplicate_warning(self, count, open_orders):
        if not count:
            return False
        orders = ", ".join(open_orders.mapped("name"))
        if count == 1:
            return _(
                "An open order on this site already: %(orders)s. Is this the "
                "same problem?",
                orders=orders,
            )
        return _(
            "%(count)s open orders on this site already: %(orders)s. Is this "
            "the same problem?",
            count=count,
            orders=orders,
        )

    @api.model
    def _get_callback_warning(self, callback, days):
        if days <= 0:
            return _(
                "%(order)s was completed on this site less than a day ago: is "
                "this a callback for it?",
                order=callback.name,
            )
        if days == 1:
            return _(
                "%(order)s was completed on this site a day ago: is this a "
                "callback for it?",
                order=callback.name,
            )
        return _(
            "%(order)s was completed on this site %(days)s days ago: is this a "
            "callback for it?",
            order=callback.name,
            days=days,
        )

    def _site_domain(self):
        return [
            ("site_id", "=", self.site_id._origin.id),
            ("company_id", "=", (self.company_id or self.env.company).id),
        ]

    def _find_callback_candidate(self):
        """The last order done on the site within the callback window."""
        if not self.site_id or self.callback_days <= 0:
            return self.env["service.order"]
        since = (self.date_received or fields.Datetime.now()) - timedelta(
            days=self.callback_days
        )
        return self.env["service.order"].search(
            self._site_domain() + [("state", "=", "done"), ("date_done", ">=", since)],
            order="date_done desc, id desc",
            limit=1,
        )

    def _get_intake_site_summary(self):
        """What the office sees of the site while on the phone, as a dict:

        ``sections``: a list of ``{"title", "count", "lines", "level"}`` the
        dialog renders in order (``level``: ``warning``, ``info`` or
        ``muted``), plus, for the hints, ``open_orders`` / ``open_count``,
        ``visits`` / ``visit_count``, ``callback`` / ``callback_age_days``.

        Extension point: ``service_asset`` adds the units and their warranty,
        ``service_contract`` the contract. A constant number of queries,
        whatever the number of orders on the site.
        """
        self.ensure_one()
        if not self.site_id:
            return {"sections": []}
        Order = self.env["service.order"]
        domain = self._site_domain()
        counts = dict(
            Order._read_group(
                domain + [("state", "in", [*OPEN_STATES, "done"])],
                ["state"],
                ["__count"],
            )
        )
        open_count = sum(counts.get(state, 0) for state in OPEN_STATES)
        visit_count = counts.get("done", 0)
        open_orders = (
            Order.search(
                domain + [("state", "in", OPEN_STATES)],
                order="date_received desc, id desc",
                limit=SUMMARY_LIMIT,
            )
            if open_count
            else Order
        )
        visits = (
            Order.search(
                domain + [("state", "=", "done")],
                order="date_done desc, id desc",
                limit=SUMMARY_LIMIT,
            )
            if visit_count
            else Order
        )
        (open_orders | visits).fetch(
            ["name", "state", "date_done", "date_received", "order_type_id"]
        )
        (open_orders | visits).order_type_id.fetch(["name"])
        callback, age = Order, 0
        if visits and self.callback_days > 0:
            now = self.date_received or fields.Datetime.now()
            last = visits[0]
            if last.date_done and last.date_done >= now - timedelta(
                days=self.callback_days
            ):
                callback, age = last, (now - last.date_done).days
        states = dict(Order._fields["state"]._description_selection(self.env))
        sections = [
            {
                "key": "open_orders",
                "title": _("Open orders"),
                "count": open_count,
                "level": "warning" if open_count else "muted",
                "lines": [
                    _(
                        "%(order)s, %(type)s, %(state)s, received %(date)s",
                        order=order.name,
                        type=order.order_type_id.name or "",
                        state=states.get(order.state, order.state),
                        date=format_datetime(
                            self.env, order.date_received, dt_format="short"
                        ),
                    )
                    for order in open_orders
                ],
            },
            {
                "key": "visits",
                "title": _("Last visits"),
                "count": visit_count,
                "level": "warning" if callback else "info" if visits else "muted",
                "lines": [
                    _(
                        "%(order)s, %(type)s, done %(date)s",
                        order=order.name,
                        type=order.order_type_id.name or "",
                        date=format_datetime(
                            self.env, order.date_done, dt_format="short"
                        ),
                    )
                    for order in visits
                ],
            },
        ]
        return {
            "sections": sections,
            "open_orders": open_orders,
            "open_count": open_count,
            "visits": visits,
            "visit_count": visit_count,
            "callback": callback,
            "callback_age_days": age,
        }

    @api.model
    def _render_intake_site_summary(self, summary):
        sections = summary.get("sections") or []
        if not sections:
            return Markup('<p class="text-muted">%s</p>') % _(
                "Choose or create the caller and his site to see its history."
            )
        parts = []
        for section in sections:
            level = section.get("level") or "info"
            css = {"warning": "text-warning", "muted": "text-muted"}.get(level, "")
            lines = section.get("lines") or []
            items = (
                Markup("").join(Markup("<li>%s</li>") % line for line in lines)
                if lines
                else Markup("<li class='text-muted'>%s</li>") % _("none")
            )
            count = section.get("count", len(lines))
            title = (
                section["title"]
                if count is None
                else _("%(title)s (%(count)s)", title=section["title"], count=count)
            )
            parts.append(
                Markup(
                    '<div class="o_service_intake_section mb-2">'
                    '<strong class="%s">%s</strong><ul class="mb-0">%s</ul>'
                    "</div>"
                )
                % (css, title, items)
            )
        return Markup("").join(parts)

    def _get_preview_order(self):
        """The order as it would be created, as a new record: its SLA
        deadlines are the core's compute (and the contracts' hook), not a
        copy of them."""
        if not (self.partner_id and self.order_type_id):
            return self.env["service.order"]
        values = self._prepare_order_values(preview=True)
        return self.env["service.order"].new(values)

    def _prepare_order_values(self, preview=False):
        values = {
            "company_id": (self.company_id or self.env.company).id,
            "partner_id": self.partner_id._origin.id,
            "site_id": (self.site_id or self.partner_id)._origin.id,
            "order_type_id": self.order_type_id._origin.id,
            "priority": self.priority or self.order_type_id.default_priority or "1",
            # the moment the dialog opened (the SLA preview's too), never later
            # than now
            "date_received": min(
                self.date_received or fields.Datetime.now(), fields.Datetime.now()
            ),
            "channel": "phone",
        }
        if not preview:
            values["description"] = plaintext2html(self.description or "")
            values["callback_of_id"] = self.callback_of_id._origin.id
        return values

    def _check_new_caller(self):
        if not (self.new_caller_name or "").strip():
            raise UserError(_("Type the new caller's name to create him."))

    def _check_new_site(self):
        if self._wants_new_site() and not (self.new_site_street or "").strip():
            raise UserError(_("A new site needs at least a street."))

    def _wants_new_site(self):
        return bool(
            (self.new_site_street or "").strip()
            or (self.new_site_zip or "").strip()
            or (self.new_site_city or "").strip()
        )

    def _create_new_caller(self):
        partner = self.env["res.partner"].create(
            {
                "name": self.new_caller_name.strip(),
                "phone": (self.new_caller_phone or "").strip() or False,
                "email": (self.new_caller_email or "").strip() or False,
                "is_company": self.new_caller_is_company,
                "company_id": (self.company_id or self.env.company).id,
            }
        )
        self.write({"partner_id": partner.id, "new_caller_name": False})
        if self._wants_new_site():
            self._create_new_site()
        return partner

    def _prepare_new_site_values(self):
        partner = self.partner_id
        street = self.new_site_street.strip()
        city = (self.new_site_city or "").strip() or False
        return {
            "name": site_name(street, city),
            "parent_id": partner.commercial_partner_id.id,
            "type": "delivery",
            "street": street,
            "zip": (self.new_site_zip or "").strip() or False,
            "city": city,
            "phone": partner.phone,
            "company_id": partner.company_id.id or False,
        }

    def _create_new_site(self):
        site = self.env["res.partner"].create(self._prepare_new_site_values())
        self.write(
            {
                "site_id": site.id,
                "new_site_street": False,
                "new_site_zip": False,
                "new_site_city": False,
            }
        )
        return site

    def _save_order(self):
        """Every check first, then the caller, the site and the order: a
        refused call leaves nothing behind."""
        ensure_one(self)
        self._check_intake_access()
        errors = []
        if not self.partner_id and not (self.new_caller_name or "").strip():
            errors.append(_("Choose the caller or type a new caller's name."))
        if not self.order_type_id:
            errors.append(_("Choose the type of the order."))
        if not (self.description or "").strip():
            errors.append(_("Describe the problem."))
        if self._wants_new_site() and not (self.new_site_street or "").strip():
            errors.append(_("A new site needs at least a street."))
        callback = self.callback_of_id._origin
        if callback and (
            callback.state != "done"
            or not self.partner_id
            or self._wants_new_site()
            or callback.site_id != (self.site_id or self.partner_id)._origin
        ):
            errors.append(
                _(
                    "A call can only be the callback of a done order of the same "
                    "site: %(order)s is not.",
                    order=callback.name,
                )
            )
        if errors:
            raise UserError("\n".join(errors))
        if not self.partner_id:
            self._create_new_caller()
        elif self._wants_new_site():
            self._create_new_site()
        # the wizard's own defaults (default_caller_query...) are no defaults
        # of the order
        orders = self.env["service.order"].with_context(clean_context(self.env.context))
        return orders.create(self._prepare_order_values())

    @api.model
    def _get_intake_next_action(self, order, plan=True):
        """The action the dialog ends on once ``order`` is saved.

        Extension point: ``service_dispatch`` opens the technician
        suggestions when ``plan`` is set. Here: the order's form.
        """
        return {
            "type": "ir.actions.act_window",
            "name": order.name,
            "res_model": "service.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Take a Call"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

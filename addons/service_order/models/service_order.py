import base64
import logging
from collections import defaultdict, namedtuple
from datetime import datetime, time, timedelta
from itertools import chain
from xmlrpc.client import MAXINT

import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv.expression import OR as Domain_OR
from odoo.tools import SQL, format_datetime
from odoo.tools.image import base64_to_image

from ..tools.input_guard import clean_field_names, clean_vals, ensure_one
from ..utils.activity_widget import ActivityRow, widget_values
from ..utils.working_time import (
    add_working_hours,
    horizon_days,
)
from .service_lifecycle_mixin import (  # noqa: F401 (imported from here by addons)
    LIFECYCLE_TOKEN,
    STATE_CHANGE_CTX,
    is_lifecycle_write,
)

_logger = logging.getLogger(__name__)

PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]

STATES = [
    ("new", "New"),
    ("scheduled", "Scheduled"),
    ("dispatched", "Dispatched"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("new", "scheduled", "dispatched", "in_progress")
# kanban columns folded by default
FOLDED_STATES = ("done", "cancelled")

CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
]

# the order's lead/crew inverse writes the bookings with this token (a Python
# object no RPC client can send): it may replace the lead of a planned order
TEAM_SYNC_CTX = "service_order_team_sync"
TEAM_SYNC_TOKEN = object()

DISPATCHER_GROUP = "service_order.group_service_dispatcher"

# the code of the orders' sequence (data/ir_sequence_data.xml)
ORDER_SEQUENCE_CODE = "service.order"

# bounds of a sensible order: hours of work planned on one order
MAX_ORDER_HOURS = 1000.0


def is_field_user(env):
    """True for users held to the technicians' restrictions: not the
    superuser, not a dispatcher, and not a write of the lifecycle."""
    return not (
        env.su or is_lifecycle_write(env) or env.user.has_group(DISPATCHER_GROUP)
    )


def check_company_quietly(records, check, fnames=None):
    """Run Odoo's company check ``check(fnames)`` on ``records``; when it fails
    on a record the caller cannot read (another company's customer or
    employee), say which fields are wrong without quoting the records: Odoo's
    own message names them all."""
    try:
        return check(fnames)
    except UserError:
        if records.env.su:
            raise
        names = fnames if fnames is not None else list(records._fields)
        hidden = []
        for fname in names:
            field = records._fields.get(fname)
            if not (field and field.relational and field.check_company):
                continue
            # sudo: only to learn whether the caller could read the values
            values = records.sudo()[fname].with_env(records.env)
            if values - values._filtered_access("read"):
                hidden.append(field._description_string(records.env))
        if not hidden:
            raise
        raise UserError(
            records.env._(
                "%(fields)s: the record you chose belongs to another company.",
                fields=", ".join(sorted(set(hidden))),
            )
        ) from None


def check_read_specification(model, specification):
    """The ``specification`` of ``web_read`` (``{field: {"fields": {...}}}``) in
    the web client's shape, else a clean UserError: a client's malformed one
    must not surface as a KeyError or AttributeError."""
    env = model.env
    if not isinstance(specification, dict):
        raise UserError(
            env._(
                "%(model)s: the fields to read must be given as a dictionary.",
                model=model._description,
            )
        )
    for fname, spec in specification.items():
        field = model._fields.get(fname) if isinstance(fname, str) else None
        if field is None:
            raise UserError(
                env._(
                    "%(model)s has no field %(field)s.",
                    model=model._description,
                    field=repr(fname),
                )
            )
        if spec is None:
            continue
        if not isinstance(spec, dict) or not all(
            (key == "fields" and isinstance(value, dict))
            or (key == "context" and isinstance(value, dict))
            or (key == "limit" and (value is None or value.__class__ is int))
            or (key == "order" and (value is None or isinstance(value, str)))
            for key, value in spec.items()
        ):
            raise UserError(
                env._(
                    "%(model)s: the specification of %(field)s is malformed.",
                    model=model._description,
                    field=fname,
                )
            )
        if spec.get("fields"):
            if not field.relational:
                raise UserError(
                    env._(
                        "%(model)s: %(field)s is not a relation.",
                        model=model._description,
                        field=fname,
                    )
                )
            check_read_specification(env[field.comodel_name], spec["fields"])


def readable_names(records, other_label=None):
    """Display names of ``records`` the current user may read, for a message;
    the others are not named (a message must not leak what the caller cannot
    see)."""
    readable = records._filtered_access("read")
    names = readable.mapped("display_name")
    hidden = len(records - readable)
    if hidden:
        env = records.env
        names.append(
            other_label or env._("%(count)s record(s) you cannot see", count=hidden)
        )
    return ", ".join(names)


# what a technician (without dispatcher rights) may change on his own orders
TECHNICIAN_WRITABLE_FIELDS = {
    "resolution",
    "line_ids",
    "timelog_ids",
    "checklist_item_ids",
    "signature",
    "signed_by",
    "contact_name",
    "contact_phone",
    "message_main_attachment_id",
}

# stamped by the lifecycle's actions: no one else writes them (the superuser
# may, to load history)
LIFECYCLE_STAMPS = (
    "date_state_changed",
    "date_dispatched",
    "date_started",
    "date_done",
)

# written by mail on any followed record (a photo posted in the chatter): not
# part of the execution record, so not locked on done orders
UNLOCKED_FIELDS = {"message_main_attachment_id"}
# a write of one of these may book (or free) a technician's time
BOOKING_FIELDS = frozenset(
    {
        "technician_id",
        "crew_ids",
        "assignment_ids",
        "date_scheduled_start",
        "date_scheduled_end",
        "duration",
        "state",
        "active",
    }
)

# the type of dict.keys(), as web_search_read passes the fields to fetch
KEYS_TYPE = type({}.keys())

SlaTarget = namedtuple(
    "SlaTarget", "calendar response_hours resolution_hours warning_ratio"
)


def _is_late(state, date_scheduled_end, now):
    """An open order whose scheduled end is past."""
    return bool(
        state in OPEN_STATES and date_scheduled_end and date_scheduled_end < now
    )


def _read_int(value):
    # as Integer.convert_to_record then convert_to_read (XML-RPC's limit)
    value = value or 0
    return float(value) if value > MAXINT else value


def _read_plain(value):
    # as Field.convert_to_record then convert_to_read
    return False if value is None else value


# field type -> its cache value's read value (Field.convert_to_record, then
# convert_to_read), for the types whose conversions need no record; a
# many2one only without its display name (web_read reads names apart)
# the fields web_read's activity prefetch sets (_set_activity_widget_cache)
_ACTIVITY_WIDGET_FIELDS = frozenset(
    {
        "activity_ids",
        "activity_state",
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_type_id",
        "activity_type_icon",
        "activity_summary",
    }
)

_FAST_READ_CONVERT = {
    "boolean": _read_plain,
    "char": _read_plain,
    "text": _read_plain,
    "selection": _read_plain,
    "date": _read_plain,
    "datetime": _read_plain,
    "integer": _read_int,
    "float": lambda value: value or 0.0,
    "many2one": lambda value: value or False,
}


# related field types whose cache value is the related column's own, None
# when the many2one is empty (as the related compute's False)
_RELATED_AS_CACHED = frozenset({"many2one", "char", "selection", "date", "datetime"})


class ServiceOrder(models.Model):
    _name = "service.order"
    _description = "Service Order"
    _inherit = ["mail.thread", "mail.activity.mixin", "service.lifecycle.mixin"]
    _order = "priority desc, date_scheduled_start, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id.name", "site_id.name"]
    _sql_constraints = [
        (
            "name_company_uniq",
            "unique (name, company_id)",
            "Another service order of this company already has this reference.",
        )
    ]

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
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        help="The dispatcher who follows this order.",
    )
    state = fields.Selection(
        STATES,
        default="new",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    date_state_changed = fields.Datetime(
        string="In State Since",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
    )

    # Customer and site
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    site_id = fields.Many2one(
        "res.partner",
        string="Service Site",
        compute="_compute_site_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        index=True,
        domain="[('id', 'child_of', partner_id)]",
        help="The address where the work is done: the customer or one of its "
        "addresses.",
    )
    # the names the kanban cards show, stored with the order: a card reads no
    # customer record (a column of 80 cards otherwise computes 160 partner
    # display names, one query per column)
    partner_name = fields.Char(
        related="partner_id.complete_name",
        string="Customer Name",
        store=True,
        precompute=True,
    )
    site_name = fields.Char(
        related="site_id.complete_name",
        string="Service Site Name",
        store=True,
        precompute=True,
    )
    site_latitude = fields.Float(
        related="site_id.partner_latitude", string="Site Latitude"
    )
    site_longitude = fields.Float(
        related="site_id.partner_longitude", string="Site Longitude"
    )
    contact_name = fields.Char(
        compute="_compute_contact", store=True, readonly=False, precompute=True
    )
    contact_phone = fields.Char(
        compute="_compute_contact", store=True, readonly=False, precompute=True
    )

    # Request
    order_type_id = fields.Many2one(
        "service.order.type",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    priority = fields.Selection(
        PRIORITIES,
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
    )
    channel = fields.Selection(
        CHANNELS, string="Intake Channel", default="phone", required=True
    )
    description = fields.Html(string="Problem Description")
    date_received = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        help="When the request came in: the SLA clock starts here.",
    )
    window_start = fields.Datetime(string="Requested From")
    window_end = fields.Datetime(string="Requested Until")
    required_skill_ids = fields.Many2many(
        "hr.skill",
        "service_order_skill_rel",
        "order_id",
        "skill_id",
        string="Required Skills",
    )

    # Planning
    date_scheduled_start = fields.Datetime(
        string="Scheduled Start", tracking=True, index=True, copy=False
    )
    duration = fields.Float(
        string="Duration (h)",
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_scheduled_end = fields.Datetime(
        string="Scheduled End",
        compute="_compute_date_scheduled_end",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        copy=False,
    )
    # the bookings are the truth; lead and crew are views onto them, kept
    # editable (forms, board, import) through their inverse
    assignment_ids = fields.One2many(
        "service.order.assignment", "order_id", string="Team", copy=False
    )
    # extra work found on site becomes a new order linked to this one
    # (service_mobile's "extra work", service_sale's confirmed quotation)
    followup_of_id = fields.Many2one(
        "service.order",
        string="Follow-up Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The order on which this extra work was found.",
    )
    technician_id = fields.Many2one(
        "hr.employee",
        string="Lead Technician",
        compute="_compute_technician_id",
        inverse="_inverse_team",
        store=True,
        # as the user: the constraints of the order then speak to him (no
        # names of employees he may not see)
        compute_sudo=False,
        readonly=False,
        copy=True,
        tracking=True,
        check_company=True,
        index=True,
        domain="[('is_field_technician', '=', True)]",
    )
    crew_ids = fields.Many2many(
        "hr.employee",
        "service_order_crew_rel",
        "order_id",
        "employee_id",
        compute="_compute_crew_ids",
        inverse="_inverse_team",
        store=True,
        # as the user: the constraints of the order then speak to him (no
        # names of employees he may not see)
        compute_sudo=False,
        readonly=False,
        copy=True,
        check_company=True,
        domain="[('is_field_technician', '=', True)]",
    )

    # Execution
    date_dispatched = fields.Datetime(readonly=True, copy=False)
    date_started = fields.Datetime(
        string="Started On",
        readonly=True,
        copy=False,
        help="Technician on site: the response target is met at this moment.",
    )
    date_done = fields.Datetime(string="Completed On", readonly=True, copy=False)
    resolution = fields.Html(string="Resolution Notes", copy=False)
    line_ids = fields.One2many(
        "service.order.line", "order_id", string="Parts and Labour", copy=True
    )
    timelog_ids = fields.One2many(
        "service.order.timelog", "order_id", string="Time Log", copy=False
    )
    checklist_item_ids = fields.One2many(
        "service.order.checklist.item",
        "order_id",
        string="Checklist",
        copy=True,
        compute="_compute_checklist_item_ids",
        store=True,
        readonly=False,
        precompute=True,
    )
    checklist_progress = fields.Float(compute="_compute_checklist_progress")
    work_hours = fields.Float(compute="_compute_timelog_hours", string="Work (h)")
    travel_hours = fields.Float(compute="_compute_timelog_hours", string="Travel (h)")
    photo_count = fields.Integer(compute="_compute_photo_count")
    signature = fields.Image(
        max_width=1024, max_height=1024, copy=False, attachment=True
    )
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(copy=False)
    callback_of_id = fields.Many2one(
        "service.order",
        string="Callback For",
        check_company=True,
        index="btree_not_null",
        copy=False,
        help="The earlier order whose work did not hold.",
    )
    callback_ids = fields.One2many("service.order", "callback_of_id")
    callback_count = fields.Integer(compute="_compute_callback_count")

    # SLA: computed before the insert (one UPDATE less per create)
    response_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, precompute=True, copy=False
    )
    resolution_deadline = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, precompute=True, copy=False
    )
    response_warning_date = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, precompute=True, copy=False
    )
    resolution_warning_date = fields.Datetime(
        compute="_compute_sla_deadlines", store=True, precompute=True, copy=False
    )
    sla_at_risk = fields.Boolean(
        string="SLA at Risk",
        compute="_compute_sla_status",
        store=True,
        precompute=True,
        copy=False,
    )
    sla_breached = fields.Boolean(
        string="SLA Breached",
        compute="_compute_sla_status",
        store=True,
        precompute=True,
        copy=False,
    )
    sla_status = fields.Selection(
        [
            ("none", "No SLA"),
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("breached", "Breached"),
            ("met", "Met"),
        ],
        string="SLA",
        compute="_compute_sla_status",
        store=True,
        precompute=True,
        copy=False,
    )
    is_late = fields.Boolean(
        compute="_compute_is_late",
        search="_search_is_late",
        help="Scheduled end is past and the order is not done.",
    )
    user_can_plan = fields.Boolean(
        compute="_compute_is_locked",
        help="The current user plans orders (dispatcher): the checklist's items "
        "and requirements are his to change.",
    )
    is_locked = fields.Boolean(
        compute="_compute_is_locked",
        help="Done or cancelled: read-only for technicians; a dispatcher can "
        "still correct it.",
    )

    def _auto_init(self):
        result = super()._auto_init()
        # the kanban's columns and the list: a company's active orders in the
        # model's order (priority desc, date_scheduled_start, id desc), read 80
        # at a time: an index in that order serves the LIMIT without sorting
        # the whole company
        tools.create_index(
            self.env.cr,
            "service_order_kanban_order_index",
            self._table,
            ["company_id", "state", "priority DESC", "date_scheduled_start", "id DESC"],
            where="active",
        )
        tools.create_index(
            self.env.cr,
            "service_order_list_order_index",
            self._table,
            ["company_id", "priority DESC", "date_scheduled_start", "id DESC"],
            where="active",
        )
        # the dispatch board's unassigned panel: new orders without a lead,
        # the most urgent first (SLA deadline, none last, then priority and
        # age), read a page at a time and counted; the partial index holds
        # only them, in that order, with the company as a filter column
        tools.create_index(
            self.env.cr,
            "service_order_unassigned_index",
            self._table,
            [
                "response_deadline NULLS LAST",
                "priority DESC",
                "date_received",
                "id",
                "company_id",
            ],
            where="state = 'new' AND technician_id IS NULL AND active",
        )
        return result

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_site_id(self):
        for order in self:
            partner = order.partner_id
            if not partner:
                order.site_id = False
                continue
            family = partner.commercial_partner_id
            if order.site_id and order.site_id.commercial_partner_id == family:
                continue
            order.site_id = partner.address_get(["delivery"])["delivery"]

    @api.depends("partner_id", "site_id")
    def _compute_contact(self):
        for order in self:
            partner = order.partner_id
            contact = partner if partner and not partner.is_company else False
            order.contact_name = contact.name if contact else order.contact_name
            order.contact_phone = (
                order.site_id.phone
                or order.site_id.mobile
                or partner.phone
                or partner.mobile
                or order.contact_phone
            )

    @api.depends("assignment_ids.employee_id", "assignment_ids.role")
    def _compute_technician_id(self):
        for order in self:
            leads = order.assignment_ids.filtered(lambda a: a.role == "lead")
            order.technician_id = leads[:1].employee_id

    @api.depends("assignment_ids.employee_id", "assignment_ids.role")
    def _compute_crew_ids(self):
        for order in self:
            order.crew_ids = order.assignment_ids.filtered(
                lambda a: a.role == "crew"
            ).employee_id

    def _inverse_team(self):
        """Lead and crew as written -> the bookings: created, deleted or
        changing role; one create for the whole batch."""
        # the checks of the fields first, in their order (company, then
        # technicians), before any booking names an employee
        self._check_company(["technician_id", "crew_ids"])
        self._check_technicians()
        bookings = self.env["service.order.assignment"].with_context(
            **{TEAM_SYNC_CTX: TEAM_SYNC_TOKEN}
        )
        to_create, to_unlink, to_lead, to_crew = [], bookings, bookings, bookings
        for order in self:
            wanted = dict.fromkeys(order.crew_ids._origin.ids, "crew")
            if order.technician_id:
                wanted[order.technician_id._origin.id] = "lead"
            existing = {b.employee_id.id: b for b in order.assignment_ids}
            for employee_id, booking in existing.items():
                role = wanted.get(employee_id)
                if not role:
                    to_unlink |= booking
                elif role != booking.role:
                    if role == "lead":
                        to_lead |= booking
                    else:
                        to_crew |= booking
            to_create += [
                {"order_id": order.id, "employee_id": employee_id, "role": role}
                for employee_id, role in wanted.items()
                if employee_id not in existing
            ]
        to_unlink.unlink()
        if to_crew:
            # the former lead steps down before another one steps up (one
            # lead per order, checked row by row by the database)
            to_crew.write({"role": "crew"})
            to_crew.flush_recordset(["role"])
        to_lead.write({"role": "lead"})
        if to_create:
            bookings.create(to_create)

    @api.depends("order_type_id")
    def _compute_priority(self):
        for order in self:
            order.priority = order.order_type_id.default_priority or "1"

    @api.depends("order_type_id")
    def _compute_duration(self):
        for order in self:
            order.duration = order.order_type_id.default_duration or 1.0

    @api.depends("date_scheduled_start", "duration")
    def _compute_date_scheduled_end(self):
        for order in self:
            if order.date_scheduled_start:
                order.date_scheduled_end = order.date_scheduled_start + timedelta(
                    hours=order.duration or 0.0
                )
            else:
                order.date_scheduled_end = False

    @api.depends("order_type_id")
    def _compute_checklist_item_ids(self):
        """A new order gets its type's checklist, on every path (form, RPC,
        import); choosing another type on a new order swaps it. An existing
        order keeps its items: they may be ticked already."""
        for order in self:
            if order._origin.id:
                continue
            template = order.order_type_id.checklist_template_id
            order.checklist_item_ids = [fields.Command.clear()] + (
                template._prepare_checklist_commands() if template else []
            )

    @api.depends("checklist_item_ids.is_done")
    def _compute_checklist_progress(self):
        for order in self:
            items = order.checklist_item_ids
            done = len(items.filtered("is_done"))
            order.checklist_progress = 100.0 * done / len(items) if items else 0.0

    @api.depends("timelog_ids.duration", "timelog_ids.kind")
    def _compute_timelog_hours(self):
        for order in self:
            order.work_hours = sum(
                log.duration for log in order.timelog_ids if log.kind == "work"
            )
            order.travel_hours = sum(
                log.duration for log in order.timelog_ids if log.kind == "travel"
            )

    def _compute_photo_count(self):
        data = self.env["ir.attachment"]._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("mimetype", "=like", "image/%"),
            ],
            ["res_id"],
            ["__count"],
        )
        counts = dict(data)
        for order in self:
            order.photo_count = counts.get(order.id, 0)

    def _compute_callback_count(self):
        data = self._read_group(
            [("callback_of_id", "in", self.ids)], ["callback_of_id"], ["__count"]
        )
        counts = {order.id: count for order, count in data}
        for order in self:
            order.callback_count = counts.get(order.id, 0)

    def _compute_is_late(self):
        now = fields.Datetime.now()
        for order in self:
            order.is_late = _is_late(order.state, order.date_scheduled_end, now)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_is_locked(self):
        restricted = is_field_user(self.env)
        for order in self:
            order.user_can_plan = not restricted
            order.is_locked = restricted and order.state not in OPEN_STATES

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'late'."))
        domain = [
            ("state", "in", OPEN_STATES),
            ("date_scheduled_end", "<", fields.Datetime.now()),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    # Messages ----------------------------------------------------------
    def _format_quantity(self, qty):
        """``qty`` for a message or a description, in the user's language:
        "2", "1.50", not "2.0" (no decimals for a whole number, else those
        of the unit of measure precision)."""
        digits = 0
        if not tools.float_is_zero(qty - round(qty), precision_digits=6):
            digits = self.env["decimal.precision"].precision_get(
                "Product Unit of Measure"
            )
        return tools.formatLang(self.env, qty, digits=digits)

    # SLA ---------------------------------------------------------------
    def _get_sla_targets(self):
        """SLA targets per order: ``{order: SlaTarget}`` (orders without one are
        left out).

        Extension point: ``service_contract`` overrides it so a contract's own
        targets win over the default policies. Must stay batched: one query for
        the policies, whatever the number of orders.
        """
        policy_model = self.env["service.sla.policy"]
        policy_map = policy_model._get_policy_map(self.company_id)
        calendars = self.env["resource.calendar"]
        targets = {}
        for order in self:
            if not order.order_type_id or not order.priority:
                continue
            policy = policy_model._match(
                policy_map, order.order_type_id, order.priority, order.company_id
            )
            if not policy:
                continue
            calendar = (
                calendars.browse(policy.calendar_id)
                if policy.calendar_id
                else order.company_id.resource_calendar_id
            )
            if not calendar:
                continue
            targets[order] = SlaTarget(
                calendar,
                policy.response_hours,
                policy.resolution_hours,
                policy.warning_percent / 100.0,
            )
        return targets

    @api.depends("date_received", "order_type_id", "priority", "company_id")
    def _compute_sla_deadlines(self):
        targets = self._get_sla_targets()
        # by calendar and company: an order's clock stops on its own
        # company's holidays (and the shared ones), not on those of the other
        # companies of the batch on a shared calendar
        by_calendar = defaultdict(list)
        for order in self:
            target = targets.get(order)
            if order.date_received and target:
                by_calendar[target.calendar, order.company_id].append((order, target))
            else:
                order.response_deadline = False
                order.resolution_deadline = False
                order.response_warning_date = False
                order.resolution_warning_date = False
        # orders all received on one (UTC) day, as a single create's: their
        # calendars' work intervals come from the registry's cache; a batch
        # over several days (an import) fetches them for its own span, so
        # that its queries do not depend on which of its orders share a day
        days = {
            order.date_received.date() for order, _t in chain(*by_calendar.values())
        }
        day = days.pop() if len(days) == 1 else None
        for (calendar, _company), items in by_calendar.items():
            self._place_sla_deadlines(calendar, items, day=day)

    @api.model
    def _place_sla_deadlines(self, calendar, items, day=None):
        """Set the four SLA dates of ``items`` (order, target) on one calendar,
        orders of one company (whose holidays, and the shared ones, count).

        The calendar's work intervals (attendances minus holidays) are fetched
        once for the whole span of the batch and walked in Python; from the
        registry's cache when ``day`` (a date) is given: every order of
        ``items`` was received on that UTC day.
        """
        utc = pytz.utc
        starts = [order.date_received for order, _target in items]
        max_hours = max(target.resolution_hours for _order, target in items)
        company_ids = tuple(sorted({order.company_id.id for order, _target in items}))
        if day:
            span_start, span_end, intervals = self._get_sla_work_intervals(
                calendar.id, company_ids, day, max_hours
            )
        else:
            span_start = utc.localize(min(starts))
            span_end = utc.localize(max(starts)) + timedelta(
                days=horizon_days(max_hours, calendar.hours_per_day)
            )
            intervals = None
        for _attempt in range(4):
            if intervals is None:
                intervals = self._fetch_sla_work_intervals(
                    calendar.id, company_ids, span_start, span_end
                )
            pending = []
            for order, target in items:
                start = utc.localize(order.date_received)
                values = {}
                for fname, hours in (
                    ("response_deadline", target.response_hours),
                    ("resolution_deadline", target.resolution_hours),
                    (
                        "response_warning_date",
                        target.response_hours * target.warning_ratio,
                    ),
                    (
                        "resolution_warning_date",
                        target.resolution_hours * target.warning_ratio,
                    ),
                ):
                    moment = add_working_hours(intervals, start, hours)
                    if moment is None:
                        break
                    values[fname] = moment.astimezone(utc).replace(tzinfo=None)
                else:
                    order.update(values)
                    continue
                pending.append((order, target))
            if not pending:
                return
            # rare: a very long target or a calendar with few hours
            items = pending
            span_end += (span_end - span_start) * 2
            intervals = None
        for order, _target in items:
            _logger.warning(
                "No working time on calendar %s to place the SLA of %s",
                calendar.display_name,
                order.display_name,
            )
            order.update(
                dict.fromkeys(
                    [
                        "response_deadline",
                        "resolution_deadline",
                        "response_warning_date",
                        "resolution_warning_date",
                    ],
                    False,
                )
            )

    @api.model
    @tools.ormcache("calendar_id", "company_ids", "day", "max_hours")
    def _get_sla_work_intervals(self, calendar_id, company_ids, day, max_hours):
        """``(span_start, span_end, intervals)``: the work intervals of the
        calendar from the start of ``day`` (UTC) to ``max_hours`` working
        hours (and a margin) after its end, as ``_fetch_sla_work_intervals``
        returns them.

        Cached in the registry: a calendar's attendances and holidays change a
        few times a year, every order's create reads them. Any create, write
        or unlink of a calendar, an attendance or a holiday (a leave of no
        resource) clears the cache and signals the other workers. The span is
        whole days, so one entry serves every order of the day.
        """
        # sudo: hours_per_day only sizes the span (see _fetch_...)
        calendar = self.env["resource.calendar"].sudo().browse(calendar_id)
        span_start = pytz.utc.localize(datetime.combine(day, time.min))
        span_end = span_start + timedelta(
            days=1 + horizon_days(max_hours, calendar.hours_per_day)
        )
        intervals = self._fetch_sla_work_intervals(
            calendar_id, company_ids, span_start, span_end
        )
        return span_start, span_end, intervals

    @api.model
    def _fetch_sla_work_intervals(self, calendar_id, company_ids, start, end):
        """The calendar's work intervals between ``start`` and ``end`` (aware)
        as a tuple of ``(begin, end)`` aware UTC datetimes: attendances minus
        the holidays of ``company_ids`` (and the shared ones)."""
        # sudo and an empty context: the result is cached for every user and
        # request (no client's employee_timezone, no user's allowed companies:
        # the holidays are those of the orders' companies, as the leaves'
        # multi-company rule would let through); only working time comes out
        env = self.env(context={}, su=True)
        calendar = env["resource.calendar"].browse(calendar_id)
        holidays = [
            ("time_type", "=", "leave"),
            ("company_id", "in", [*company_ids, False]),
        ]
        utc = pytz.utc
        return tuple(
            (begin.astimezone(utc), stop.astimezone(utc))
            for begin, stop, _meta in calendar._work_intervals_batch(
                start, end, domain=holidays
            )[False]
        )

    @api.depends(
        "state",
        "response_deadline",
        "resolution_deadline",
        "response_warning_date",
        "resolution_warning_date",
        "date_started",
        "date_done",
    )
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for order in self:
            responded = order.date_started
            resolved = order.date_done
            breached = bool(
                order.response_deadline and (responded or now) > order.response_deadline
            ) or bool(
                order.resolution_deadline
                and (resolved or now) > order.resolution_deadline
            )
            if order.state == "cancelled":
                breached = False
            at_risk = (
                order.state in OPEN_STATES
                and not breached
                and bool(
                    (
                        not responded
                        and order.response_warning_date
                        and now >= order.response_warning_date
                    )
                    or (
                        not resolved
                        and order.resolution_warning_date
                        and now >= order.resolution_warning_date
                    )
                )
            )
            order.sla_breached = breached
            order.sla_at_risk = at_risk
            if not order.resolution_deadline or order.state == "cancelled":
                order.sla_status = "none"
            elif breached:
                order.sla_status = "breached"
            elif order.state == "done":
                order.sla_status = "met"
            elif at_risk:
                order.sla_status = "at_risk"
            else:
                order.sla_status = "on_track"

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_scheduled_start", "date_scheduled_end")
    def _check_schedule(self):
        for order in self:
            start, end = order.date_scheduled_start, order.date_scheduled_end
            if start and end and end <= start:
                raise ValidationError(
                    _(
                        "%(order)s: the scheduled end (%(end)s) must be after the "
                        "scheduled start (%(start)s).",
                        order=order.display_name,
                        end=format_datetime(self.env, end),
                        start=format_datetime(self.env, start),
                    )
                )

    @api.constrains("window_start", "window_end")
    def _check_window(self):
        for order in self:
            if (
                order.window_start
                and order.window_end
                and order.window_end <= order.window_start
            ):
                raise ValidationError(
                    _(
                        "%(order)s: the requested time window ends before it starts.",
                        order=order.display_name,
                    )
                )

    @api.constrains("duration")
    def _check_duration(self):
        for order in self:
            # written so that NaN fails too
            if not 0 <= order.duration <= MAX_ORDER_HOURS:
                raise ValidationError(
                    _(
                        "%(order)s: the duration cannot be negative or longer "
                        "than %(max)s hours.",
                        order=order.display_name,
                        max=int(MAX_ORDER_HOURS),
                    )
                )

    @api.constrains("technician_id", "crew_ids")
    def _check_technicians(self):
        employees = self.technician_id | self.crew_ids
        # employees may be private to HR; the flag is public (hr.employee.public)
        not_tech = employees.sudo().filtered(lambda e: not e.is_field_technician)
        if not_tech:
            # name only the employees the caller may see (hr.employee.public
            # carries the multi-company rule)
            public = self.env["hr.employee.public"].browse(not_tech.ids)
            raise ValidationError(
                _(
                    "%(names)s is not a field technician. Flag the employee as "
                    "field technician first.",
                    names=readable_names(public, _("an employee you cannot see")),
                )
            )
        for order in self:
            if order.technician_id and order.technician_id in order.crew_ids:
                public = self.env["hr.employee.public"].browse(order.technician_id.id)
                raise ValidationError(
                    _(
                        "%(order)s: %(tech)s is the lead technician and cannot be "
                        "in the crew as well.",
                        order=order.display_name,
                        tech=readable_names(public, _("an employee you cannot see")),
                    )
                )

    @api.constrains("partner_id", "site_id")
    def _check_site(self):
        for order in self:
            if (
                order.site_id
                and order.site_id.commercial_partner_id
                != order.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    _(
                        "%(order)s: the service site %(site)s is not an address of "
                        "the customer %(customer)s.",
                        order=order.display_name,
                        site=readable_names(order.site_id, _("(hidden)")),
                        customer=readable_names(order.partner_id, _("(hidden)")),
                    )
                )

    @api.constrains("callback_of_id")
    def _check_callback(self):
        for order in self:
            if order.callback_of_id and order.callback_of_id == order:
                raise ValidationError(_("An order cannot be a callback for itself."))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        lifecycle = is_lifecycle_write(self.env)
        if not lifecycle:
            self._check_guarded_defaults()
        if not lifecycle and any(
            vals.get("state", "new") != "new" for vals in vals_list
        ):
            raise UserError(
                _(
                    "A service order starts as New; use the Schedule, Dispatch, "
                    "Start and Complete buttons to move it on."
                )
            )
        self._check_employees_exist(vals_list)
        new = self.env._("New")
        to_name = [vals for vals in vals_list if vals.get("name", new) == new]
        for vals, name in zip(
            to_name,
            self._next_order_names(self._order_companies(to_name)),
            strict=True,
        ):
            vals["name"] = name
        types = self.env["service.order.type"].browse(
            {vals["order_type_id"] for vals in vals_list if vals.get("order_type_id")}
        )
        for vals in vals_list:
            if not lifecycle:
                # stamped by the server when the signature is given
                vals.pop("signed_on", None)
                self._check_lifecycle_stamps(vals)
            self._complete_create_values(vals, types)
        orders = super().create(vals_list)
        orders._flush_bookings()
        return orders

    def _create(self, data_list):
        records = super()._create(data_list)
        # an order created without lead, crew or bookings has no lead nor
        # crew: set them now rather than computing them from the bookings,
        # which the creation's tracking would do by first fetching the lead's
        # old value from the database (with every other column of the order)
        team = {"technician_id", "crew_ids", "assignment_ids"}
        blank = self.browse(
            record.id
            for record, data in zip(records, data_list, strict=True)
            if not team & (data["stored"].keys() | data.get("inversed", {}).keys())
        )
        if blank:
            cache = self.env.cache
            for fname in ("technician_id", "crew_ids"):
                field = self._fields[fname]
                # a line's compute may have read (so computed) them already
                missing = self.browse(cache.get_missing_ids(blank, field))
                cache.update(
                    missing,
                    field,
                    [field.convert_to_cache(False, missing)] * len(missing),
                )
                self.env.remove_to_compute(field, blank)
        return records

    def _creation_message(self):
        """The chatter's creation note: mail's reads the model's name from
        ``ir.model`` (one query per create); the same words, translated."""
        self.ensure_one()
        return self.env._("Service Order created")

    def _flush_bookings(self):
        """Write the pending bookings now, so that a double booking refused by
        the database is reported by the create or write that caused it
        (``service.order.assignment._flush``); no query when none is pending."""
        self.env["service.order.assignment"].flush_model()

    def _complete_create_values(self, vals, types):
        """Complete create values in place (duration, signature stamp).

        ``types`` holds every order type of the batch, so reading them costs one
        query for the whole batch. The checklist comes from the type through
        ``_compute_checklist_item_ids``.
        """
        self._derive_duration(vals)
        self._stamp_signature(vals)
        return vals

    @api.model
    def _check_employees_exist(self, vals_list):
        """Refuse unknown employee ids before the database does.

        Without it an unknown technician id surfaces as a foreign-key violation
        with a message about deleting records; one query for the whole batch.
        ``vals_list`` went through the input guard: ids are ints and x2many
        values are lists of command tuples.
        """
        ids = set()
        for vals in vals_list:
            if vals.get("technician_id"):
                ids.add(vals["technician_id"])
            for command in vals.get("crew_ids") or ():
                if command[0] == fields.Command.LINK:
                    ids.add(command[1])
                elif command[0] == fields.Command.SET:
                    ids.update(command[2])
        if not ids:
            return
        employees = self.env["hr.employee"].browse(ids)
        missing = employees - employees.exists()
        if missing:
            raise ValidationError(
                _(
                    "Unknown technician (employee id %(ids)s): it does not exist "
                    "or was deleted.",
                    ids=", ".join(str(i) for i in sorted(missing.ids)),
                )
            )

    @api.model
    def _derive_duration(self, vals):
        """Start and end given without a duration: the duration follows them."""
        if (
            vals.get("date_scheduled_start")
            and vals.get("date_scheduled_end")
            and "duration" not in vals
        ):
            start = fields.Datetime.to_datetime(vals["date_scheduled_start"])
            end = fields.Datetime.to_datetime(vals["date_scheduled_end"])
            if end > start:
                vals["duration"] = (end - start).total_seconds() / 3600.0

    @api.model
    def _stamp_signature(self, vals):
        """The server stamps the moment of the signature (and clears it with
        the signature); a client value of ``signed_on`` was dropped before."""
        if "signature" in vals:
            if vals["signature"]:
                self._check_signature_image(vals["signature"])
            vals["signed_on"] = fields.Datetime.now() if vals["signature"] else False

    @api.model
    def _check_signature_image(self, value):
        """A signature is a picture (PNG, JPEG...): not a text, an SVG or an
        HTML page that would pass for one."""
        try:
            raw = base64.b64decode(value, validate=False)
        except (ValueError, TypeError) as exc:
            raise ValidationError(_("The signature must be an image.")) from exc
        if raw.lstrip()[:1] == b"<":
            raise ValidationError(_("The signature must be an image, not a document."))
        try:
            base64_to_image(value)
        except UserError as exc:
            raise ValidationError(_("The signature must be an image.")) from exc

    def _get_technician_writable_fields(self):
        """Fields a technician without dispatcher rights may write (extension
        point: the mobile and stock addons add theirs)."""
        return set(TECHNICIAN_WRITABLE_FIELDS)

    def _check_technician_write(self, vals):
        if not is_field_user(self.env):
            return
        forbidden = set(vals) - self._get_technician_writable_fields()
        if forbidden:
            names = sorted(
                self._fields[fname].get_description(self.env)["string"]
                for fname in forbidden
                if fname in self._fields
            )
            raise AccessError(
                _(
                    "Technicians cannot change %(fields)s on a service order; ask "
                    "a dispatcher.",
                    fields=", ".join(names) or ", ".join(sorted(forbidden)),
                )
            )
        if "signed_by" in vals and "signature" not in vals:
            signed = self.filtered("signature")
            if signed:
                raise AccessError(
                    _(
                        "%(orders)s is signed already: the signer's name changes "
                        "only with a new signature.",
                        orders=", ".join(signed.mapped("name")),
                    )
                )

    @api.model
    def _check_guarded_defaults(self):
        """A context default (``default_state``, ``default_date_done``...) is
        client input too: it must not set what vals may not."""
        context = self.env.context
        guarded = [
            fname
            for fname in ("state", "signed_on", *LIFECYCLE_STAMPS)
            if context.get(f"default_{fname}") not in (None, False)
            and not (fname == "state" and context[f"default_{fname}"] == "new")
        ]
        if guarded:
            raise UserError(
                _(
                    "%(fields)s cannot be given as a default: the lifecycle sets them.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in guarded
                    ),
                )
            )

    @api.model
    def _check_lifecycle_stamps(self, vals):
        stamps = [fname for fname in LIFECYCLE_STAMPS if fname in vals]
        if stamps and not self.env.su:
            raise UserError(
                _(
                    "%(fields)s: recorded by the Schedule, Dispatch, Start and "
                    "Complete buttons, not written by hand.",
                    fields=", ".join(
                        self._fields[fname]._description_string(self.env)
                        for fname in stamps
                    ),
                )
            )

    def _check_orders_open(self):
        """Done and cancelled orders are read-only (order, lines, time log,
        checklist) for technicians; dispatchers can still correct them, and
        cancelled orders go back to New with Reset."""
        if not is_field_user(self.env):
            return
        closed = self.filtered(lambda order: order.state not in OPEN_STATES)
        if closed:
            raise UserError(
                _(
                    "%(orders)s is done or cancelled and can no longer be "
                    "changed; ask a dispatcher to correct it.",
                    orders=", ".join(closed.mapped("name")),
                )
            )

    def _check_dispatcher(self, action_label):
        """Planning moves (schedule, dispatch, cancel, reset) are the
        dispatchers' job; technicians only start and complete their orders."""
        if self.env.su or self.env.user.has_group(DISPATCHER_GROUP):
            return
        raise AccessError(
            _(
                "Only dispatchers can %(action)s service orders.",
                action=action_label,
            )
        )

    def write(self, vals):
        vals = clean_vals(self, vals)
        if not is_lifecycle_write(self.env):
            # stamped by the server when the signature changes
            vals.pop("signed_on", None)
            changes = {k: v for k, v in vals.items() if k != "state"}
            self._check_lifecycle_stamps(changes)
            self._check_technician_write(changes)
            if set(changes) - UNLOCKED_FIELDS:
                self._check_orders_open()
            if "state" in vals:
                # A kanban drag or an RPC write of the state: go through the
                # action of that transition, with all of its checks.
                target = vals.pop("state")
                result = self.write(vals) if vals else True
                self.filtered(lambda o: o.state != target)._action_for_state(target)
                return result
        self._check_employees_exist([vals])
        self._derive_duration(vals)
        self._stamp_signature(vals)
        if "date_scheduled_end" in vals and "duration" not in vals:
            result = super().write(vals)
            for order in self.filtered("date_scheduled_start"):
                hours = (
                    order.date_scheduled_end - order.date_scheduled_start
                ).total_seconds() / 3600.0
                if hours > 0 and abs(hours - order.duration) > 1e-6:
                    order.duration = hours
        else:
            result = super().write(vals)
        if BOOKING_FIELDS.intersection(vals):
            self._flush_bookings()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        started = self.filtered(lambda o: o.state in ("in_progress", "done"))
        if started:
            raise UserError(
                _(
                    "Orders that were started or completed cannot be deleted "
                    "(%(orders)s): cancel or archive them instead.",
                    orders=", ".join(started.mapped("name")),
                )
            )

    def _check_company(self, fnames=None):
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = [
                name
                for name, field in self._fields.items()
                if field.relational and field.check_company
            ]
        if "user_id" in fnames and all(
            order.company_id.id in order.user_id._get_company_ids()
            for order in self
            if order.user_id
        ):
            # the responsible's companies are cached per user (the generic
            # check reads the user's companies: three queries per create);
            # when one is wrong, the generic check gives Odoo's own message
            fnames = [name for name in fnames if name != "user_id"]
        fnames = [name for name in fnames if not self._company_consistent(name)]
        return check_company_quietly(self, super()._check_company, fnames)

    def _company_consistent(self, fname):
        """True when every value of ``fname`` belongs to no company or to its
        order's: Odoo's check (``company_id parent_of`` the order's company)
        would only confirm it, reading the companies' parents (a query per
        create). Other values, or a model with its own company domain, go
        through Odoo's check."""
        field = self._fields.get(fname)
        if not (field and field.relational and field.check_company):
            return False
        comodel = self.env[field.comodel_name]
        if (
            field.company_dependent
            or "company_id" not in comodel._fields
            or type(comodel)._check_company_domain
            is not models.BaseModel._check_company_domain
        ):
            return False
        # sudo: as Odoo's check, which reads the values' companies in sudo
        return all(
            not value.company_id or value.company_id == order.company_id
            for order in self
            for value in order.sudo()[fname]
        )

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        """For ``search_fetch`` (as ``web_search_read`` calls it): fetch the
        company with the page, as reading the records checks the
        multi-company rule on each of them, which would otherwise load the
        company (and every other column) in a query of its own; and leave the
        activities to ``web_read``, which reads those of the whole page in
        one query (the one2many's read costs two, and as the user one more).
        ``fetch`` (which ignores what is in the cache) fetches as asked."""
        if field_names and not (
            isinstance(field_names, (list, tuple, set, frozenset, KEYS_TYPE))
            and all(
                isinstance(name, str) and name in self._fields for name in field_names
            )
        ):
            raise UserError(
                self.env._(
                    "%(model)s: the fields to read must be a list of its field names.",
                    model=self._description,
                )
            )
        fields_to_fetch = super()._determine_fields_to_fetch(
            field_names, ignore_when_in_cache
        )
        if ignore_when_in_cache or not fields_to_fetch:
            return fields_to_fetch
        company = self._fields["company_id"]
        return [field for field in fields_to_fetch if field.name != "activity_ids"] + (
            [] if company in fields_to_fetch else [company]
        )

    @api.readonly
    def web_read(self, specification):
        check_read_specification(self, specification)
        activity_users = self._prefetch_activities(specification)
        self._prefetch_display_names(specification, activity_users)
        self._prefetch_related_columns(specification)
        self._prefetch_is_late(specification)
        return super().web_read(specification)

    def _prefetch_is_late(self, specification):
        """``is_late`` of the page (its list decoration, its cards' red date)
        from the state and scheduled end fetched with the page, in one pass,
        as its compute would, order by order."""
        field = self._fields["is_late"]
        if (
            "is_late" not in specification
            or not self
            or not all(isinstance(id_, int) for id_ in self._ids)
        ):
            return
        cache = self.env.cache
        missing = self.browse(cache.get_missing_ids(self, field))
        end_field = self._fields["date_scheduled_end"]
        if not missing or self.env.records_to_compute(end_field):
            return
        states = cache.get_until_miss(missing, self._fields["state"])
        ends = cache.get_until_miss(missing, end_field)
        if len(states) != len(missing._ids) or len(ends) != len(missing._ids):
            return
        now = fields.Datetime.now()
        cache.update(
            missing,
            field,
            [
                _is_late(state, end, now)
                for state, end in zip(states, ends, strict=True)
            ],
        )

    def _read_format(self, fnames, load="_classic_read"):
        """Format the page's plain values straight from the cache.

        The ORM formats a read cell by cell (a field access, with its
        recordset conversions, then the read conversion, per record and per
        field): on the list (80 rows, some forty columns with the addons')
        that is most of the read's time. For the fields of simple types whose
        values are all in the cache (fetched with the page, or set by the
        prefetches above) and none pending a recomputation, the values are
        converted as those conversions would, column by column; every other
        field (relational with names, translated, HTML, binary, not yet
        cached, company-dependent...) goes through the ORM as before."""
        if not self or not all(isinstance(id_, int) for id_ in self._ids):
            return super()._read_format(fnames, load=load)
        records = self
        if _ACTIVITY_WIDGET_FIELDS.intersection(fnames):
            records = self._existing_for_read(fnames)
        return records._read_format_from_cache(fnames, load)

    def _read_format_from_cache(self, fnames, load):
        """``_read_format`` of existing records with integer ids."""
        use_display_name = load == "_classic_read"
        if len(self) < 2:
            return super()._read_format(fnames, load=load)
        cache = self.env.cache
        fast = {}
        slow = []
        for name in fnames:
            field = self._fields[name]
            if field.type in ("one2many", "many2many"):
                values = self._read_x2many_from_cache(field)
                if values is None:
                    slow.append(name)
                else:
                    fast[name] = values
                continue
            convert = _FAST_READ_CONVERT.get(field.type)
            if (
                convert is None
                or field.translate
                or field.company_dependent
                or (field.type == "many2one" and use_display_name)
                or (
                    field.compute and field.store and self.env.records_to_compute(field)
                )
            ):
                slow.append(name)
                continue
            values = cache.get_until_miss(self, field)
            if len(values) != len(self._ids):
                slow.append(name)
                continue
            fast[name] = [convert(value) for value in values]
        if not fast:
            return super()._read_format(fnames, load=load)
        result = super()._read_format(slow, load=load)
        if len(result) != len(self._ids):
            # a record gone (MissingError on a slow field): as the ORM does
            return super()._read_format(fnames, load=load)
        for index, vals in enumerate(result):
            for name, values in fast.items():
                vals[name] = values[index]
        return result

    def _existing_for_read(self, fnames):
        """``self`` without the records that do not exist (any more).

        ``web_read``'s activity prefetch sets its fields' values for every id
        of the page: a missing id, which the ORM's read leaves out (its
        values cannot be fetched nor computed), would be read from there. The
        records whose company is in the cache were fetched (the page's
        columns, the company with them): no query for a page; else one."""
        unknown = self.browse(
            self.env.cache.get_missing_ids(self, self._fields["company_id"])
        )
        if not unknown:
            return self
        gone = set(unknown._ids) - set(unknown.exists()._ids)
        if not gone:
            return self
        # what the prefetch set for them is no value of a record
        self.browse(gone).invalidate_recordset(
            [fname for fname in fnames if fname in _ACTIVITY_WIDGET_FIELDS]
        )
        return self.browse([id_ for id_ in self._ids if id_ not in gone])

    def _read_x2many_from_cache(self, field):
        """The read values (lists of ids) of the x2many ``field`` of
        ``self`` from the cache, as its field access then ``.ids`` would
        (without the comodel's archived records when the context tests
        them), or None when a value or an ``active`` flag is not cached."""
        cache = self.env.cache
        if field.company_dependent or (
            field.compute and field.store and self.env.records_to_compute(field)
        ):
            return None
        values = cache.get_until_miss(self, field)
        if len(values) != len(self._ids):
            return None
        Comodel = self.env[field.comodel_name]
        active_name = Comodel._active_name
        if not (
            active_name
            and field.context.get(
                "active_test", self.env.context.get("active_test", True)
            )
        ):
            return [list(ids) for ids in values]
        corecords = Comodel.browse({id_ for ids in values for id_ in ids})
        active_field = Comodel._fields[active_name]
        active = cache.get_until_miss(corecords, active_field)
        if len(active) != len(corecords._ids):
            return None
        active_of = dict(zip(corecords._ids, active, strict=True))
        return [[id_ for id_ in ids if active_of[id_]] for ids in values]

    def _prefetch_activities(self, specification):
        """The activity widgets' fields (``activity_ids``, the state, the
        exception decoration and icon, the first activity's type, icon and
        summary): read the open activities of every order of the page in one
        query and set the values mail's computes would, without loading the
        activities as records (mail computes them order by order, and each
        activity's state in its user's time zone, record by record). Returns
        the users whose partners ``_prefetch_display_names`` should batch
        (none: the query reads the time zones itself)."""
        Users = self.env["res.users"]
        field = self._fields.get("activity_ids")
        if (
            not self
            or "activity_ids" not in specification
            or not field
            or not field.is_accessible(self.env)
            or not all(isinstance(id_, int) for id_ in self._ids)
        ):
            return Users
        rows, active, type_names = self._read_activity_rows()
        Activity = self.env["mail.activity"]
        cache = self.env.cache
        # reading activity_ids keeps its active records (when the context
        # tests it): they are known, set it rather than fetch the activities
        # (every column, after an access check query)
        activities = Activity.browse(row.id for row in rows)
        active_field = Activity._fields["active"]
        missing = activities.browse(cache.get_missing_ids(activities, active_field))
        cache.update(missing, active_field, [active[id_] for id_ in missing._ids])
        # the type's display name (its name): known too, rather than fetched
        types = self.env["mail.activity.type"].browse(type_names)
        name_field = types._fields["name"]
        missing = types.browse(cache.get_missing_ids(types, name_field))
        cache.update(missing, name_field, [type_names[id_] for id_ in missing._ids])
        values = widget_values(rows, Activity._compute_state_from_date)
        self._set_activity_widget_cache(specification, values)
        return Users

    def _read_activity_rows(self):
        """The activities of ``self`` the user's own search of mail.activity
        gives, as ``ActivityRow`` items in mail.activity's order, in one
        query (with their types and their users' time zones), the
        activities' ``active`` by id and their types' names by id."""
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        Activity.flush_model(
            [
                "res_model",
                "res_id",
                "date_deadline",
                "active",
                "user_id",
                "activity_type_id",
                "summary",
            ]
        )
        self.env["mail.activity.type"].flush_model(["decoration_type", "icon"])
        self.env["res.partner"].flush_model(["tz"])
        # sudo: the rows are then filtered as mail.activity's own _search
        # does for the user (below); active ones unless the context asks for
        # all, as the one2many's read; only the columns the widgets show
        query = Activity.sudo()._search(domain, order="date_deadline, id")
        table = query.table
        # the activity's state reads its user's time zone: the user's
        # partner's (res.users.tz is related to it)
        user = query.left_join(table, "user_id", "res_users", "id", "user_id")
        partner = query.left_join(user, "partner_id", "res_partner", "id", "partner_id")
        act_type = query.left_join(
            table, "activity_type_id", "mail_activity_type", "id", "activity_type_id"
        )
        rows = self.env.execute_query(
            query.select(
                *(
                    SQL.identifier(alias, column)
                    for alias, column in (
                        (table, "id"),
                        (table, "res_id"),
                        (table, "date_deadline"),
                        (table, "active"),
                        (partner, "tz"),
                        (table, "activity_type_id"),
                        (act_type, "decoration_type"),
                        (act_type, "icon"),
                        (table, "summary"),
                        (table, "user_id"),
                    )
                ),
                # the type's name, as the ORM reads it in the user's language
                SQL(
                    "COALESCE(%s->>%s, %s->>'en_US')",
                    SQL.identifier(act_type, "name"),
                    self.env.lang or "en_US",
                    SQL.identifier(act_type, "name"),
                ),
            )
        )
        if not self.env.su:
            # as mail.activity's _search: the user sees the activities
            # assigned to them, and the others of the documents they may post
            # on (_mail_post_access)
            uid = self.env.uid
            others = self.browse({row[1] for row in rows if row[9] != uid})
            if others:
                allowed = set(others._filtered_access(self._mail_post_access)._ids)
                rows = [row for row in rows if row[9] == uid or row[1] in allowed]
        active_of = {row[0]: row[3] for row in rows}
        type_names = {row[5]: row[10] for row in rows if row[5]}
        return (
            [
                ActivityRow(
                    id=id_,
                    res_id=res_id,
                    # mail: an archived (done) activity's state is "done", which
                    # counts for no widget state
                    date_deadline=deadline if active else None,
                    tz=tz,
                    type_id=type_id,
                    decoration_type=decoration,
                    type_icon=icon,
                    summary=summary,
                )
                for (
                    id_,
                    res_id,
                    deadline,
                    active,
                    tz,
                    type_id,
                    decoration,
                    icon,
                    summary,
                ) in (row[:9] for row in rows)
            ],
            active_of,
            type_names,
        )

    def _set_activity_widget_cache(self, specification, values):
        """Put ``values`` (``widget_values``' result) in the cache of the
        widget fields of ``specification`` the user may read, for the orders
        whose value is not there yet (``_ACTIVITY_WIDGET_FIELDS``)."""
        cache = self.env.cache
        getters = {
            "activity_ids": lambda v: v.activity_ids if v else (),
            "activity_state": lambda v: v.state if v else False,
            "activity_exception_decoration": lambda v: (
                v.exception_decoration if v else False
            ),
            "activity_exception_icon": lambda v: v.exception_icon if v else False,
            "activity_type_id": lambda v: v.first.type_id if v else False,
            "activity_type_icon": lambda v: v.first.type_icon if v else False,
            "activity_summary": lambda v: v.first.summary if v else False,
        }
        accessible = {}
        for fname, getter in getters.items():
            field = self._fields.get(fname)
            if fname != "activity_ids" and fname not in specification:
                continue
            if not field:
                continue
            # (the group check, once per distinct groups of these fields)
            if field.groups not in accessible:
                accessible[field.groups] = field.is_accessible(self.env)
            if not accessible[field.groups]:
                continue
            missing = self.browse(cache.get_missing_ids(self, field))
            found = [getter(values.get(id_)) for id_ in missing._ids]
            if field.type != "one2many":
                # the cache format of these values (read from their columns,
                # valid): the value, None for none (a one2many's is the tuple
                # of ids already)
                found = [value or None for value in found]
            cache.update(missing, field, found)

    def _prefetch_display_names(self, specification, users=None):
        """Compute the display names of the many2one values in one go per
        model, reading only the columns those names depend on (``web_read``
        computes them field by field, and fetching a record for its name
        reads every column: a hundred on an employee). ``users`` (the
        activities') have their partners read in the same batch."""
        if not self or not all(isinstance(id_, int) for id_ in self._ids):
            return
        by_model = defaultdict(list)
        for fname, spec in specification.items():
            field = self._fields.get(fname)
            if (
                field
                and field.type == "many2one"
                and field.store
                and "display_name" in ((spec or {}).get("fields") or {})
            ):
                by_model[field.comodel_name].append(fname)
        if not by_model:
            return
        # a user's name is its partner's (the responsible's; an activity's
        # state reads the time zone of its user's partner): in the same batch
        user_fnames = by_model.get("res.users", []) if "res.partner" in by_model else []
        # read() fetches these fields anyway
        self.fetch([fname for fnames in by_model.values() for fname in fnames])
        for model, fnames in by_model.items():
            ids = {id_ for fname in fnames for id_ in self[fname]._ids}
            if model == "res.partner" and user_fnames:
                # sudo: as below, only the users' partners, for their names
                users = (
                    self.env["res.users"]
                    .sudo()
                    .browse(
                        {id_ for fname in user_fnames for id_ in self[fname]._ids}
                        | set((users or self.env["res.users"])._ids)
                    )
                )
                ids.update(users.partner_id._ids)
            if not ids:
                continue
            # sudo: web_read computes the display names of many2one values in
            # sudo as well; nothing more is read nor returned
            records = self.env[model].sudo().browse(ids)
            records.fetch(self._display_name_columns(records))
            records.mapped("display_name")

    def _prefetch_related_columns(self, specification):
        """Non-stored fields related to a column of a many2one value (as the
        addons' ``commercial_partner_id``): fetch those columns only, in one
        query per model (computing the first related field would fetch every
        column of the values: some seventy on a partner), then set the
        related values from them, as the related compute would, record by
        record, for the types whose cache value is the column's own."""
        if not self or not all(isinstance(id_, int) for id_ in self._ids):
            return
        by_model = defaultdict(lambda: (set(), set()))
        related = []
        for fname in specification:
            field = self._fields.get(fname)
            if not field or field.store or not field.related:
                continue
            path = field.related.split(".")
            first = self._fields.get(path[0])
            if len(path) != 2 or not first or first.type != "many2one":
                continue
            if not first.store:
                continue
            target = self.env[first.comodel_name]._fields.get(path[1])
            if not target or not target.store or not target.column_type:
                continue
            ids, fnames = by_model[first.comodel_name]
            ids.update(self[path[0]]._ids)
            fnames.add(path[1])
            if (
                field.type == target.type
                and field.type in _RELATED_AS_CACHED
                and not field.translate
                and not target.translate
                and not target.company_dependent
            ):
                related.append((field, first, target))
        for model, (ids, fnames) in by_model.items():
            # sudo: as the related fields compute (compute_sudo); only the
            # columns they read are fetched, nothing is returned here
            self.env[model].sudo().browse(ids).fetch(list(fnames))
        cache = self.env.cache
        for field, first, target in related:
            if not field.compute_sudo:
                continue
            missing = self.browse(cache.get_missing_ids(self, field))
            values = cache.get_until_miss(missing, first)
            targets = self.env[first.comodel_name].browse(
                {id_ for id_ in values if id_}
            )
            if len(values) != len(missing) or any(
                cache.get_missing_ids(targets, target)
            ):
                continue
            # (sudo, as the compute: the values read as superuser)
            target_values = dict(
                zip(
                    targets._ids,
                    cache.get_until_miss(targets.sudo(), target),
                    strict=True,
                )
            )
            cache.update(missing, field, [target_values.get(id_) for id_ in values])

    @api.model
    def _display_name_columns(self, records):
        """The stored fields of ``records``' model that its display name
        depends on (the first step of each dependency)."""
        field = records._fields["display_name"]
        names = {
            path.split(".")[0] for path in records.pool.field_depends.get(field, ())
        }
        return [
            name
            for name in names
            if name in records._fields and records._fields[name].store
        ]

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Fold the Done and Cancelled columns of the kanban: the state is a
        selection, whose groups carry no fold information of their own."""
        clean_field_names(self, fields)
        groupby = clean_field_names(self, groupby)
        if not isinstance(domain, (list, tuple)):
            raise UserError(_("The filter of a grouping must be a list."))
        try:
            result = super().read_group(
                domain,
                fields,
                groupby,
                offset=offset,
                limit=limit,
                orderby=orderby,
                lazy=lazy,
            )
        except ValueError as exc:
            # unknown field names, aggregates or intervals a client sent
            raise UserError(str(exc)) from exc
        if groupby and groupby[0] == "state":
            for group in result:
                group["__fold"] = group.get("state") in FOLDED_STATES
        return result

    @api.model
    def _order_companies(self, vals_list):
        """The company id each of ``vals_list`` will be created in: its own
        ``company_id``, else the field's default (the context's, else the
        current company)."""
        company_id = self.env.company.id
        if not all(vals.get("company_id") for vals in vals_list):
            default = self.default_get(["company_id"]).get("company_id")
            # a default the client made up is the ORM's to refuse at the
            # insert; the name is then drawn (and rolled back) as before
            if isinstance(default, int) and not isinstance(default, bool):
                company_id = default
        return [vals.get("company_id") or company_id for vals in vals_list]

    @api.model
    def _next_order_names(self, company_ids):
        """One reference for each company id of ``company_ids`` (in order),
        from that company's sequence (its own, else the shared one), as
        ``next_by_code`` in that company: one query per sequence of the
        batch (standard sequences), whatever the number of orders."""
        if not company_ids:
            return []
        # the context is the client's: a time zone it made up dates the
        # prefix in UTC (as ir.sequence does for no time zone), and it may
        # not choose the reference's date (ir_sequence_date, ..._range): the
        # sequence's code only gets the language and the time zone.
        # sudo: users do not have (and need not have) access to ir.sequence;
        # only the orders' sequences are drawn from
        tz = self.env.context.get("tz")
        known = isinstance(tz, str) and tz in pytz.all_timezones_set
        context = {"tz": tz if known else "UTC"}
        if self.env.context.get("lang"):
            context["lang"] = self.env.context["lang"]
        Sequence = self.env(context=context, su=True)["ir.sequence"]
        by_sequence = defaultdict(list)
        for index, company_id in enumerate(company_ids):
            data = self._get_order_sequence_data(company_id)
            if not data:
                raise UserError(
                    _(
                        "The sequence of service orders (code 'service.order') "
                        "is missing."
                    )
                )
            by_sequence[data].append(index)
        names = [None] * len(company_ids)
        for data, indexes in by_sequence.items():
            sequence_id, standard, prefix, suffix, padding, name = data
            if not standard:
                sequence = Sequence.browse(sequence_id)
                for index in indexes:
                    names[index] = sequence._next()
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s)",
                    "ir_sequence_%03d" % sequence_id,
                    len(indexes),
                )
            )
            numbers = sorted(row[0] for row in self.env.cr.fetchall())
            # ir.sequence.get_next_char() interpolates the prefix for every
            # number: do it once for the sequence's orders, then format the
            # numbers the same way. The sequence's own code does it, on a
            # record that holds the cached values (no query)
            prefix, suffix = Sequence.new(
                {"name": name, "prefix": prefix, "suffix": suffix}
            )._get_prefix_suffix()
            number_format = f"%0{padding}d"
            for index, number in zip(indexes, numbers, strict=True):
                names[index] = f"{prefix}{number_format % number}{suffix}"
        return names

    @api.model
    @tools.ormcache("company_id")
    def _get_order_sequence_data(self, company_id):
        """``(id, standard, prefix, suffix, padding, name)`` of the orders'
        sequence of ``company_id`` (its own, else the shared one), or None.

        Cached in the registry: every create draws its references from it;
        a create, write or unlink of a sequence of code ``service.order``
        clears the cache and signals the other workers (``ir.sequence``).
        """
        # sudo and an empty context: reading the sequence's prefix/padding is
        # harmless and the result is shared by every user and request of the
        # worker; users do not have (and need not have) read access on
        # ir.sequence
        env = self.env(context={}, su=True)
        sequence = env["ir.sequence"].search_fetch(
            [
                ("code", "=", ORDER_SEQUENCE_CODE),
                ("company_id", "in", [company_id, False]),
            ],
            ["implementation", "use_date_range", "prefix", "suffix", "padding", "name"],
            order="company_id",
            limit=1,
        )
        if not sequence:
            return None
        return (
            sequence.id,
            sequence.implementation == "standard" and not sequence.use_date_range,
            sequence.prefix,
            sequence.suffix,
            sequence.padding,
            sequence.name,
        )

    # ------------------------------------------------------------------
    # Lifecycle: the action methods are the only way the state moves
    # ------------------------------------------------------------------
    def _action_for_state(self, target):
        actions = {
            "new": self.action_reset_to_new,
            "scheduled": self.action_schedule,
            "dispatched": self.action_dispatch,
            "in_progress": self.action_start,
            "done": self.action_complete,
            "cancelled": self.action_cancel,
        }
        if target not in actions:
            raise UserError(_("Unknown state %(state)s.", state=target))
        return actions[target]()

    def _raise_transition_errors(self, errors):
        if errors:
            raise UserError("\n".join(errors))

    def _check_state_in(self, allowed, action_label):
        labels = dict(self._fields["state"]._description_selection(self.env))
        errors = []
        for order in self:
            if order.state not in allowed:
                errors.append(
                    _(
                        "%(order)s cannot be %(action)s: it is %(state)s.",
                        order=order.name,
                        action=action_label,
                        state=labels[order.state],
                    )
                )
        return errors

    def _check_planning(self):
        errors = []
        for order in self:
            if not order.technician_id:
                errors.append(_("%(order)s has no lead technician.", order=order.name))
            if not order.date_scheduled_start or not order.date_scheduled_end:
                errors.append(
                    _("%(order)s has no scheduled start and end.", order=order.name)
                )
            elif order.date_scheduled_end <= order.date_scheduled_start:
                errors.append(_("%(order)s ends before it starts.", order=order.name))
        return errors

    def _prepare_state_values(self, state):
        return dict(
            super()._prepare_state_values(state),
            date_state_changed=fields.Datetime.now(),
        )

    def action_schedule(self):
        self._check_dispatcher(_("schedule"))
        errors = self._check_state_in(("new",), _("scheduled"))
        errors += self._check_planning()
        self._raise_transition_errors(errors)
        self._set_state("scheduled")
        return True

    def action_dispatch(self):
        self._check_dispatcher(_("dispatch"))
        errors = self._check_state_in(("scheduled",), _("dispatched"))
        errors += self._check_planning()
        self._raise_transition_errors(errors)
        self._set_state("dispatched", {"date_dispatched": fields.Datetime.now()})
        return True

    def action_start(self):
        errors = self._check_state_in(("dispatched",), _("started"))
        errors += self._check_planning()
        self._raise_transition_errors(errors)
        now = fields.Datetime.now()
        self._set_state("in_progress", {"date_started": now})
        # the lifecycle opens the crew's logs too (a technician writes only
        # his own otherwise)
        self.env["service.order.timelog"].with_context(
            **self._state_write_context()
        ).create(self._prepare_start_timelog_values(now))
        return True

    def _prepare_start_timelog_values(self, now):
        return [
            {
                "order_id": order.id,
                "employee_id": employee.id,
                "kind": "work",
                "date_start": now,
            }
            for order in self
            for employee in order.assignment_ids.employee_id
        ]

    def action_complete(self):
        errors = self._check_state_in(("in_progress",), _("completed"))
        errors += self._check_completion()
        self._raise_transition_errors(errors)
        now = fields.Datetime.now()
        open_logs = self.timelog_ids.filtered(lambda log: not log.date_end)
        open_logs.with_context(**self._state_write_context()).write({"date_end": now})
        self._set_state("done", {"date_done": now})
        return True

    def _check_completion(self):
        """Errors that keep orders from being completed (extension point)."""
        errors = []
        for order in self:
            undone = order.checklist_item_ids.filtered(
                lambda item: item.required and not item.is_done
            )
            if undone:
                errors.append(
                    _(
                        "%(order)s has unfinished required checklist items: %(items)s.",
                        order=order.name,
                        items=", ".join(undone.mapped("name")),
                    )
                )
            if order.order_type_id.requires_signature and not order.signature:
                errors.append(
                    _(
                        "%(order)s needs the customer's signature before it can be "
                        "completed.",
                        order=order.name,
                    )
                )
        return errors

    def action_cancel(self):
        self._check_dispatcher(_("cancel"))
        errors = self._check_state_in(OPEN_STATES, _("cancelled"))
        self._raise_transition_errors(errors)
        open_logs = self.timelog_ids.filtered(lambda log: not log.date_end)
        open_logs.with_context(**self._state_write_context()).write(
            {"date_end": fields.Datetime.now()}
        )
        self._set_state("cancelled")
        return True

    def action_reset_to_new(self):
        self._check_dispatcher(_("reset"))
        errors = self._check_state_in(
            ("scheduled", "dispatched", "cancelled"), _("reset to new")
        )
        self._raise_transition_errors(errors)
        self._set_state("new", {"date_dispatched": False})
        return True

    def action_reopen(self):
        """A completed order goes back to In Progress, to correct what was
        recorded (dispatchers). Addons undo what completion did in
        ``_prepare_reopen()`` (e.g. service_stock returns the parts)."""
        self._check_dispatcher(_("reopen"))
        errors = self._check_state_in(("done",), _("reopened"))
        self._raise_transition_errors(errors)
        self._prepare_reopen()
        self._set_state("in_progress", {"date_done": False})
        return True

    def _prepare_reopen(self):
        """Undo what the completion of ``self`` did, before the orders leave
        Done (extension point)."""

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    @api.model
    def _get_orders_action(self, domain, context=None):
        """The orders window action restricted to ``domain`` (smart buttons of
        this and other addons)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_order.service_order_action"
        )
        action["domain"] = domain
        action["context"] = context or {}
        return action

    def action_view_callbacks(self):
        ensure_one(self)
        return self._get_orders_action(
            [("callback_of_id", "=", self.id)],
            {
                "default_callback_of_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_site_id": self.site_id.id,
            },
        )

    def action_view_photos(self):
        ensure_one(self)
        return {
            "type": "ir.actions.act_window",
            "name": _("Photos"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("mimetype", "=like", "image/%"),
            ],
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    def action_create_callback(self):
        """Open a new order that is a callback for this one."""
        ensure_one(self)
        callback_type = self.env["service.order.type"].search(
            [
                ("is_callback", "=", True),
                ("company_id", "in", [self.company_id.id, False]),
            ],
            limit=1,
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Callback"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_callback_of_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_site_id": self.site_id.id,
                "default_order_type_id": (callback_type or self.order_type_id).id,
                "default_required_skill_ids": self.required_skill_ids.ids,
                "default_technician_id": self.technician_id.id,
            },
        }

    # ------------------------------------------------------------------
    # Watchdog (scheduled action)
    # ------------------------------------------------------------------
    @api.model
    def _cron_watchdog(self):
        """Refresh SLA flags, then raise one activity per order at risk or
        breached, and per order stuck in a state for too long.

        Idempotent: an order that already has an open activity of that kind gets
        no second one, so running it twice (or after a crash) adds nothing.
        """
        self._refresh_sla_status()
        risky = self.search_fetch(
            [
                ("state", "in", OPEN_STATES),
                "|",
                ("sla_at_risk", "=", True),
                ("sla_breached", "=", True),
            ],
            self._get_watchdog_fields(),
        )
        risk_type = self.env.ref("service_order.mail_activity_type_sla_risk")
        self._create_watchdog_activities(risky, risk_type)
        stuck = self._search_stuck_orders()
        limbo_type = self.env.ref("service_order.mail_activity_type_limbo")
        self._create_watchdog_activities(stuck, limbo_type)
        return True

    @api.model
    def _refresh_sla_status(self):
        """Recompute the SLA flags of open orders whose warning point passed."""
        now = fields.Datetime.now()
        orders = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("sla_breached", "=", False),
                "|",
                ("response_warning_date", "<=", now),
                ("resolution_warning_date", "<=", now),
            ]
        )
        if orders:
            fnames = ["sla_at_risk", "sla_breached", "sla_status"]
            for fname in fnames:
                self.env.add_to_compute(self._fields[fname], orders)
            orders.flush_recordset(fnames)
        return orders

    @api.model
    def _get_stuck_domain(self, company, now):
        """Orders of ``company`` that sit in their state for too long.

        New: not planned after the limbo time; scheduled or dispatched: their
        planned start passed the limbo time ago; in progress: started that long
        ago.
        """
        limit = now - timedelta(hours=company.service_limbo_hours)
        return [
            ("company_id", "=", company.id),
            "|",
            "|",
            "&",
            ("state", "=", "new"),
            ("date_state_changed", "<=", limit),
            "&",
            ("state", "in", ("scheduled", "dispatched")),
            ("date_scheduled_start", "<=", limit),
            "&",
            ("state", "=", "in_progress"),
            ("date_state_changed", "<=", limit),
        ]

    @api.model
    def _search_stuck_orders(self):
        now = fields.Datetime.now()
        companies = self.env["res.company"].search([("service_limbo_hours", ">", 0)])
        if not companies:
            return self.browse()
        # one search for every company (not one per company)
        return self.search_fetch(
            Domain_OR([self._get_stuck_domain(company, now) for company in companies]),
            self._get_watchdog_fields(),
        )

    @api.model
    def _get_watchdog_fields(self):
        """The fields the watchdog's summaries and users read: fetched with
        the search (else one query per 1,000 orders)."""
        return [
            "name",
            "state",
            "sla_breached",
            "date_state_changed",
            "user_id",
            "create_uid",
        ]

    def _get_watchdog_user(self):
        self.ensure_one()
        return self.user_id or self.create_uid

    def _create_watchdog_activities(self, orders, activity_type):
        """One activity of ``activity_type`` per order of ``orders`` that has
        none open yet, assigned to the order's watchdog user."""
        Activity = self.env["mail.activity"]
        if not orders:
            return Activity
        existing = Activity._read_group(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", orders.ids),
                ("activity_type_id", "=", activity_type.id),
            ],
            ["res_id"],
        )
        has_one = {res_id for (res_id,) in existing}
        orders = orders.filtered(lambda order: order.id not in has_one)
        if not orders:
            return Activity
        return self._insert_watchdog_activities(
            orders,
            activity_type,
            [order._get_watchdog_summary(activity_type) for order in orders],
            [order._get_watchdog_user() for order in orders],
        )

    def _insert_watchdog_activities(self, orders, activity_type, summaries, users):
        """Insert the activities of ``orders`` (one each, due today, for the
        user of the same rank in ``users``) and subscribe their users to the
        orders, as ``mail.activity.create`` does, in three queries whatever
        the number of orders (the ORM inserts 100 rows per query, and mail
        subscribes the followers user by user).

        As mail's create with ``mail_activity_quick_update``: no e-mail per
        activity from a batch job, the activities show in each user's
        activity menu (one bus notification per user). Only for the
        watchdog (a scheduled action): no access check, the values are the
        watchdog's own."""
        self.env.flush_all()
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        all_users = self.env["res.users"].union(*users)
        # sudo: the time zones and partners of the activities' users, as mail
        # reads them to create and subscribe (its create reads them in sudo
        # too for partners the caller cannot read)
        all_users = all_users.sudo()
        tz_of = {user.id: user.tz or None for user in all_users}
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO mail_activity
                       (res_model_id, res_model, res_id, res_name,
                        activity_type_id, summary, user_id, user_tz,
                        date_deadline, automated, active,
                        create_uid, create_date, write_uid, write_date)
                SELECT %(model_id)s, %(model)s, r.res_id, r.res_name,
                       %(type_id)s, r.summary, r.user_id, r.user_tz,
                       %(today)s, false, true,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(res_ids)s::int[], %(names)s::varchar[],
                              %(summaries)s::varchar[], %(user_ids)s::int[],
                              %(tzs)s::varchar[])
                       AS r(res_id, res_name, summary, user_id, user_tz)
             RETURNING id
                """,
                model_id=self.env["ir.model"]._get_id(self._name),
                model=self._name,
                type_id=activity_type.id,
                today=today,
                uid=self.env.uid,
                now=now,
                res_ids=orders.ids,
                names=[order.display_name for order in orders],
                summaries=list(summaries),
                user_ids=[user.id for user in users],
                tzs=[tz_of[user.id] for user in users],
            )
        )
        self._subscribe_watchdog_users(orders, users, all_users)
        self.env.invalidate_all()
        all_users._bus_send("mail.activity/updated", {"activity_created": True})
        return self.env["mail.activity"].browse(id_ for (id_,) in rows)

    def _subscribe_watchdog_users(self, orders, users, all_users):
        """Make each activity's user a follower of its order (unless already),
        with mail's default subtypes (the external ones for portal users)."""
        partner_of = {user.id: user.partner_id.id for user in all_users}
        pairs = {
            (order.id, partner_of[user.id])
            for order, user in zip(orders, users, strict=True)
        }
        if not pairs:
            return
        followers = self.env.execute_query(
            SQL(
                """
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT %(model)s, r.res_id, r.partner_id
                  FROM unnest(%(res_ids)s::int[], %(partner_ids)s::int[])
                       AS r(res_id, partner_id)
                    ON CONFLICT (res_model, res_id, partner_id) DO NOTHING
             RETURNING id, partner_id
                """,
                model=self._name,
                res_ids=[res_id for res_id, _partner in pairs],
                partner_ids=[partner for _res_id, partner in pairs],
            )
        )
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        shared = {user.partner_id.id for user in all_users if user.share}
        links = [
            (follower_id, subtype_id)
            for follower_id, partner_id in followers
            for subtype_id in (external if partner_id in shared else default).ids
        ]
        if links:
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO mail_followers_mail_message_subtype_rel
                           (mail_followers_id, mail_message_subtype_id)
                    SELECT * FROM unnest(%s::int[], %s::int[])
                        ON CONFLICT DO NOTHING
                    """,
                    [follower for follower, _subtype in links],
                    [subtype for _follower, subtype in links],
                )
            )

    def _get_watchdog_summary(self, activity_type):
        self.ensure_one()
        # the xmlid lookup is cached: no query per order (env.ref() checks that
        # the record exists, one SELECT per call)
        risk_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "service_order.mail_activity_type_sla_risk"
        )
        if activity_type.id == risk_type_id:
            if self.sla_breached:
                return _("SLA breached on %(order)s", order=self.name)
            return _("SLA at risk on %(order)s", order=self.name)
        labels = dict(self._fields["state"]._description_selection(self.env))
        return _(
            "%(order)s has been %(state)s since %(date)s",
            order=self.name,
            state=labels[self.state],
            date=format_datetime(self.env, self.date_state_changed),
        )

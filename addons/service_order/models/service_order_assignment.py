"""Bookings: one record per technician per order, guarded by the database.

No double booking is a PostgreSQL exclusion constraint over (technician, time
range) of the blocking bookings, so it holds on every path and across
concurrent transactions without any row lock. Its violation (and the one of
the uniqueness constraints) is turned into one clear ValidationError wherever
the bookings are written (``_flush``, ``create``).
"""

import logging

import psycopg2.errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_datetime

from ..tools.input_guard import clean_vals
from .service_order import (
    OPEN_STATES,
    TEAM_SYNC_CTX,
    TEAM_SYNC_TOKEN,
    readable_names,
)

_logger = logging.getLogger(__name__)

ROLES = [("lead", "Lead"), ("crew", "Crew")]
# an order in these states has a lead technician (the lifecycle checked it)
PLANNED_STATES = ("scheduled", "dispatched", "in_progress")
# the fields whose flush may violate a constraint of the table
GUARDED_FIELDS = ("employee_id", "role", "date_start", "date_end", "is_blocking")
EXCLUSION = "service_order_assignment_no_double_booking"
LEAD_INDEX = "service_order_assignment_one_lead_idx"
UNIQUE = "service_order_assignment_employee_order_uniq"
CONFLICT_LIMIT = 20


class ServiceOrderAssignment(models.Model):
    """A technician booked on an order: the lead or a crew member, for the
    order's hours (the default, following the order when it moves) or for
    hours of his own within them (a helper who joins for two hours)."""

    _name = "service.order.assignment"
    _inherit = ["service.order.child.mixin"]
    _description = "Service Order Booking"
    _order = "role desc, date_start, id"
    _check_company_auto = True
    _sql_constraints = [
        (
            "employee_order_uniq",
            "UNIQUE (order_id, employee_id)",
            "A technician is booked once per service order.",
        ),
        (
            "no_double_booking",
            "EXCLUDE USING gist (employee_id WITH =, "
            "tsrange(date_start, date_end) WITH &&) WHERE (is_blocking)",
            "A technician cannot be booked on two service orders at the same time.",
        ),
    ]

    order_id = fields.Many2one(
        "service.order",
        string="Service Order",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee",
        string="Technician",
        required=True,
        ondelete="cascade",
        check_company=True,
        index=True,
        domain="[('is_field_technician', '=', True)]",
    )
    role = fields.Selection(ROLES, required=True, default="crew")
    # precomputed: the INSERT carries the booking whole, and the database
    # checks it there (no UPDATE after the create)
    own_hours = fields.Boolean(
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        help="The technician works on the order for hours of his own (within "
        "the order's): they stay put when the order moves, as long as they "
        "still lie within it. Otherwise the booking follows the order.",
    )
    date_start = fields.Datetime(
        string="Start",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_end = fields.Datetime(
        string="End",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    is_blocking = fields.Boolean(
        string="Blocks the Technician",
        compute="_compute_is_blocking",
        store=True,
        precompute=True,
        help="The booking holds the technician's time: the order is open, "
        "active and scheduled. Done, cancelled and archived orders free it.",
    )
    order_state = fields.Selection(related="order_id.state", string="Order Status")

    # ------------------------------------------------------------------
    # Schema: btree_gist, the exclusion constraint, one lead per order
    # ------------------------------------------------------------------
    def _auto_init(self):
        # the exclusion constraint compares employee ids (=) in a GiST index
        self._create_btree_gist()
        return super()._auto_init()

    @api.model
    def _create_btree_gist(self):
        cr = self.env.cr
        cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'")
        if cr.fetchone():
            return
        try:
            with cr.savepoint(flush=False):
                cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        except psycopg2.Error as exc:
            raise UserError(
                _(
                    "Service orders need the PostgreSQL extension btree_gist "
                    "(it guards technicians against double booking) and it "
                    "could not be created: %(error)s\nAsk the database "
                    "administrator to run CREATE EXTENSION btree_gist; in this "
                    "database (a trusted extension since PostgreSQL 13: the "
                    "database owner may create it).",
                    error=str(exc).strip(),
                )
            ) from exc

    def init(self):
        cr = self.env.cr
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON service_order_assignment "
                "(order_id) WHERE role = 'lead'",
                SQL.identifier(LEAD_INDEX),
            )
        )
        # an upgrade from the lead/crew columns: one booking per technician
        # (nothing to do on a new install, the tables are empty)
        cr.execute(
            """
            INSERT INTO service_order_assignment
                   (order_id, company_id, employee_id, role, own_hours,
                    date_start, date_end, is_blocking,
                    create_uid, create_date, write_uid, write_date)
            SELECT o.id, o.company_id, t.employee_id, t.role, false,
                   o.date_scheduled_start, o.date_scheduled_end,
                   COALESCE(o.active AND o.state IN %s
                            AND o.date_scheduled_end > o.date_scheduled_start,
                            false),
                   1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
              FROM service_order o
              JOIN (SELECT id AS order_id, technician_id AS employee_id,
                           'lead' AS role
                      FROM service_order WHERE technician_id IS NOT NULL
                    UNION
                    SELECT order_id, employee_id, 'crew'
                      FROM service_order_crew_rel) t ON t.order_id = o.id
             WHERE NOT EXISTS (SELECT 1 FROM service_order_assignment a
                                WHERE a.order_id = o.id)
            """,
            [tuple(OPEN_STATES)],
        )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("order_id.name", "employee_id.name")
    def _compute_display_name(self):
        for booking in self:
            booking.display_name = " - ".join(
                name
                for name in (booking.order_id.name, booking.employee_id.name)
                if name
            )

    @api.depends("order_id.date_scheduled_start", "order_id.date_scheduled_end")
    def _compute_dates(self):
        """A booking follows the order's hours, unless it has hours of its
        own that still lie within the order's."""
        for booking in self:
            order = booking.order_id
            start, end = order.date_scheduled_start, order.date_scheduled_end
            own = (
                booking.own_hours
                and booking.date_start
                and booking.date_end
                and (not start or start <= booking.date_start)
                and (not end or booking.date_end <= end)
            )
            if own:
                continue
            booking.own_hours = False
            booking.date_start = start
            booking.date_end = end

    @api.depends(
        "date_start",
        "date_end",
        "order_id.state",
        "order_id.active",
        "order_id.date_scheduled_start",
        "order_id.date_scheduled_end",
    )
    def _compute_is_blocking(self):
        for booking in self:
            order = booking.order_id
            booking.is_blocking = bool(
                order.active
                and order.state in OPEN_STATES
                and order.date_scheduled_start
                and order.date_scheduled_end
                and booking.date_start
                and booking.date_end
                and booking.date_end > booking.date_start
            )

    @api.constrains("date_start", "date_end", "own_hours")
    def _check_dates(self):
        for booking in self.filtered("own_hours"):
            order = booking.order_id
            if not booking.date_start or not booking.date_end:
                raise ValidationError(
                    _(
                        "%(booking)s: hours of his own need a start and an end.",
                        booking=booking.display_name,
                    )
                )
            if booking.date_end <= booking.date_start:
                raise ValidationError(
                    _(
                        "%(booking)s must end after it starts.",
                        booking=booking.display_name,
                    )
                )
            start, end = order.date_scheduled_start, order.date_scheduled_end
            if (start and booking.date_start < start) or (
                end and booking.date_end > end
            ):
                raise ValidationError(
                    _(
                        "%(booking)s: the technician's hours (%(start)s - "
                        "%(end)s) must lie within the order's (%(order_start)s "
                        "- %(order_end)s).",
                        booking=booking.display_name,
                        start=format_datetime(self.env, booking.date_start),
                        end=format_datetime(self.env, booking.date_end),
                        order_start=format_datetime(self.env, start),
                        order_end=format_datetime(self.env, end),
                    )
                )

    @api.constrains("employee_id")
    def _check_employee(self):
        # the flag is public; employees may be private to HR
        not_tech = self.employee_id.sudo().filtered(
            lambda employee: not employee.is_field_technician
        )
        if not_tech:
            public = self.env["hr.employee.public"].browse(not_tech.ids)
            raise ValidationError(
                _(
                    "%(names)s is not a field technician. Flag the employee as "
                    "field technician first.",
                    names=readable_names(public, _("an employee you cannot see")),
                )
            )

    # ------------------------------------------------------------------
    # CRUD: database constraints turned into clear messages
    # ------------------------------------------------------------------
    def _check_keeps_planned_lead(self):
        """A planned order keeps its lead: his booking is not deleted or
        demoted on its own, only replaced through the order's lead field."""
        if self.env.context.get(TEAM_SYNC_CTX) is TEAM_SYNC_TOKEN:
            return
        leads = self.filtered(
            lambda b: b.role == "lead" and b.order_id.state in PLANNED_STATES
        )
        if leads:
            raise UserError(
                _(
                    "%(orders)s is planned: its lead technician stays until "
                    "another one is set on the order (or the order is reset "
                    "to New).",
                    orders=", ".join(leads.order_id.mapped("name")),
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_planned_lead(self):
        self._check_keeps_planned_lead()

    def _check_child_write(self, vals):
        if vals.get("role") == "crew":
            self._check_keeps_planned_lead()

    def _prepare_child_values(self, vals, create=False):
        if "is_blocking" in vals:
            # computed from the order and the hours: writing it would switch
            # the database's double-booking guard off for this booking
            raise ValidationError(
                _(
                    "Whether a booking blocks the technician follows its order "
                    "(open, active, scheduled): it cannot be set by hand."
                )
            )
        if "own_hours" in vals and not vals["own_hours"]:
            # a booking without hours of its own follows the order's: hours
            # given with it are not the booking's (see write())
            vals.pop("date_start", None)
            vals.pop("date_end", None)
        elif ("date_start" in vals or "date_end" in vals) and "own_hours" not in vals:
            # hours given by hand are the technician's own
            vals["own_hours"] = True
        return vals

    def _check_child_create(self, vals_list):
        super()._check_child_create(vals_list)
        if self.env.context.get(TEAM_SYNC_CTX) is TEAM_SYNC_TOKEN:
            return  # the order's inverse: its create already checked them
        # unknown technicians before the database's foreign key does (one
        # query for the batch); values went through the input guard
        employees = self.env["hr.employee"].browse(
            {vals["employee_id"] for vals in vals_list if vals.get("employee_id")}
        )
        missing = employees - employees.exists()
        if missing:
            raise ValidationError(
                _(
                    "Unknown technician (employee id %(ids)s): it does not exist "
                    "or was deleted.",
                    ids=", ".join(str(i) for i in sorted(missing.ids)),
                )
            )

    def write(self, vals):
        result = super().write(vals)
        if "own_hours" in vals and not vals["own_hours"]:
            # back to the order's hours (the compute assigns all three)
            self.env.add_to_compute(self._fields["date_start"], self)
            self.env.add_to_compute(self._fields["is_blocking"], self)
            self.flush_recordset(["date_start", "date_end", "own_hours", "is_blocking"])
        return result

    @api.model_create_multi
    def create(self, vals_list):
        try:
            # the INSERT checks the constraints (one booking per technician
            # and order, one lead, no double booking)
            with self.env.cr.savepoint(flush=False):
                return super().create(vals_list)
        except psycopg2.errors.UniqueViolation as exc:
            message = self._unique_violation_message(exc)
        except psycopg2.errors.ExclusionViolation:
            # the refused bookings, rebuilt in memory to name them
            message = self._double_booking_message_for(vals_list)
        self.env.cr.clear()
        raise ValidationError(message)

    @api.model
    def _double_booking_message_for(self, vals_list):
        bookings = self.browse()
        for vals in vals_list:
            vals = clean_vals(self, self._add_missing_default_values(dict(vals)))
            bookings |= self.new(self._prepare_child_values(vals, create=True))
        return bookings._double_booking_message() or _(
            "The technician is already booked on another order at that time."
        )

    def _flush(self, fnames=None):
        """Flush in a savepoint: a double booking (or a second lead) refused
        by the database becomes a ValidationError naming the technician and
        the orders, on every path that writes bookings (form, board, import,
        RPC, wizard, lifecycle) and whoever flushes them."""
        dirty = self.env.cache.get_dirty_fields()
        pending = self.browse()
        for fname in GUARDED_FIELDS:
            field = self._fields[fname]
            if field in dirty:
                pending |= self.env.cache.get_dirty_records(self, field)
        if not pending:
            return super()._flush(fnames)
        try:
            with self.env.cr.savepoint(flush=False):
                return super()._flush(fnames)
        except psycopg2.errors.ExclusionViolation:
            message = pending._double_booking_message()
        except psycopg2.errors.UniqueViolation as exc:
            message = self._unique_violation_message(exc)
        # the cache holds values the database refused: forget them, as a
        # savepoint's rollback does (the caller rolls the transaction back)
        self.env.cr.clear()
        raise ValidationError(message)

    @api.model
    def _unique_violation_message(self, exc):
        if exc.diag.constraint_name == LEAD_INDEX:
            return _("A service order has one lead technician; the others are crew.")
        return _(
            "A technician is booked once per service order: he is already on its team."
        )

    def _double_booking_message(self):
        """``self``: the bookings being written (values in cache). One query
        for the bookings they overlap in the database, then one line per
        conflict; orders the user may not read are not named."""
        blocking = self.filtered(
            lambda b: b.is_blocking and b.date_start and b.date_end
        )
        conflicts = []
        if blocking:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT id, employee_id, order_id, date_start, date_end
                      FROM service_order_assignment
                     WHERE is_blocking
                       AND employee_id = ANY(%(employees)s)
                       AND date_start < %(until)s AND date_end > %(since)s
                       AND id != ALL(%(ids)s)
                     ORDER BY date_start, id
                    """,
                    employees=blocking.employee_id.ids,
                    since=min(blocking.mapped("date_start")),
                    until=max(blocking.mapped("date_end")),
                    ids=[i for i in self.ids if isinstance(i, int)],
                )
            )
            rows = self.env.cr.fetchall()
            for booking in blocking:
                for _id, employee_id, order_id, start, end in rows:
                    if (
                        employee_id == booking.employee_id.id
                        and start < booking.date_end
                        and booking.date_start < end
                    ):
                        conflicts.append((booking, order_id, start, end))
            # a batch that overlaps itself
            for index, booking in enumerate(blocking):
                for other in blocking[index + 1 :]:
                    if (
                        other.employee_id == booking.employee_id
                        and other.date_start < booking.date_end
                        and booking.date_start < other.date_end
                    ):
                        conflicts.append(
                            (
                                other,
                                booking.order_id.id,
                                booking.date_start,
                                booking.date_end,
                            )
                        )
        return self._format_double_booking(conflicts[:CONFLICT_LIMIT])

    def _format_double_booking(self, conflicts):
        if not conflicts:
            # booked meanwhile by a transaction this one cannot see yet
            names = self._technician_names(self.employee_id, as_dict=True)
            return "\n".join(
                _(
                    "%(tech)s cannot take %(order)s (%(start)s - %(end)s): "
                    "already booked on another order at that time, a moment "
                    "ago (reload to see it).",
                    tech=names.get(booking.employee_id.id, ""),
                    order=booking.order_id.name,
                    start=format_datetime(self.env, booking.date_start),
                    end=format_datetime(self.env, booking.date_end),
                )
                for booking in self.filtered("is_blocking")[:CONFLICT_LIMIT]
            )
        others = self.env["service.order"].browse({c[1] for c in conflicts})
        readable = others._filtered_access("read")
        names = self._technician_names(self.employee_id, as_dict=True)
        lines = []
        for booking, other_id, start, end in conflicts:
            other = others.browse(other_id)
            if other == booking.order_id:
                # the same technician twice on one order
                lines.append(
                    _(
                        "%(tech)s is booked once per service order: he is "
                        "already on the team of %(order)s.",
                        tech=names.get(booking.employee_id.id, ""),
                        order=booking.order_id.name,
                    )
                )
                continue
            lines.append(
                _(
                    "%(tech)s cannot take %(order)s (%(start)s - %(end)s): "
                    "already booked on %(other)s (%(other_start)s - %(other_end)s).",
                    tech=names.get(booking.employee_id.id, ""),
                    order=booking.order_id.name,
                    start=format_datetime(self.env, booking.date_start),
                    end=format_datetime(self.env, booking.date_end),
                    # sudo: only the reference of an order the user may read
                    other=other.sudo().name
                    if other in readable
                    else _("an order you cannot see"),
                    other_start=format_datetime(self.env, start),
                    other_end=format_datetime(self.env, end),
                )
            )
        return "\n".join(lines)

    def _technician_names(self, employees, as_dict=False):
        # sudo: technicians' names are public (hr.employee.public); the user
        # may not read every company's employees
        public = self.env["hr.employee.public"].sudo().browse(employees.ids)
        if as_dict:
            return {employee.id: employee.name for employee in public}
        return ", ".join(public.mapped("name"))

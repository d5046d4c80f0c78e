from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

from odoo.addons.service_dispatch.utils.timezone import zone
from odoo.addons.service_dispatch.utils.travel import home_point, partner_point
from odoo.addons.service_order.tools.input_guard import (
    clean_field_names,
    clean_ids,
    clean_vals,
)
from odoo.addons.service_order.tools.record_guard import check_linked_records

from ..utils import vrp

# a plan covers at most this many days and orders (the solver's work budget
# is meant for a day or a week of one dispatcher's area)
MAX_DAYS = 7
MAX_ORDERS = 1000
# each later day costs this many minutes of driving per job: the solver fills
# the first days first
LATER_DAY_COST = 30.0

# the wizard's own reasons (the optimiser never gives them)
REASON_BOOKED = "booked"
REASON_REMOVED = "removed"
REASON_CREW_BUSY = "crew_busy"
REASON_SELECTION = [
    (vrp.REASON_NO_LOCATION, "No coordinates"),
    (vrp.REASON_NO_SKILL, "No skilled technician"),
    (vrp.REASON_WINDOW, "Window infeasible"),
    (vrp.REASON_TOO_LONG, "Too long"),
    (vrp.REASON_CAPACITY, "No capacity left"),
    (vrp.REASON_LOCKED, "Locked job conflict"),
    (vrp.REASON_NO_TECHNICIAN, "No technician working"),
    (REASON_BOOKED, "Clashes with a booking"),
    (REASON_CREW_BUSY, "Crew busy"),
    (REASON_REMOVED, "Removed by the dispatcher"),
]
# a skill token per crew member: an order requires ``(NOT_CREW, member)``
# for each member of its crew, which every technician holds but the member
# himself, so the solver never makes a crew member the lead of his own order
NOT_CREW = "not_crew"
# how far ahead the default period looks for the next working day
DEFAULT_PERIOD_LOOKAHEAD_DAYS = 14


# What the solver writes (the proposal, its figures, its stops) is written
# with this token in the context: a Python object, which no RPC client can
# send, so a proposal cannot be forged by hand and then applied.
PROPOSAL_CTX = "service_dispatch_proposal"
PROPOSAL_TOKEN = object()
# what the dispatcher sets up before Plan
SETUP_FIELDS = frozenset(
    {"company_id", "date_from", "date_to", "order_ids", "technician_ids", "time_limit"}
)
# wizard fields only the solver sets
PROPOSAL_FIELDS = frozenset(
    {
        "state",
        "date_planned",
        "planned_count",
        "dropped_count",
        "drive_hours",
        "idle_hours",
        "solve_seconds",
        "notes",
    }
)


def proposal_env(records):
    """``records`` with the solver's token."""
    return records.with_context(**{PROPOSAL_CTX: PROPOSAL_TOKEN})


def is_solver(env):
    """Whether ``env`` is the solver's own (its token) or the superuser's."""
    return env.su or env.context.get(PROPOSAL_CTX) is PROPOSAL_TOKEN


def check_proposal_write(records, vals):
    """Refuse a client's create / write of what only the solver writes: any
    stop (``vals`` None), or a wizard's proposal fields other than their
    empty draft values (a form sends those while the wizard is a draft; once
    proposed, not even those: emptying ``date_planned`` would switch off the
    check that the orders did not change since the proposal)."""
    if is_solver(records.env):
        return
    proposed = "state" in records._fields and any(
        state != "draft" for state in records.mapped("state")
    )
    if vals is None or any(
        proposed or vals[fname] not in (False, None, 0, "", "draft")
        for fname in PROPOSAL_FIELDS & set(vals)
    ):
        raise UserError(
            records.env._(
                "The proposal comes from the solver: use Plan to make one, and "
                "Drop to take a stop out of it."
            )
        )


class ServiceDispatchPlanWizard(models.TransientModel):
    _name = "service.dispatch.plan.wizard"
    _description = "Auto-Dispatch: Plan Orders"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: self._default_plan_date(),
        help="By default the next working period of the company's calendar: "
        "today while its working hours last, else the next working day.",
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_plan_date()
    )
    order_ids = fields.Many2many(
        "service.order",
        "service_dispatch_plan_wizard_order_rel",
        "wizard_id",
        "order_id",
        string="Orders to Plan",
        default=lambda self: self._default_order_ids(),
        check_company=True,
        domain="[('state', '=', 'new'), ('company_id', '=', company_id)]",
    )
    technician_ids = fields.Many2many(
        "hr.employee",
        "service_dispatch_plan_wizard_employee_rel",
        "wizard_id",
        "employee_id",
        string="Technicians",
        default=lambda self: self._default_technician_ids(),
        check_company=True,
        domain="[('is_field_technician', '=', True), "
        "('company_id', 'in', [company_id, False])]",
    )
    time_limit = fields.Integer(
        string="Search Time Cap (s)",
        default=20,
        help="A safety net only: the optimiser does a fixed amount of search "
        "work (so the same orders get the same plan however busy the server "
        "is) and normally stops long before this.",
    )
    state = fields.Selection(
        [("draft", "Setup"), ("proposed", "Proposal"), ("applied", "Applied")],
        default="draft",
        required=True,
    )
    date_planned = fields.Datetime(readonly=True)
    route_ids = fields.One2many(
        "service.dispatch.plan.route", "wizard_id", string="Routes", readonly=True
    )
    line_ids = fields.One2many(
        "service.dispatch.plan.line", "wizard_id", string="Stops", readonly=True
    )
    dropped_ids = fields.One2many(
        "service.dispatch.plan.dropped",
        "wizard_id",
        string="Not Planned",
        readonly=True,
    )
    planned_count = fields.Integer(string="Planned", readonly=True)
    dropped_count = fields.Integer(string="Not Planned Count", readonly=True)
    drive_hours = fields.Float(string="Drive (h)", readonly=True)
    idle_hours = fields.Float(string="Idle (h)", readonly=True)
    solve_seconds = fields.Float(string="Solved In (s)", readonly=True, digits=(6, 1))
    notes = fields.Html(readonly=True)

    # ------------------------------------------------------------------
    # Defaults
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        self.env["service.order"]._check_dispatch_access()
        return super().default_get(clean_field_names(self, fields_list))

    @api.model
    def _default_plan_date(self):
        """The next working period of the company calendar: today while its
        working hours last, else the next working day (public holidays
        skipped)."""
        company = self.env.company
        calendar = company.resource_calendar_id
        tz = self.env["service.order"]._get_dispatch_tz(calendar)
        now = pytz.utc.localize(fields.Datetime.now())
        today = now.astimezone(tz).date()
        if not calendar:
            return today
        intervals = calendar._work_intervals_batch(
            now, now + timedelta(days=DEFAULT_PERIOD_LOOKAHEAD_DAYS)
        )[False]
        for _start, stop, _meta in intervals:
            if stop > now:
                # the day the working period ends in (a night shift that
                # started yesterday is still today's period)
                return max(today, (stop - timedelta(seconds=1)).astimezone(tz).date())
        return today

    @api.model
    def _default_order_ids(self):
        context = self.env.context
        if context.get("active_model") == "service.order" and context.get("active_ids"):
            # the ids come from the client: cleaned, those of orders deleted
            # since the list was read left out (not a database error), and
            # the user's access to the orders is checked when they are read
            ids = clean_ids(context["active_ids"], "active_ids")
            return [
                fields.Command.set(self.env["service.order"].browse(ids).exists().ids)
            ]
        orders = self.env["service.order"].search(
            [
                ("state", "=", "new"),
                ("technician_id", "=", False),
                ("company_id", "=", self.env.company.id),
            ],
            limit=MAX_ORDERS,
        )
        return [fields.Command.set(orders.ids)]

    @api.model
    def _default_technician_ids(self):
        technicians = self.env["hr.employee"].search(
            [
                ("is_field_technician", "=", True),
                ("company_id", "in", [self.env.company.id, False]),
            ]
        )
        return [fields.Command.set(technicians.ids)]

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self.env["service.order"]._check_dispatch_access()
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        for vals in vals_list:
            check_proposal_write(self, vals)
        self._check_linked_records(vals_list)
        # a client's ``default_state`` / ``default_date_planned``... would
        # set the solver's fields after the check above: not from a client
        forged = {f"default_{fname}" for fname in PROPOSAL_FIELDS}
        if forged & set(self.env.context) and not is_solver(self.env):
            # a new environment of the same user without those keys (a
            # context that replaces the client's, not one merged into it)
            self = self.with_env(
                self.env(
                    context={
                        key: value
                        for key, value in self.env.context.items()
                        if key not in forged
                    }
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        self.env["service.order"]._check_dispatch_access()
        vals = clean_vals(self, vals)
        check_proposal_write(self, vals)
        self._check_setup_write(vals)
        self._check_linked_records([vals])
        return super().write(vals)

    @api.model
    def _check_linked_records(self, vals_list):
        """Orders and technicians sent by id exist (a clear message, not the
        database's foreign-key error); the orders are the user's to read. A
        dispatcher picks technicians without the right to read
        ``hr.employee`` (the wizard reads their hours as the server)."""
        check_linked_records(self, vals_list, ("order_ids",))
        check_linked_records(self, vals_list, ("technician_ids",), check_access=False)

    def _check_setup_write(self, vals):
        """The setup (period, orders, technicians) of a proposal is the one it
        was made for: changed only after Back (the form hides it; an RPC
        write would leave a proposal for other orders than those shown)."""
        if not SETUP_FIELDS & set(vals) or is_solver(self.env):
            return
        # an applied one says so first (Back is refused there)
        self.filtered(lambda wizard: wizard.state == "applied")[:1]._check_not_applied()
        if any(state != "draft" for state in self.mapped("state")):
            raise UserError(
                _(
                    "This proposal was made for its period, orders and "
                    "technicians: use Back to change them, then Plan again."
                )
            )

    def _check_not_applied(self):
        """Refuse to change a proposal that was applied already (a second
        Apply after a double click, a Drop in the reopened dialog)."""
        if self.state == "applied":
            raise UserError(
                _(
                    "This proposal has been applied already: its orders are "
                    "scheduled. Open a new auto-dispatch to plan other orders."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _ensure_one_plan(self):
        self.env["service.order"]._check_dispatch_access()
        if len(self) != 1:
            raise UserError(
                _(
                    "This works on one auto-dispatch plan at a time (%(count)s given).",
                    count=len(self),
                )
            )

    def action_plan(self):
        """Solve and show the proposal; nothing is written on the orders."""
        self._ensure_one_plan()
        self._check_not_applied()
        self._check_plan_input()
        context = self._prepare_plan_context()
        problem = self._prepare_problem(context)
        solution = vrp.solve(problem, vrp.Settings(time_limit=self.time_limit))
        proposal_env(self)._store_proposal(context, solution)
        return self._reopen()

    def action_back(self):
        self._ensure_one_plan()
        self._check_not_applied()
        plan = proposal_env(self)
        plan.route_ids.unlink()
        plan.dropped_ids.unlink()
        plan.write({"state": "draft", "notes": False})
        return self._reopen()

    def action_apply(self):
        """Write the proposal: technician and times on the orders, then
        schedule them. Writes are grouped so that the number of queries grows
        with the technicians, not with the orders.

        Before any write, every stop is checked again against the bookings
        as they are now: a stop that clashes with a booking made since the
        solve refuses the whole apply (nothing is written) and is named, so
        the dispatcher drops it or plans again."""
        self._ensure_one_plan()
        self._check_not_applied()
        if self.state != "proposed":
            raise UserError(_("Plan the orders first, then apply the proposal."))
        lines = self.line_ids.filtered(lambda line: not line.is_locked)
        if not lines:
            raise UserError(
                _("The proposal plans no order: there is nothing to apply.")
            )
        orders = lines.order_id
        # everything the writes and their checks read, for all orders at once
        # (a write on one order would otherwise fetch its crew alone): the
        # lead and crew are the views the team's inverse compares with the
        # bookings, which it then reads for all the orders in one query
        # (fetching them here as well saves none: measured)
        orders.fetch(["state", "write_date", "technician_id", "crew_ids", "duration"])
        self._check_still_valid(orders)
        clashes = self._find_booking_clashes(
            [
                (line, employee_id, line.date_start, line.date_end)
                for line in lines
                for employee_id in (
                    line.technician_id.id,
                    *line.order_id.crew_ids.ids,
                )
            ],
            orders.ids,
        )
        if clashes:
            raise ValidationError(self._format_booking_clashes(clashes))
        # Tracking is replaced by one note per order, logged in one batch
        # below: field tracking would post one message per order and field.
        orders = orders.with_context(mail_notrack=True)
        # 1. free the orders from a previous technician (one write), so that
        #    setting their new times runs no overlap check per order
        orders.filtered("technician_id").write({"technician_id": False})
        # 2. times: one write per order, but no query per order (the values
        #    are flushed together in one UPDATE)
        for line in lines:
            order = line.order_id.with_context(mail_notrack=True)
            values = {"date_scheduled_start": line.date_start}
            if not order.duration:
                values["duration"] = line.duration
            order.write(values)
        # 3. the technician: one write (and one overlap check) per technician
        by_technician = defaultdict(lambda: self.env["service.order"])
        for line in lines:
            by_technician[line.technician_id] |= line.order_id
        for technician, tech_orders in by_technician.items():
            tech_orders.with_context(mail_notrack=True).write(
                {"technician_id": technician.id}
            )
        # 4. the state, through the normal action and its checks, in one batch
        orders.action_schedule()
        self._log_applied(lines)
        proposal_env(self).write({"state": "applied"})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Auto-dispatch applied"),
                "message": _(
                    "%(count)s orders scheduled for %(techs)s technicians.",
                    count=len(orders),
                    techs=len(by_technician),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Auto-Dispatch"),
            "context": {"dialog_size": "extra-large"},
        }

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _check_plan_input(self):
        if self.date_to < self.date_from:
            raise UserError(_("The plan must end on or after its first day."))
        days = (self.date_to - self.date_from).days + 1
        if days > MAX_DAYS:
            raise UserError(
                _(
                    "Plan at most %(max)s days at a time (%(days)s asked).",
                    max=MAX_DAYS,
                    days=days,
                )
            )
        if not self.order_ids:
            raise UserError(_("Select the orders to plan."))
        if len(self.order_ids) > MAX_ORDERS:
            raise UserError(
                _(
                    "Plan at most %(max)s orders at a time (%(count)s selected).",
                    max=MAX_ORDERS,
                    count=len(self.order_ids),
                )
            )
        if not self.technician_ids:
            raise UserError(_("Select the technicians to plan for."))
        if self.time_limit < 1 or self.time_limit > 300:
            raise UserError(_("The search time must be between 1 and 300 seconds."))
        not_new = self.order_ids.filtered(lambda o: o.state != "new")
        if not_new:
            raise UserError(
                _(
                    "Only new orders can be auto-dispatched; these are already "
                    "planned or closed: %(orders)s",
                    orders=", ".join(not_new.mapped("name")),
                )
            )
        not_techs = self.technician_ids.filtered(lambda e: not e.is_field_technician)
        if not_techs:
            raise UserError(
                _(
                    "%(names)s is not a field technician.",
                    names=", ".join(not_techs.mapped("name")),
                )
            )

    def _check_still_valid(self, orders):
        """Refuse a proposal that another user overtook meanwhile."""
        changed = orders.filtered(
            lambda o: (
                o.state != "new"
                # no date: no proposal to trust
                or not self.date_planned
                or (o.write_date and o.write_date > self.date_planned)
            )
        )
        if changed:
            raise UserError(
                _(
                    "These orders changed since the proposal was made: "
                    "%(orders)s. Plan again.",
                    orders=", ".join(changed.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # From the database to the optimiser
    # ------------------------------------------------------------------
    def _prepare_plan_context(self):
        """The time frame of the plan: origin (naive UTC of the first day's
        local midnight), end, and the moment before which nothing is planned."""
        tz = self.env["service.order"]._get_dispatch_tz(
            self.company_id.resource_calendar_id
        )
        origin = tz.localize(datetime.combine(self.date_from, time.min))
        end = tz.localize(datetime.combine(self.date_to + timedelta(days=1), time.min))
        origin = origin.astimezone(pytz.utc).replace(tzinfo=None)
        end = end.astimezone(pytz.utc).replace(tzinfo=None)
        return {
            "tz": tz,
            "origin": origin,
            "end": end,
            "not_before": max(origin, fields.Datetime.now().replace(microsecond=0)),
        }

    @staticmethod
    def _minutes(context, moment):
        return (moment - context["origin"]).total_seconds() / 60.0

    @staticmethod
    def _moment(context, minutes):
        return context["origin"] + timedelta(seconds=round(minutes * 60))

    def _prepare_problem(self, context):
        company = self.company_id
        technicians = self.technician_ids
        skills = self._get_technician_skills(technicians)
        # the crews already on the orders: their hours and bookings too
        crews = {order.id: order.crew_ids for order in self.order_ids}
        crew = self.env["hr.employee"].union(*crews.values())
        shifts = self._get_technician_shifts(technicians | crew, context)
        locked, busy = self._get_booked_orders(technicians | crew, context)
        context["crews"] = {
            order_id: members.ids for order_id, members in crews.items() if members
        }
        context["crew_free"] = {
            member.id: [
                (self._minutes(context, a), self._minutes(context, b))
                for a, b in _subtract(
                    sorted(
                        interval
                        for intervals in shifts.get(member.id, {}).values()
                        for interval in intervals
                    ),
                    busy.get(member.id, []),
                )
            ]
            for member in crew
        }
        context["crew_busy"] = []
        not_crew = {(NOT_CREW, member_id) for member_id in crew.ids}
        vehicles = []
        context["no_home"] = self.env["hr.employee"]
        for tech in technicians:
            home = home_point(tech)
            if home is None:
                context["no_home"] |= tech
            for day, intervals in sorted(shifts.get(tech.id, {}).items()):
                free = _subtract(intervals, busy.get(tech.id, []))
                if not free:
                    continue
                vehicles.append(
                    vrp.Vehicle(
                        id=(tech.id, day),
                        location=home,
                        shifts=tuple(
                            (self._minutes(context, a), self._minutes(context, b))
                            for a, b in free
                        ),
                        skills=frozenset(skills.get(tech.id, ()))
                        | (not_crew - {(NOT_CREW, tech.id)}),
                        resource=tech.id,
                        visit_cost=LATER_DAY_COST * (day - self.date_from).days,
                    )
                )
        context["vehicle_days"] = {vehicle.id for vehicle in vehicles}
        jobs = [
            job
            for job in (self._prepare_job(order, context) for order in self.order_ids)
            if job is not None
        ]
        jobs += [
            job
            for job in (self._prepare_locked_job(b, context) for b in locked)
            if job is not None
        ]
        return vrp.Problem(jobs, vehicles, **company._get_dispatch_travel_settings())

    def _get_technician_skills(self, technicians):
        """{employee id: {skill tokens}}, two queries: the skill ids, and for
        each minimum level ``m`` of the orders to plan, ``(skill id, m)`` when
        the technician's level reaches it (see ``_job_skills``)."""
        thresholds = {
            order.min_skill_level
            for order in self.order_ids
            if order.min_skill_level > 0
        }
        result = defaultdict(set)
        employee_skills = self.env["hr.employee.skill"].search_fetch(
            [("employee_id", "in", technicians.ids)],
            ["employee_id", "skill_id", "skill_level_id"],
        )
        if thresholds:
            employee_skills.skill_level_id.fetch(["level_progress"])
        for line in employee_skills:
            tokens = result[line.employee_id.id]
            tokens.add(line.skill_id.id)
            if thresholds:
                progress = line.skill_level_id.level_progress
                tokens.update(
                    (line.skill_id.id, level)
                    for level in thresholds
                    if progress >= level
                )
        return result

    @staticmethod
    def _job_skills(order):
        """The skill tokens a technician must hold for ``order``: the skill
        ids, or ``(skill id, minimum level)`` when the order sets one."""
        level = order.min_skill_level
        if level > 0:
            return frozenset(
                (skill_id, level) for skill_id in order.required_skill_ids.ids
            )
        return frozenset(order.required_skill_ids.ids)

    def _get_technician_shifts(self, technicians, context):
        """{employee id: {local date: [(start, end)]}}: work intervals in naive
        UTC (calendar attendances minus public holidays and the technician's
        time off), split by the technician's local day; one batch per
        calendar."""
        by_calendar = defaultdict(lambda: self.env["hr.employee"])
        for tech in technicians:
            calendar = tech.resource_calendar_id or self.company_id.resource_calendar_id
            if calendar:
                by_calendar[calendar] |= tech
        start = pytz.utc.localize(context["not_before"])
        end = pytz.utc.localize(context["end"])
        result = defaultdict(lambda: defaultdict(list))
        context["tech_tz"] = {}
        if start >= end:
            return result
        for calendar, techs in by_calendar.items():
            # sudo: a dispatcher is no HR officer and may not read the
            # technicians' time off (resource rule "reads own or global");
            # only the resulting free intervals are used, no leave detail
            intervals = calendar.sudo()._work_intervals_batch(
                start, end, resources=techs.resource_id.sudo()
            )
            for tech in techs:
                tz = zone(tech.tz, calendar.tz)
                context["tech_tz"][tech.id] = tz
                for begin, stop, _meta in intervals.get(tech.resource_id.id, []):
                    day = begin.astimezone(tz).date()
                    result[tech.id][day].append(
                        (
                            begin.astimezone(pytz.utc).replace(tzinfo=None),
                            stop.astimezone(pytz.utc).replace(tzinfo=None),
                        )
                    )
        for days in result.values():
            for intervals in days.values():
                intervals.sort()
        return result

    def _get_booked_orders(self, technicians, context):
        """The technicians' bookings already in the plan's frame (on orders
        not being planned), one per technician and order: the ones they lead
        stay fixed in their routes (``locked``, so that the drive to and from
        them counts); all of them, lead or crew, block their own hours
        (``busy``: {employee id: [(start, end)]}; a helper who joins for two
        hours is busy for those two hours only), which are taken out of the
        technicians' shifts, so that no new job is planned over a booking
        even if the solver drops a locked job."""
        bookings = self._search_bookings(
            technicians, context["origin"], context["end"], self.order_ids.ids
        )
        locked = bookings.filtered(lambda booking: booking.role == "lead")
        busy = defaultdict(list)
        for booking in bookings:
            busy[booking.employee_id.id].append((booking.date_start, booking.date_end))
        return locked, busy

    def _search_bookings(self, technicians, start, end, exclude_ids, sites=True):
        """The blocking bookings (``service.order.assignment``: open, active,
        scheduled orders) of ``technicians`` meeting [start, end), each with
        its own hours, but those of the orders ``exclude_ids``; as superuser:
        one query, three with their orders' sites and coordinates."""
        # sudo: every booking holds the technician, also on orders the user
        # cannot see (another company's, or outside the dispatcher's
        # filters); only their times, reference and site coordinates are used
        bookings = (
            self.env["service.order.assignment"]
            .sudo()
            .search_fetch(
                [
                    ("is_blocking", "=", True),
                    ("employee_id", "in", technicians.ids),
                    ("order_id", "not in", list(exclude_ids)),
                    ("date_start", "<", end),
                    ("date_end", ">", start),
                ],
                ["order_id", "employee_id", "role", "date_start", "date_end"],
                order="date_start, id",
            )
        )
        if sites:
            orders = bookings.order_id
            orders.fetch(["name", "site_id", "partner_id"])
            (orders.site_id | orders.partner_id).fetch(
                ["partner_latitude", "partner_longitude"]
            )
        return bookings

    def _find_booking_clashes(self, stops, exclude_ids):
        """``stops``: ``[(key, technician id, start, end)]``. Returns
        ``{key: (technician id, booking)}`` for the stops that meet a
        blocking booking of their technician (``service.order.assignment``,
        lead or crew, its own hours, on any order the user may see or not,
        but ``exclude_ids``); one query whatever the number of stops."""
        if not stops:
            return {}
        technicians = self.env["hr.employee"].browse({stop[1] for stop in stops})
        bookings = self._search_bookings(
            technicians,
            min(stop[2] for stop in stops),
            max(stop[3] for stop in stops),
            exclude_ids,
            sites=False,
        )
        by_technician = defaultdict(list)
        for booking in bookings:
            by_technician[booking.employee_id.id].append(booking)
        clashes = {}
        for key, technician_id, start, end in stops:
            for booking in by_technician.get(technician_id, ()):
                if booking.date_start < end and start < booking.date_end:
                    clashes[key] = (technician_id, booking)
                    break
        return clashes

    def _format_booking_clashes(self, clashes):
        # sudo: technicians' names are public; the booking's reference and
        # time are what the overlap check itself shows
        names = {
            employee.id: employee.name
            for employee in self.env["hr.employee.public"]
            .sudo()
            .browse({tech_id for tech_id, _booking in clashes.values()})
        }
        lines = [
            _(
                "%(order)s (%(tech)s, %(start)s - %(end)s): %(tech)s is now "
                "already booked on %(other)s (%(other_start)s - %(other_end)s).",
                order=line.order_id.name,
                tech=names.get(tech_id, ""),
                start=format_datetime(self.env, line.date_start),
                end=format_datetime(self.env, line.date_end),
                other=booking.order_id.name,
                other_start=format_datetime(self.env, booking.date_start),
                other_end=format_datetime(self.env, booking.date_end),
            )
            for line, (tech_id, booking) in clashes.items()
        ]
        return "\n".join(
            [
                _(
                    "Nothing was applied: these stops clash with bookings made "
                    "since the proposal."
                ),
                *lines,
                _("Drop these stops from the proposal, or plan again."),
            ]
        )

    def _prepare_job(self, order, context):
        """The order as a job; ``None`` when its crew has no time for it in
        the period (noted in ``context["crew_busy"]``)."""
        site = order.site_id or order.partner_id
        windows = ()
        if order.window_start or order.window_end:
            start = order.window_start or context["origin"]
            end = order.window_end or context["end"]
            windows = ((self._minutes(context, start), self._minutes(context, end)),)
        duration = (order.duration or 1.0) * 60.0
        crew_ids = context.get("crews", {}).get(order.id, ())
        skills = self._job_skills(order)
        if crew_ids:
            # only when the whole crew is at work and free: their working
            # hours minus their other bookings, within the order's window
            plan_frame = (
                self._minutes(context, context["not_before"]),
                self._minutes(context, context["end"]),
            )
            windows = windows or (plan_frame,)
            for member_id in crew_ids:
                windows = _intersect(windows, context["crew_free"].get(member_id, ()))
            windows = tuple(
                (start, end) for start, end in windows if end - start >= duration
            )
            if not windows:
                context["crew_busy"].append(order.id)
                return None
            skills |= {(NOT_CREW, member_id) for member_id in crew_ids}
        deadline = order.resolution_deadline
        return vrp.Job(
            id=order.id,
            location=partner_point(site),
            duration=duration,
            windows=windows,
            skills=skills,
            priority=int(order.priority or 1),
            deadline=self._minutes(context, deadline) if deadline else None,
        )

    def _prepare_locked_job(self, booking, context):
        """A lead booking, as a job fixed in its technician's route at its
        own hours (the job's id is the order's, as the new jobs')."""
        technician_id = booking.employee_id.id
        tz = context["tech_tz"].get(technician_id, context["tz"])
        day = pytz.utc.localize(booking.date_start).astimezone(tz).date()
        vehicle_id = (technician_id, day)
        if vehicle_id not in context["vehicle_days"]:
            return None
        order = booking.order_id
        return vrp.Job(
            id=order.id,
            location=partner_point(order.site_id or order.partner_id),
            duration=(booking.date_end - booking.date_start).total_seconds() / 60.0,
            locked_vehicle=vehicle_id,
            locked_start=self._minutes(context, booking.date_start),
        )

    # ------------------------------------------------------------------
    # From the solution to the proposal
    # ------------------------------------------------------------------
    def _store_proposal(self, context, solution):
        self.route_ids.unlink()
        self.dropped_ids.unlink()
        planned = set(self.order_ids.ids)
        crews = context.get("crews", {})
        # the bookings were fixed in the solve; a new stop whose lead or crew
        # still meets one (a locked job the solver had to leave out) is not
        # proposed
        new_stops = [
            (
                stop.job_id,
                (route.vehicle_id[0], *crews.get(stop.job_id, ())),
                self._moment(context, stop.start),
                self._moment(context, stop.end),
            )
            for route in solution.routes
            for stop in route.stops
            if stop.job_id in planned
        ]
        clashes = self._find_booking_clashes(
            [
                (job_id, employee_id, start, end)
                for job_id, employees, start, end in new_stops
                for employee_id in employees
            ],
            self.order_ids.ids,
        )
        leads = {job_id: employees[0] for job_id, employees, *_t in new_stops}
        booked = {
            job_id for job_id, (tech, _b) in clashes.items() if tech == leads[job_id]
        }
        crew_busy = set(clashes) - booked
        # two new stops sharing a technician (a crew member who also leads,
        # or is on two crews) at the same time: the earlier one is kept
        crew_busy |= _team_overlaps(
            [stop for stop in new_stops if stop[0] not in clashes]
        )
        removed = booked | crew_busy
        routes_kept = []
        for route in solution.routes:
            stops = [stop for stop in route.stops if stop.job_id not in removed]
            if stops:
                routes_kept.append((route, stops))
        route_values = []
        for route, stops in routes_kept:
            tech_id, day = route.vehicle_id
            route_values.append(
                {
                    "wizard_id": self.id,
                    "technician_id": tech_id,
                    "date": day,
                    "date_departure": self._moment(context, route.departure),
                    "date_return": self._moment(context, route.back),
                    "drive_minutes": route.drive_minutes,
                    "idle_minutes": route.idle_minutes,
                    "work_minutes": route.work_minutes,
                    "stop_count": len(stops),
                    "new_count": sum(s.job_id in planned for s in stops),
                }
            )
        routes = self.env["service.dispatch.plan.route"].create(route_values)
        line_values = []
        for (_route, stops), route_record in zip(routes_kept, routes, strict=True):
            for sequence, stop in enumerate(stops, start=1):
                line_values.append(
                    {
                        "wizard_id": self.id,
                        "route_id": route_record.id,
                        "technician_id": route_record.technician_id.id,
                        "order_id": stop.job_id,
                        "sequence": sequence,
                        "date_start": self._moment(context, stop.start),
                        "duration": (stop.end - stop.start) / 60.0,
                        "travel_minutes": stop.travel,
                        "idle_minutes": stop.idle,
                        "late_minutes": stop.late,
                        "is_locked": stop.job_id not in planned,
                    }
                )
        self.env["service.dispatch.plan.line"].create(line_values)
        dropped = [
            (d.job_id, d.reason) for d in solution.dropped if d.job_id in planned
        ]
        dropped += [(job_id, REASON_BOOKED) for job_id in sorted(booked)]
        dropped += [
            (job_id, REASON_CREW_BUSY)
            for job_id in sorted(crew_busy | set(context.get("crew_busy", ())))
        ]
        self.env["service.dispatch.plan.dropped"].create(
            [
                {
                    "wizard_id": self.id,
                    "order_id": job_id,
                    "reason": reason,
                }
                for job_id, reason in dropped
            ]
        )
        new_stops = [
            stop
            for _route, stops in routes_kept
            for stop in stops
            if stop.job_id in planned
        ]
        self.write(
            {
                "state": "proposed",
                # the transaction time, as write_date: a later change of an
                # order by someone else is newer
                "date_planned": self.env.cr.now(),
                "planned_count": len(new_stops),
                "dropped_count": len(dropped),
                "drive_hours": solution.drive_minutes / 60.0,
                "idle_hours": solution.idle_minutes / 60.0,
                "solve_seconds": solution.solve_seconds,
                "notes": self._proposal_notes(context, solution),
            }
        )

    def _proposal_notes(self, context, solution):
        working = {resource for resource, _day in context["vehicle_days"]}
        idle = self.technician_ids.filtered(lambda t: t.id not in working)
        notes = []
        if idle:
            notes.append(
                _(
                    "No working time in the period (calendar, time off or "
                    "fully booked): %(names)s",
                    names=", ".join(idle.mapped("name")),
                )
            )
        no_home = context.get("no_home")
        if no_home:
            notes.append(
                _(
                    "No home base coordinates for %(names)s: the drive from and "
                    "back home is not counted (set them on the employee).",
                    names=", ".join(no_home.mapped("name")),
                )
            )
        locked_dropped = [d for d in solution.dropped if d.reason == vrp.REASON_LOCKED]
        if locked_dropped:
            notes.append(
                _(
                    "%(count)s already planned orders clash with the "
                    "technicians' hours; they are left as they are.",
                    count=len(locked_dropped),
                )
            )
        if not notes:
            return False
        return Markup("<br/>").join(escape(note) for note in notes)

    def _log_applied(self, lines):
        bodies = {}
        for line in lines:
            bodies[line.order_id.id] = Markup("<p>%s</p>") % _(
                "Planned by auto-dispatch: %(tech)s, %(start)s - %(end)s.",
                tech=line.technician_id.name,
                start=format_datetime(self.env, line.date_start),
                end=format_datetime(self.env, line.date_end),
            )
        lines.order_id._message_log_batch(bodies=bodies)


def _intersect(windows, free):
    """The parts of ``windows`` inside ``free`` (both sorted ``(start, end)``
    lists)."""
    return sorted(
        (max(a, c), min(b, d))
        for a, b in windows
        for c, d in free
        if min(b, d) > max(a, c)
    )


def _team_overlaps(stops):
    """``stops``: ``[(job id, employee ids, start, end)]``. The job ids of
    the stops that meet an earlier stop sharing one of its employees (the
    earlier one, by start then job id, is kept)."""
    busy_until = {}
    overlapping = set()
    for job_id, employees, start, end in sorted(stops, key=lambda s: (s[2], s[0])):
        if any(busy_until.get(e, start) > start for e in employees):
            overlapping.add(job_id)
            continue
        for employee_id in employees:
            busy_until[employee_id] = max(busy_until.get(employee_id, end), end)
    return overlapping


def _subtract(intervals, busy):
    """Sorted naive intervals minus the ``busy`` ones."""
    result = []
    for start, end in intervals:
        pieces = [(start, end)]
        for b_start, b_end in busy:
            pieces = [
                piece
                for a, b in pieces
                for piece in ((a, min(b, b_start)), (max(a, b_end), b))
                if piece[1] > piece[0]
            ]
        result.extend(pieces)
    return sorted(result)

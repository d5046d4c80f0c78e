import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_datetime

from odoo.addons.service_order.models.service_order import OPEN_STATES
from odoo.addons.service_order.tools.input_guard import (
    clean_datetime,
    clean_id,
    clean_int,
    clean_str,
    clean_vals,
)

from ..utils import scoring
from ..utils.travel import haversine_km, home_point, partner_point, travel_minutes

_logger = logging.getLogger(__name__)

# Orders in these states hold their technicians' time; done and cancelled
# orders free it.
BLOCKING_STATES = OPEN_STATES
# States an order may be moved in on the board (an order on site stays put)
MOVABLE_STATES = ("new", "scheduled", "dispatched")
# A change of one of these fields is pushed to the open dispatch boards.
BOARD_FIELDS = frozenset(
    {
        "name",
        "active",
        "state",
        "company_id",
        "partner_id",
        "site_id",
        "order_type_id",
        "priority",
        "technician_id",
        "crew_ids",
        "date_scheduled_start",
        "date_scheduled_end",
        "duration",
        "window_start",
        "window_end",
        "required_skill_ids",
        "min_skill_level",
    }
)
BOARD_CHANNEL = "service_dispatch_board"
BOARD_NOTIFICATION = "service_dispatch/board_changed"
BOARD_PRECOMMIT_KEY = "service_dispatch.board_changes"
DISPATCHER_GROUP = "service_order.group_service_dispatcher"
UNASSIGNED_LIMIT = 100
# the board's override note is written with this token (a Python object no
# RPC client can send)
OVERRIDE_NOTE_CTX = "service_dispatch_override_note"
OVERRIDE_NOTE_TOKEN = object()
SUGGESTION_HORIZON_DAYS = 5
MAX_BOARD_DAYS = 31
# the filters the board sends, each an id or False
BOARD_FILTERS = ("team_id", "territory_id", "skill_id")


class ServiceOrder(models.Model):
    _inherit = "service.order"

    territory_id = fields.Many2one(
        "service.territory",
        related="site_id.service_territory_id",
        store=True,
        index="btree_not_null",
        string="Territory",
    )
    min_skill_level = fields.Integer(
        string="Minimum Skill Level (%)",
        default=0,
        help="Technicians must hold every required skill at this level or "
        "above (the progress of their hr.skill level, 0-100).",
    )
    dispatch_override_note = fields.Text(
        string="Dispatch Override",
        readonly=True,
        copy=False,
        help="Set when a dispatcher assigned a technician despite a missing "
        "skill, time off or working hours: who, when, what and why.",
    )
    dispatch_warning = fields.Text(
        compute="_compute_dispatch_warning",
        groups="service_order.group_service_dispatcher",
        help="Why the assigned technicians should not take this order then "
        "(skills, time off, working hours).",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("min_skill_level")
    def _check_min_skill_level(self):
        for order in self:
            if not 0 <= order.min_skill_level <= 100:
                raise ValidationError(
                    _(
                        "%(order)s: the minimum skill level is a percentage "
                        "between 0 and 100.",
                        order=order.display_name,
                    )
                )

    @api.constrains(
        "technician_id",
        "crew_ids",
        "date_scheduled_start",
        "date_scheduled_end",
        "state",
        "active",
    )
    def _check_technician_overlap(self):
        """No technician (lead or crew) holds two orders whose scheduled
        intervals overlap.

        Runs on every create and write that touches the planning (form, board,
        import, RPC): Odoo calls constraints after the values are written. It
        first locks the technicians' rows (see ``_lock_technicians_sql``) so that
        two transactions booking the same technician at the same moment are
        serialised, and looks for overlaps in SQL over every order, visible
        or not to the current user, in the same statement.
        """
        orders = self.filtered(
            lambda o: (
                o.active
                and o.state in BLOCKING_STATES
                and o.date_scheduled_start
                and o.date_scheduled_end
                and (o.technician_id or o.crew_ids)
            )
        )
        if not orders:
            return
        employees = orders.technician_id | orders.crew_ids
        conflicts = orders._find_technician_overlaps(employees.ids)
        if conflicts:
            raise ValidationError(self._format_overlap_errors(conflicts))

    @api.model
    def _lock_technicians_sql(self, employee_ids):
        """A data-modifying CTE that serialises the bookings of these
        technicians across transactions.

        Odoo runs each request in a REPEATABLE READ transaction: a second
        dispatcher whose transaction started before the first one committed
        cannot see the first booking, whatever lock it waits for. So the
        employees' rows are not only locked but updated (a no-op
        ``write_date = write_date``):

        - a concurrent transaction that books one of these technicians blocks
          on the row lock until this one ends;
        - when this one commits, the other one gets a serialization failure
          (its snapshot predates a committed update of the row). Odoo's RPC
          layer (``odoo.service.model.retrying``) rolls it back and replays
          the call in a new transaction, which sees this booking and is
          refused by the overlap check.

        Rows are locked in id order to make deadlocks unlikely (a deadlock is
        retried the same way).
        """
        return SQL(
            """
            locked AS (
                UPDATE hr_employee SET write_date = write_date
                 WHERE id IN (
                        SELECT id FROM hr_employee
                         WHERE id = ANY(%s)
                         ORDER BY id
                           FOR NO KEY UPDATE
                       )
             RETURNING id
            ),
            """,
            sorted(set(employee_ids)),
        )

    def _find_technician_overlaps(self, employee_ids):
        """Lock the technicians (``_lock_technicians_sql``), then return the
        pairs (order id, other order id, employee id) where an employee of
        ``employee_ids`` holds an order of ``self`` and another order at the
        same time.

        One query, on all orders: record rules do not apply, a technician
        cannot be double-booked on an order the user cannot see. The lock runs
        in the same statement (PostgreSQL runs a data-modifying CTE to
        completion even when the main query does not read it).
        """
        self.env["service.order"].flush_model(
            [
                "technician_id",
                "crew_ids",
                "date_scheduled_start",
                "date_scheduled_end",
                "state",
                "active",
            ]
        )
        since = min(self.mapped("date_scheduled_start"))
        until = max(self.mapped("date_scheduled_end"))
        self.env.cr.execute(
            SQL(
                """
                WITH %(lock)s
                slot AS (
                    SELECT o.id AS order_id, o.technician_id AS employee_id,
                           o.date_scheduled_start AS date_start,
                           o.date_scheduled_end AS date_end
                      FROM service_order o
                     WHERE o.technician_id = ANY(%(employees)s)
                       AND o.active AND o.state IN %(states)s
                       AND o.date_scheduled_start < %(until)s
                       AND o.date_scheduled_end > %(since)s
                    UNION ALL
                    SELECT o.id, rel.employee_id,
                           o.date_scheduled_start, o.date_scheduled_end
                      FROM service_order o
                      JOIN service_order_crew_rel rel ON rel.order_id = o.id
                     WHERE rel.employee_id = ANY(%(employees)s)
                       AND o.active AND o.state IN %(states)s
                       AND o.date_scheduled_start < %(until)s
                       AND o.date_scheduled_end > %(since)s
                )
                SELECT a.order_id, b.order_id, a.employee_id
                  FROM slot a
                  JOIN slot b ON b.employee_id = a.employee_id
                             AND b.order_id != a.order_id
                             AND a.date_start < b.date_end
                             AND b.date_start < a.date_end
                 WHERE a.order_id = ANY(%(orders)s)
                   AND (b.order_id != ALL(%(orders)s) OR a.order_id < b.order_id)
                 ORDER BY a.order_id, b.order_id
                 LIMIT 20
                """,
                lock=self._lock_technicians_sql(employee_ids),
                employees=list(employee_ids),
                states=tuple(BLOCKING_STATES),
                since=since,
                until=until,
                orders=self.ids,
            )
        )
        return self.env.cr.fetchall()

    def _format_overlap_errors(self, conflicts):
        # sudo: the other order may be invisible to the user (a technician's
        # own booking by another team); only its reference and time are shown
        orders = self.sudo().browse({oid for a, b, _e in conflicts for oid in (a, b)})
        orders.fetch(["name", "date_scheduled_start", "date_scheduled_end"])
        # sudo: technicians' names are public; the user may not see every
        # company's employees
        employees = (
            self.env["hr.employee.public"]
            .sudo()
            .browse({employee_id for _a, _b, employee_id in conflicts})
        )
        names = {employee.id: employee.name for employee in employees}
        lines = []
        for order_id, other_id, employee_id in conflicts:
            order, other = orders.browse(order_id), orders.browse(other_id)
            lines.append(
                _(
                    "%(tech)s cannot take %(order)s (%(start)s - %(end)s): "
                    "already booked on %(other)s (%(other_start)s - %(other_end)s).",
                    tech=names.get(employee_id, ""),
                    order=order.name,
                    start=format_datetime(self.env, order.date_scheduled_start),
                    end=format_datetime(self.env, order.date_scheduled_end),
                    other=other.name,
                    other_start=format_datetime(self.env, other.date_scheduled_start),
                    other_end=format_datetime(self.env, other.date_scheduled_end),
                )
            )
        return "\n".join(lines)

    # ------------------------------------------------------------------
    # CRUD: push changes to the open dispatch boards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        for vals in vals_list:
            self._check_override_note_write(vals)
        orders = super().create(vals_list)
        orders._notify_dispatch_board()
        return orders

    def write(self, vals):
        vals = clean_vals(self, vals)
        self._check_override_note_write(vals)
        result = super().write(vals)
        if BOARD_FIELDS.intersection(vals):
            self._notify_dispatch_board()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_notify_dispatch_board(self):
        self._notify_dispatch_board()

    def _notify_dispatch_board(self):
        """Tell the open boards of the orders' companies which orders changed.

        Collected for the whole transaction and sent once per company just
        before the commit (a write that is rolled back sends nothing). The
        payload carries ids only: each board reloads its data through
        ``get_dispatch_board_data``, with the reader's access rights.
        """
        if not self:
            return
        cr = self.env.cr
        if BOARD_PRECOMMIT_KEY not in cr.precommit.data:
            cr.precommit.data[BOARD_PRECOMMIT_KEY] = defaultdict(set)

            @cr.precommit.add
            def send_board_changes():
                changes = cr.precommit.data.pop(BOARD_PRECOMMIT_KEY, {})
                companies = self.env["res.company"].sudo().browse(list(changes))
                for company in companies.exists():
                    self.env["bus.bus"]._sendone(
                        (company, BOARD_CHANNEL),
                        BOARD_NOTIFICATION,
                        {
                            "company_id": company.id,
                            "order_ids": sorted(changes[company.id]),
                        },
                    )

        changes = cr.precommit.data[BOARD_PRECOMMIT_KEY]
        # sudo: the company of an order one may write is readable; the
        # technician who starts a job may not read every company field
        for order in self.sudo():
            changes[order.company_id.id].add(order.id)

    # ------------------------------------------------------------------
    # Board: data
    # ------------------------------------------------------------------
    @api.model
    def get_dispatch_board_data(self, start, end, filters=None):
        """Everything the dispatch board draws for [start, end), and only it.

        A dispatcher feature: the company's whole planning, the technicians'
        home bases and time off are in it, so the caller must be a dispatcher
        (checked on the user, nothing the client sends can unlock it).

        A constant number of queries whatever the number of orders: every
        table is read once for all rows (a few per working-time calendar of
        the technicians shown).

        The result marshals over XML-RPC as well as JSON-RPC: string keys
        everywhere, ``False`` for "nothing", never ``None``.

        :param start, end: UTC datetimes (strings "YYYY-MM-DD HH:MM:SS")
        :param filters: dict with optional ``team_id``, ``territory_id``,
            ``skill_id`` (ids)
        """
        self._check_board_access()
        start, end = self._parse_board_range(start, end)
        filters = self._parse_board_filters(filters)
        technicians = self._get_board_technicians(filters)
        blocks = self._get_board_blocks(technicians, start, end)
        unassigned, unassigned_count = self._get_board_unassigned(filters)
        return {
            "start": fields.Datetime.to_string(start),
            "end": fields.Datetime.to_string(end),
            "technicians": [
                {
                    "id": tech.id,
                    "name": tech.name or "",
                    "job_title": tech.job_title or "",
                }
                for tech in technicians
            ],
            "blocks": blocks,
            "unavailable": self._get_board_unavailability(technicians, start, end),
            "unassigned": unassigned,
            "unassigned_count": unassigned_count,
            "filters": self._get_board_filter_options(),
        }

    @api.model
    def _check_board_access(self):
        """The board and its data are for dispatchers (and managers, who
        imply the group). Checked on the user of the environment, never on
        the context; the superuser (internal code in sudo) passes."""
        if self.env.su or self.env.user.has_group(
            "service_order.group_service_dispatcher"
        ):
            return
        raise AccessError(
            _("Only dispatchers can open the dispatch board and read its planning.")
        )

    @api.model
    def _parse_board_range(self, start, end):
        """Dates sent by a client -> naive UTC datetimes (the shared input
        guard refuses wrong types, malformed dates and years out of range)."""
        start = clean_datetime(start, _("Start of the board period"), self.env)
        end = clean_datetime(end, _("End of the board period"), self.env)
        if not start or not end:
            raise UserError(_("The board period is not a valid date range."))
        if end <= start:
            raise UserError(_("The board period must end after it starts."))
        if end - start > timedelta(days=MAX_BOARD_DAYS):
            raise UserError(
                _(
                    "The board shows at most %(days)s days at once.",
                    days=MAX_BOARD_DAYS,
                )
            )
        return start, end

    @api.model
    def _parse_board_filters(self, filters):
        """``filters`` as sent by a client -> ``{name: id or False}`` with
        only the known names. Anything but a dict of ids is refused with a
        ValidationError, before any query sees it."""
        if filters in (None, False):
            return dict.fromkeys(BOARD_FILTERS, False)
        if not isinstance(filters, dict):
            raise ValidationError(
                _("The board filters must be a mapping of filter names to ids.")
            )
        labels = {
            "team_id": _("Team filter"),
            "territory_id": _("Territory filter"),
            "skill_id": _("Skill filter"),
        }
        return {
            name: clean_id(filters.get(name), labels[name], env=self.env)
            for name in BOARD_FILTERS
        }

    @api.model
    def _get_board_technicians(self, filters):
        domain = [
            ("is_field_technician", "=", True),
            ("company_id", "in", self.env.companies.ids),
        ]
        if filters["team_id"]:
            domain.append(("service_team_ids", "in", [filters["team_id"]]))
        if filters["territory_id"]:
            domain.append(("service_territory_ids", "in", [filters["territory_id"]]))
        if filters["skill_id"]:
            domain.append(("employee_skill_ids.skill_id", "in", [filters["skill_id"]]))
        return self.env["hr.employee.public"].search_fetch(
            domain,
            [
                "name",
                "job_title",
                "company_id",
                "resource_id",
                "resource_calendar_id",
                "home_latitude",
                "home_longitude",
            ],
            order="name, id",
        )

    @api.model
    def _get_board_blocks(self, technicians, start, end):
        if not technicians:
            return []
        tech_ids = set(technicians.ids)
        orders = self.search_fetch(
            [
                ("state", "in", BLOCKING_STATES),
                ("date_scheduled_start", "<", end),
                ("date_scheduled_end", ">", start),
                "|",
                ("technician_id", "in", list(tech_ids)),
                ("crew_ids", "in", list(tech_ids)),
            ],
            [
                # company_id: read by the access check of the crew fetch
                "company_id",
                "name",
                "state",
                "priority",
                "partner_id",
                "site_id",
                "order_type_id",
                "technician_id",
                "date_scheduled_start",
                "date_scheduled_end",
                "duration",
                "sla_status",
            ],
            order="date_scheduled_start, id",
        )
        orders.fetch(["crew_ids"])
        partners = orders.partner_id | orders.site_id
        partners.fetch(["name", "partner_latitude", "partner_longitude"])
        orders.order_type_id.fetch(["name"])
        homes = {
            tech.id: _board_point(tech.home_latitude, tech.home_longitude)
            for tech in technicians
        }
        rows = defaultdict(list)
        for order in orders:
            holders = [(order.technician_id.id, "lead")] + [
                (crew_id, "crew") for crew_id in order.crew_ids.ids
            ]
            for tech_id, role in holders:
                if tech_id in tech_ids:
                    rows[tech_id].append((order, role))
        company = self.env.company
        day_of = self._get_dispatch_day_of()
        blocks = []
        for tech_id, items in rows.items():
            previous_end, previous_point = None, None
            for order, role in items:
                site = order.site_id or order.partner_id
                point = _board_point(site.partner_latitude, site.partner_longitude)
                # the day starts from the home base, then goes job to job
                linked = previous_end is not None and day_of(previous_end) == day_of(
                    order.date_scheduled_start
                )
                origin = previous_point if linked else homes.get(tech_id)
                # unknown coordinates are unknown, not the point (0, 0): no
                # estimate, and the board says what to geocode
                unknown = False
                if not point:
                    unknown = "site"
                elif not origin:
                    unknown = "previous_site" if linked else "home"
                travel = False
                if not unknown:
                    travel = round(
                        self._dispatch_travel_minutes(origin, point, company), 1
                    )
                blocks.append(
                    {
                        "id": order.id,
                        "name": order.name or "",
                        "technician_id": tech_id,
                        "role": role,
                        "start": fields.Datetime.to_string(order.date_scheduled_start),
                        "end": fields.Datetime.to_string(order.date_scheduled_end),
                        "duration": order.duration or 0.0,
                        "state": order.state,
                        "priority": order.priority or "0",
                        "partner": order.partner_id.name or "",
                        "site": site.name or "",
                        "order_type": order.order_type_id.name or "",
                        "sla_status": order.sla_status or False,
                        "travel_minutes": travel,
                        "travel_unknown": bool(unknown),
                        "travel_unknown_what": unknown,
                        "travel_tight": bool(
                            travel is not False
                            and linked
                            and previous_end + timedelta(minutes=travel)
                            > order.date_scheduled_start
                        ),
                    }
                )
                previous_end = order.date_scheduled_end
                previous_point = point
        return blocks

    @api.model
    def _get_board_unassigned_domain(self, filters):
        domain = [
            ("state", "=", "new"),
            ("technician_id", "=", False),
            ("company_id", "in", self.env.companies.ids),
        ]
        if filters["territory_id"]:
            domain.append(("territory_id", "=", filters["territory_id"]))
        if filters["skill_id"]:
            domain.append(("required_skill_ids", "in", [filters["skill_id"]]))
        return domain

    @api.model
    def _get_board_unassigned(self, filters):
        """Unassigned new orders, the most urgent first: SLA deadline (none
        last), then priority, then age."""
        domain = self._get_board_unassigned_domain(filters)
        orders = self.search_fetch(
            domain,
            [
                "company_id",
                "name",
                "priority",
                "partner_id",
                "site_id",
                "order_type_id",
                "duration",
                "response_deadline",
                "resolution_deadline",
                "sla_status",
                "window_start",
                "window_end",
                "date_received",
            ],
            order="response_deadline ASC NULLS LAST, priority DESC, "
            "date_received ASC, id ASC",
            limit=UNASSIGNED_LIMIT,
        )
        # always counted, so the number of queries does not depend on the data
        count = self.search_count(domain)
        orders.fetch(["required_skill_ids"])
        (orders.partner_id | orders.site_id).fetch(["name"])
        orders.order_type_id.fetch(["name"])
        orders.required_skill_ids.fetch(["name"])
        to_string = fields.Datetime.to_string
        return [
            {
                "id": order.id,
                "name": order.name,
                "priority": order.priority or "0",
                "partner": order.partner_id.name or "",
                "site": (order.site_id or order.partner_id).name or "",
                "order_type": order.order_type_id.name or "",
                "duration": order.duration or 1.0,
                "deadline": to_string(order.response_deadline)
                if order.response_deadline
                else False,
                "resolution_deadline": to_string(order.resolution_deadline)
                if order.resolution_deadline
                else False,
                "sla_status": order.sla_status or False,
                "window_start": to_string(order.window_start)
                if order.window_start
                else False,
                "window_end": to_string(order.window_end)
                if order.window_end
                else False,
                "skills": order.required_skill_ids.mapped("name"),
            }
            for order in orders
        ], count

    @api.model
    def _get_board_unavailability(self, technicians, start, end):
        """Per technician (keyed by the id as a string), the periods to grey
        out: ``off`` outside working hours, ``leave`` for time off and public
        holidays. One batch per working-time calendar."""
        result = {}
        utc_start = pytz.utc.localize(start)
        utc_end = pytz.utc.localize(end)
        by_calendar = defaultdict(lambda: self.env["hr.employee.public"])
        for tech in technicians:
            calendar = tech.resource_calendar_id or tech.company_id.resource_calendar_id
            by_calendar[calendar] |= tech
        for calendar, techs in by_calendar.items():
            if not calendar:
                for tech in techs:
                    result[str(tech.id)] = []
                continue
            # sudo: a dispatcher may not read the time off of a technician who
            # has a user (resource's own-leaves rule); only the periods leave
            # this method, for technicians the user may see
            calendar = calendar.sudo()
            resources = techs.resource_id.sudo()
            attendances = calendar._attendance_intervals_batch(
                utc_start, utc_end, resources=resources
            )
            leaves = calendar._leave_intervals_batch(
                utc_start, utc_end, resources=resources
            )
            for tech in techs:
                resource_id = tech.resource_id.id
                work = _naive_intervals(attendances.get(resource_id, []))
                periods = [(s, e, "off") for s, e in _complement(work, start, end)] + [
                    (s, e, "leave")
                    for s, e in _naive_intervals(leaves.get(resource_id, []))
                ]
                # string keys: XML-RPC structs have nothing else
                result[str(tech.id)] = [
                    [fields.Datetime.to_string(s), fields.Datetime.to_string(e), kind]
                    for s, e, kind in sorted(periods)
                    if e > s
                ]
        return result

    @api.model
    def _get_board_filter_options(self):
        companies = self.env.companies.ids
        teams = self.env["service.team"].search_fetch(
            [("company_id", "in", companies + [False])], ["name"]
        )
        territories = self.env["service.territory"].search_fetch(
            [("company_id", "in", companies + [False])], ["name"]
        )
        skills = self.env["hr.skill"].search_fetch([], ["name"])
        return {
            "teams": [[team.id, team.name or ""] for team in teams],
            "territories": [[t.id, t.name or ""] for t in territories],
            "skills": [[skill.id, skill.name or ""] for skill in skills],
        }

    @api.model
    def _dispatch_travel_minutes(self, origin, destination, company):
        km = haversine_km(origin[0], origin[1], destination[0], destination[1])
        return travel_minutes(
            km,
            road_factor=company.dispatch_road_factor or 1.3,
            speed_kmh=company.dispatch_avg_speed_kmh or 50.0,
        )

    # ------------------------------------------------------------------
    # Dispatcher features: access and one order at a time
    # ------------------------------------------------------------------
    @api.model
    def _check_dispatch_access(self):
        """The board, the suggestions and auto-dispatch are dispatcher
        features: every public method of them calls this first. Only the
        user's groups count (server-side code may run as superuser); nothing
        a client sends unlocks it."""
        if self.env.su or self.env.user.has_group(DISPATCHER_GROUP):
            return
        raise AccessError(
            _(
                "Only dispatchers can plan service orders (dispatch board, "
                "technician suggestions, auto-dispatch)."
            )
        )

    def _ensure_one_dispatch(self):
        """A clean error instead of "Expected singleton" for the methods that
        work on one order ([] or several ids over RPC)."""
        if len(self) != 1:
            raise UserError(
                _(
                    "This works on one service order at a time (%(count)s given).",
                    count=len(self),
                )
            )
        return self

    # ------------------------------------------------------------------
    # Board: changes
    # ------------------------------------------------------------------
    def dispatch_board_move(
        self,
        technician_id,
        start,
        end,
        from_technician_id=False,
        override_reason=False,
    ):
        """Assign, move or resize one order from the board.

        The one server method behind every board gesture: it writes through
        the normal ``write`` (access rights, record rules, company checks, the
        overlap check) and schedules a new order with ``action_schedule``. Any
        hard refusal raises (UserError, ValidationError, AccessError), the
        request is rolled back and the board snaps back.

        Soft refusals: when the target technician lacks a required skill (or
        the minimum level), is on time off or outside his working hours for
        [start, end), nothing is written and the result is
        ``{"needs_override": True, "reasons": [sentence, ...]}``. Called again
        with a non-empty ``override_reason``, the move is written and the
        override recorded on the order (``dispatch_override_note`` and a
        message in the chatter naming who overrode what and why).

        :param technician_id: the row the order was dropped on
        :param start, end: the new scheduled interval (UTC strings)
        :param from_technician_id: the row it was dragged from (moving a crew
            member's block to another row replaces that crew member)
        :param override_reason: why the dispatcher overrides the warnings
        :return: ``True``, or the ``needs_override`` dict above
        """
        self._check_dispatch_access()
        self._ensure_one_dispatch()
        env = self.env
        technician_id = clean_id(technician_id, _("Technician"), env=env)
        from_technician_id = clean_id(
            from_technician_id, _("Previous technician"), env=env
        )
        try:
            start = clean_datetime(start, _("Start"), env)
            end = clean_datetime(end, _("End"), env)
        except ValidationError as exc:
            raise UserError(
                _("The new time of the order is not valid: %(why)s", why=exc.args[0])
            ) from exc
        reason = clean_str(override_reason, _("Override reason"), 2000, env)
        reason = (reason or "").strip()
        if not start or not end or end <= start:
            raise UserError(_("%(order)s must end after it starts.", order=self.name))
        if self.state not in MOVABLE_STATES:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(order)s is %(state)s: it cannot be planned from the board.",
                    order=self.name,
                    state=labels[self.state],
                )
            )
        vals = {"date_scheduled_start": start, "date_scheduled_end": end}
        vals.update(self._prepare_board_assignment(technician_id, from_technician_id))
        warnings = self._get_dispatch_assignment_warnings(technician_id, start, end)
        if warnings and not reason:
            return {"needs_override": True, "reasons": warnings}
        if warnings:
            vals["dispatch_override_note"] = self._format_dispatch_override_note(
                technician_id, warnings, reason
            )
        elif self.dispatch_override_note:
            # the order now meets the checks: the old override is history
            vals["dispatch_override_note"] = False
        self.with_context(**{OVERRIDE_NOTE_CTX: OVERRIDE_NOTE_TOKEN}).write(vals)
        if self.state == "new":
            self.action_schedule()
        if warnings:
            self._log_dispatch_override(vals["dispatch_override_note"])
        return True

    def _check_override_note_write(self, vals):
        """The override note is the record of a board override: written by
        ``dispatch_board_move`` only (token a client cannot send)."""
        if (
            "dispatch_override_note" in vals
            and not self.env.su
            and self.env.context.get(OVERRIDE_NOTE_CTX) is not OVERRIDE_NOTE_TOKEN
        ):
            raise UserError(
                _(
                    "The override note is written by the dispatch board when a "
                    "dispatcher assigns anyway: it cannot be edited by hand."
                )
            )

    def _prepare_board_assignment(self, technician_id, from_technician_id):
        technician_id = clean_id(technician_id, _("Technician"), env=self.env)
        from_technician_id = clean_id(
            from_technician_id, _("Previous technician"), env=self.env
        )
        if not technician_id:
            raise UserError(_("Drop the order on a technician's row."))
        # an unknown id: a clean error before any check reads the employee
        self._check_employees_exist([{"technician_id": technician_id}])
        if from_technician_id and from_technician_id in self.crew_ids.ids:
            if technician_id == from_technician_id:
                return {}
            if technician_id == self.technician_id.id:
                raise UserError(
                    _(
                        "%(order)s: the lead technician is already on this job.",
                        order=self.name,
                    )
                )
            return {
                "crew_ids": [
                    Command.unlink(from_technician_id),
                    Command.link(technician_id),
                ]
            }
        if technician_id == self.technician_id.id:
            return {}
        vals = {"technician_id": technician_id}
        if technician_id in self.crew_ids.ids:
            # the crew member becomes the lead
            vals["crew_ids"] = [Command.unlink(technician_id)]
        return vals

    def _get_dispatch_assignment_warnings(self, technician_id, start, end):
        """Translated sentences: why ``technician_id`` should not take this
        order during [start, end) (missing skill or level, time off, outside
        working hours); ``[]`` when nothing stands against it."""
        self.ensure_one()
        technician = (
            self.env["hr.employee.public"]
            .browse(technician_id)
            .exists()
            .filtered("is_field_technician")
        )
        if not technician:
            return []
        candidate = self._prepare_dispatch_technicians(technician, start, end)[0]
        job = self._prepare_dispatch_job()
        rejections, _matched = scoring.check_skills(candidate, job)
        rejections += scoring.working_rejections(candidate, start, end)
        return [
            _(
                "%(tech)s: %(why)s",
                tech=technician.name,
                why=self._format_dispatch_rejection(code, params),
            )
            for code, params in rejections
        ]

    def _format_dispatch_override_note(self, technician_id, warnings, reason):
        technician = self.env["hr.employee.public"].browse(technician_id)
        return _(
            "%(user)s assigned %(tech)s on %(date)s despite: %(warnings)s. "
            "Reason: %(reason)s",
            user=self.env.user.name,
            tech=technician.name,
            date=format_datetime(self.env, fields.Datetime.now()),
            warnings="; ".join(warnings),
            reason=reason,
        )

    def _log_dispatch_override(self, note):
        self.ensure_one()
        self.message_post(
            body=Markup("<p><strong>%s</strong></p><p>%s</p>")
            % (_("Dispatch override"), note),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    @api.depends(
        "technician_id",
        "crew_ids",
        "date_scheduled_start",
        "date_scheduled_end",
        "required_skill_ids",
        "min_skill_level",
    )
    def _compute_dispatch_warning(self):
        """The form's warning: a dispatcher may assign a technician who lacks
        a skill or is not working then from the form (the board asks for an
        override); the form says so. Only computed for the orders shown in a
        form (one order at a time); nothing for technicians."""
        can_see = self.env.su or self.env.user.has_group(DISPATCHER_GROUP)
        for order in self:
            warnings = []
            start, end = order.date_scheduled_start, order.date_scheduled_end
            if (
                can_see
                and order.state in MOVABLE_STATES
                and start
                and end
                and end > start
            ):
                for employee in order.technician_id | order.crew_ids:
                    warnings += order._get_dispatch_assignment_warnings(
                        employee._origin.id, start, end
                    )
            order.dispatch_warning = "\n".join(warnings) or False

    # ------------------------------------------------------------------
    # Suggestions
    # ------------------------------------------------------------------
    def action_open_dispatch_suggestions(self):
        self._check_dispatch_access()
        self._ensure_one_dispatch()
        wizard = self.env["service.dispatch.suggestion"].create({"order_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": _("Who should take %(order)s?", order=self.name),
            "res_model": "service.dispatch.suggestion",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    def get_dispatch_suggestions(self, date_from=False, date_to=False, limit=5):
        """Ranked technicians for this order, for the board (JSON and
        XML-RPC): a list of ``{"technician_id", "name", "score", "start",
        "end", "explanation"}``, eligible technicians only, best first. When
        it is empty, ``get_dispatch_suggestion_report`` says why."""
        return self.get_dispatch_suggestion_report(date_from, date_to, limit)[
            "suggestions"
        ]

    def get_dispatch_suggestion_report(self, date_from=False, date_to=False, limit=5):
        """The suggestions and, for every technician left out, why:

        ``{"suggestions": [as get_dispatch_suggestions],
        "reasons": [{"technician_id", "name", "reason"}],
        "message": "" or a sentence when no technician is eligible}``
        """
        self._check_dispatch_access()
        self._ensure_one_dispatch()
        env = self.env
        date_from = clean_datetime(date_from, _("From"), env) or None
        date_to = clean_datetime(date_to, _("Until"), env) or None
        limit = clean_int(limit, _("Limit"), 0, 100, env)
        suggestions = self._compute_dispatch_suggestions(date_from, date_to)
        result, reasons = [], []
        for suggestion in suggestions:
            if not suggestion.eligible:
                reasons.append(
                    {
                        "technician_id": suggestion.technician_id,
                        "name": suggestion.name or "",
                        "reason": self._format_dispatch_explanation(suggestion),
                    }
                )
                continue
            if limit and len(result) >= limit:
                continue
            result.append(
                {
                    "technician_id": suggestion.technician_id,
                    "name": suggestion.name or "",
                    "score": suggestion.score,
                    "start": fields.Datetime.to_string(suggestion.start),
                    "end": fields.Datetime.to_string(suggestion.end),
                    "explanation": self._format_dispatch_explanation(suggestion),
                }
            )
        message = ""
        if not result:
            message = (
                _("No technician can take %(order)s: see why below.", order=self.name)
                if reasons
                else _(
                    "No field technician works for %(company)s.",
                    company=self.company_id.name,
                )
            )
        return {"suggestions": result, "reasons": reasons, "message": message}

    def _get_dispatch_horizon(self, date_from=None, date_to=None):
        """(earliest, latest) for an order without a schedule."""
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        earliest = max(d for d in (now, date_from, self.window_start) if d)
        latest = date_to or self.window_end
        if latest and self.window_end:
            latest = min(latest, self.window_end)
        if not latest or latest <= earliest:
            latest = earliest + timedelta(days=SUGGESTION_HORIZON_DAYS)
        return earliest, latest

    def _compute_dispatch_suggestions(self, date_from=None, date_to=None):
        """Rank the company's field technicians for this order
        (``scoring.Suggestion`` list, best first, ineligible ones last)."""
        self.ensure_one()
        company = self.company_id
        job = self._prepare_dispatch_job(date_from, date_to)
        if job.start is not None:
            span_start = job.start - timedelta(days=1)
            span_end = job.start + job.duration + timedelta(days=1)
        else:
            span_start = job.earliest - timedelta(days=1)
            span_end = job.latest + timedelta(days=1)
        technicians = self.env["hr.employee.public"].search_fetch(
            [
                ("is_field_technician", "=", True),
                ("company_id", "=", company.id),
            ],
            [
                "name",
                "company_id",
                "resource_id",
                "resource_calendar_id",
                "home_latitude",
                "home_longitude",
            ],
            order="name, id",
        )
        if not technicians:
            return []
        candidates = self._prepare_dispatch_technicians(
            technicians, span_start, span_end
        )
        visits = self._get_dispatch_visit_counts(technicians)
        for candidate in candidates:
            candidate.site_visits, candidate.asset_visits = visits.get(
                candidate.id, (0, 0)
            )
        weights = scoring.Weights(
            travel=company.dispatch_weight_travel,
            load=company.dispatch_weight_load,
            history=company.dispatch_weight_history,
            urgency=company.dispatch_weight_urgency,
        )
        return scoring.rank(
            job,
            candidates,
            weights=weights,
            road_factor=company.dispatch_road_factor or 1.3,
            speed_kmh=company.dispatch_avg_speed_kmh or 50.0,
            day_of=self._get_dispatch_day_of(),
        )

    def _prepare_dispatch_technicians(self, technicians, start, end):
        """``scoring.Technician`` of each of ``technicians``
        (``hr.employee.public``) with their skills for this order, working
        time, breaks, time off and bookings in [start, end) (a few queries
        for all of them; visits not counted)."""
        skills = self._get_dispatch_skill_levels(technicians)
        availability = self._get_dispatch_availability(technicians, start, end)
        bookings = self._get_dispatch_bookings(technicians, start, end)
        result = []
        for tech in technicians:
            work, breaks, leaves = availability.get(tech.id, ([], [], []))
            result.append(
                scoring.Technician(
                    id=tech.id,
                    name=tech.name,
                    company_id=tech.company_id.id,
                    skills=skills.get(tech.id, {}),
                    work=work,
                    breaks=breaks,
                    leaves=leaves,
                    bookings=bookings.get(tech.id, []),
                    home=home_point(tech),
                )
            )
        return result

    @api.model
    def _get_dispatch_day_of(self):
        """A function: naive UTC moment -> the UTC start of its local day."""
        tz = pytz.timezone(self._get_dispatch_tz())

        def day_of(moment):
            local = pytz.utc.localize(moment).astimezone(tz)
            midnight = tz.localize(datetime.combine(local.date(), time.min))
            return midnight.astimezone(pytz.utc).replace(tzinfo=None)

        return day_of

    @api.model
    def _get_dispatch_tz(self):
        tz = (
            self.env.context.get("tz")
            or self.env.user.tz
            or self.env.company.resource_calendar_id.tz
            or "UTC"
        )
        # the context comes from the client: an unknown zone is UTC
        return tz if tz in pytz.all_timezones_set else "UTC"

    def _prepare_dispatch_job(self, date_from=None, date_to=None):
        self.ensure_one()
        site = self.site_id or self.partner_id
        duration = timedelta(hours=self.duration or 1.0)
        earliest = latest = None
        if not self.date_scheduled_start:
            earliest, latest = self._get_dispatch_horizon(date_from, date_to)
        return scoring.Job(
            company_id=self.company_id.id,
            duration=duration,
            location=partner_point(site),
            required_skills={s.id: s.name for s in self.required_skill_ids},
            min_level=self.min_skill_level,
            start=self.date_scheduled_start or None,
            earliest=earliest,
            latest=latest,
            deadline=self.resolution_deadline or None,
            response_deadline=self.response_deadline or None,
            now=fields.Datetime.now(),
            priority=int(self.priority or 1),
        )

    def _get_dispatch_skill_levels(self, technicians):
        """{employee id: {skill id: (level progress, level name)}} for the
        order's required skills, one query."""
        skill_ids = self.required_skill_ids._origin.ids
        if not skill_ids:
            return {}
        employee_skills = self.env["hr.employee.skill"].search_fetch(
            [
                ("employee_id", "in", technicians.ids),
                ("skill_id", "in", skill_ids),
            ],
            ["employee_id", "skill_id", "skill_level_id"],
        )
        employee_skills.skill_level_id.fetch(["name", "level_progress"])
        result = defaultdict(dict)
        for line in employee_skills:
            result[line.employee_id.id][line.skill_id.id] = (
                line.skill_level_id.level_progress,
                line.skill_level_id.name,
            )
        return result

    def _get_dispatch_work_intervals(self, technicians, start, end):
        """{employee id: [(start, end)]} available time (attendance minus time
        off), naive UTC; one batch per calendar."""
        return {
            tech_id: work
            for tech_id, (work, _breaks, _leaves) in self._get_dispatch_availability(
                technicians, start, end
            ).items()
        }

    def _get_dispatch_availability(self, technicians, start, end):
        """{employee id: (work, breaks, leaves)} in [start, end), naive UTC:
        the available time (attendance minus time off), the breaks of each
        working day (lunch: gaps between two attendances of one day that are
        no time off) and the time off; one batch per calendar."""
        by_calendar = defaultdict(lambda: self.env["hr.employee.public"])
        for tech in technicians:
            calendar = tech.resource_calendar_id or tech.company_id.resource_calendar_id
            by_calendar[calendar] |= tech
        result = {}
        utc_start, utc_end = pytz.utc.localize(start), pytz.utc.localize(end)
        day_of = self._get_dispatch_day_of()
        for calendar, techs in by_calendar.items():
            if not calendar:
                for tech in techs:
                    result[tech.id] = ([(start, end)], [], [])
                continue
            # sudo: time off of technicians with a user is private to them
            # (resource's rule); only the periods are used here, no detail
            calendar = calendar.sudo()
            resources = techs.resource_id.sudo()
            attendances = calendar._attendance_intervals_batch(
                utc_start, utc_end, resources=resources
            )
            leaves = calendar._leave_intervals_batch(
                utc_start, utc_end, resources=resources
            )
            for tech in techs:
                resource_id = tech.resource_id.id
                attendance = attendances.get(resource_id)
                leave = leaves.get(resource_id)
                if attendance is None:
                    result[tech.id] = ([], [], [])
                    continue
                work = attendance - leave if leave is not None else attendance
                naive_leaves = _naive_intervals(leave or [])
                result[tech.id] = (
                    _naive_intervals(work),
                    scoring.day_breaks(
                        _naive_intervals(attendance), naive_leaves, day_of
                    ),
                    naive_leaves,
                )
        return result

    def _get_dispatch_bookings(self, technicians, start, end):
        """{employee id: [scoring.Booking]}: the technicians' other orders in
        the span, as lead or crew; three queries."""
        # sudo: a booking the user cannot see (another team's, another
        # company's order of a shared technician) still holds the technician;
        # only its times, reference and site coordinates are used
        orders = (
            self.sudo()
            .with_context(active_test=True)
            .search_fetch(
                [
                    ("id", "!=", self._origin.id or 0),
                    ("state", "in", BLOCKING_STATES),
                    ("date_scheduled_start", "<", end),
                    ("date_scheduled_end", ">", start),
                    "|",
                    ("technician_id", "in", technicians.ids),
                    ("crew_ids", "in", technicians.ids),
                ],
                [
                    "name",
                    "technician_id",
                    "date_scheduled_start",
                    "date_scheduled_end",
                    "site_id",
                    "partner_id",
                ],
            )
        )
        orders.fetch(["crew_ids"])
        (orders.site_id | orders.partner_id).fetch(
            ["partner_latitude", "partner_longitude"]
        )
        result = defaultdict(list)
        for order in orders:
            point = partner_point(order.site_id or order.partner_id)
            booking = scoring.Booking(
                start=order.date_scheduled_start,
                end=order.date_scheduled_end,
                lat=point[0] if point else None,
                lon=point[1] if point else None,
                ref=order.name,
            )
            for employee_id in [order.technician_id.id, *order.crew_ids.ids]:
                if employee_id:
                    result[employee_id].append(booking)
        return result

    def _get_dispatch_visit_counts(self, technicians):
        """{employee id: (site visits, asset visits)}: completed orders at
        this order's site, as lead or crew. Extension point: an addon that
        knows the serviced equipment (``service_asset``) adds the asset
        visits."""
        self.ensure_one()
        site = self.site_id or self.partner_id
        if not site:
            return {}
        domain = [
            ("state", "=", "done"),
            ("site_id", "=", site.id),
            ("id", "!=", self.id),
        ]
        counts = defaultdict(int)
        for employee, count in self._read_group(
            domain + [("technician_id", "in", technicians.ids)],
            ["technician_id"],
            ["__count"],
        ):
            counts[employee.id] += count
        for employee, count in self._read_group(
            domain + [("crew_ids", "in", technicians.ids)],
            ["crew_ids"],
            ["__count"],
        ):
            counts[employee.id] += count
        return {employee_id: (count, 0) for employee_id, count in counts.items()}

    def _format_dispatch_explanation(self, suggestion):
        """The suggestion in words, in the user's language and time zone."""
        tz = pytz.timezone(self._get_dispatch_tz())

        def hhmm(moment):
            return pytz.utc.localize(moment).astimezone(tz).strftime("%H:%M")

        parts = []
        for code, params in suggestion.rejections:
            parts.append(self._format_dispatch_rejection(code, params))
        facts = suggestion.facts
        for skill, level, _progress in facts.get("skills", []):
            parts.append(_("has skill %(skill)s (%(level)s)", skill=skill, level=level))
        if not suggestion.eligible:
            return ", ".join(parts)
        travel = facts.get("travel") or {}
        if travel.get("minutes") is None:
            parts.append(self._format_dispatch_unknown_travel(travel))
        elif travel.get("origin") == "job":
            parts.append(
                _(
                    "%(km)s km / ~%(minutes)s min from previous job %(ref)s",
                    km=round(travel["km"]),
                    minutes=round(travel["minutes"]),
                    ref=travel.get("ref", ""),
                )
            )
        else:
            parts.append(
                _(
                    "%(km)s km / ~%(minutes)s min from home base",
                    km=round(travel["km"]),
                    minutes=round(travel["minutes"]),
                )
            )
        free_start, free_end = facts["free"]
        parts.append(
            _("free %(start)s-%(end)s", start=hhmm(free_start), end=hhmm(free_end))
        )
        for key, label in (
            ("site_visits", _("this site")),
            ("asset_visits", _("this unit")),
        ):
            count = facts.get(key) or 0
            if count == 1:
                parts.append(_("serviced %(what)s once", what=label))
            elif count == 2:
                parts.append(_("serviced %(what)s twice", what=label))
            elif count > 2:
                parts.append(
                    _("serviced %(what)s %(count)s times", what=label, count=count)
                )
        booked = facts.get("booked_hours") or 0.0
        if booked:
            parts.append(_("%(hours)s h booked that day", hours=round(booked, 1)))
        else:
            parts.append(_("nothing booked that day"))
        for key, label in (
            ("response_slack_hours", _("the response deadline")),
            ("deadline_slack_hours", _("the resolution deadline")),
        ):
            slack = facts.get(key)
            if slack is None:
                continue
            if slack >= 0:
                parts.append(
                    _(
                        "%(hours)s h before %(deadline)s",
                        hours=round(slack, 1),
                        deadline=label,
                    )
                )
            else:
                parts.append(
                    _(
                        "misses %(deadline)s by %(hours)s h",
                        hours=round(-slack, 1),
                        deadline=label,
                    )
                )
        return ", ".join(parts)

    def _format_dispatch_unknown_travel(self, travel):
        missing = travel.get("missing")
        if missing == "site":
            return _(
                "travel unknown: the site has no coordinates (geolocate its address)"
            )
        if missing == "job":
            return _(
                "travel unknown: the previous job %(ref)s has no coordinates "
                "(geolocate its site)",
                ref=travel.get("ref") or "",
            )
        return _("travel unknown: no home base coordinates (set them on the employee)")

    def _format_dispatch_rejection(self, code, params):
        if code == "company":
            return _("works for another company")
        if code == "missing_skill":
            return _("lacks skill %(skill)s", skill=params["skill"])
        if code == "low_level":
            return _(
                "%(skill)s level %(level)s (%(progress)s%%) below the required "
                "%(required)s%%",
                skill=params["skill"],
                level=params["level"],
                progress=params["progress"],
                required=params["required"],
            )
        if code == "not_working":
            return _("not working then (outside working hours)")
        if code == "time_off":
            return _("not working then (time off)")
        if code == "overlap":
            return _("already booked on %(order)s then", order=params["ref"])
        if code == "no_slot":
            return _(
                "no free slot of %(hours)s h in the period",
                hours=round(params["hours"], 1),
            )
        if code == "too_long":
            return _(
                "the job (%(hours)s h) is longer than any of his working days "
                "in the period",
                hours=round(params["hours"], 1),
            )
        return code

    def action_dispatch_assign(self, technician_id, start=False, end=False):
        """Assign a suggested technician (and slot) with one click.

        The suggestions only propose technicians who hold the skills and work
        then: a warning here means the situation changed since they were
        computed, and the assignment is refused with the reasons (the board
        is the place for an explicit override)."""
        self._check_dispatch_access()
        self._ensure_one_dispatch()
        env = self.env
        start = clean_datetime(start, _("Start"), env) or self.date_scheduled_start
        end = clean_datetime(end, _("End"), env) or self.date_scheduled_end
        if not start or not end:
            raise UserError(_("%(order)s has no time slot to assign.", order=self.name))
        result = self.dispatch_board_move(
            technician_id,
            fields.Datetime.to_string(start),
            fields.Datetime.to_string(end),
        )
        if isinstance(result, dict):
            raise UserError(
                _(
                    "%(order)s cannot be assigned: %(reasons)s",
                    order=self.name,
                    reasons="; ".join(result["reasons"]),
                )
            )
        return result


def _naive_intervals(intervals):
    """Odoo ``Intervals`` (aware, any tz) -> sorted naive UTC pairs."""
    result = []
    for item in intervals:
        start, end = item[0], item[1]
        result.append(
            (
                start.astimezone(pytz.utc).replace(tzinfo=None),
                end.astimezone(pytz.utc).replace(tzinfo=None),
            )
        )
    return sorted(result)


def _complement(intervals, start, end):
    """[start, end) minus ``intervals`` (sorted, naive)."""
    result, cursor = [], start
    for i_start, i_end in intervals:
        if i_start > cursor:
            result.append((cursor, min(i_start, end)))
        cursor = max(cursor, i_end)
        if cursor >= end:
            break
    if cursor < end:
        result.append((cursor, end))
    return result


def _board_point(latitude, longitude):
    """(lat, lon) of a place, or None when it has no coordinates: (0, 0) is
    what an address that was never geocoded holds, not a place in the sea."""
    if not latitude and not longitude:
        return None
    return (latitude, longitude)

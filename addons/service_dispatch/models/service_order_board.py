"""Dispatch board: its data, the moves made on it and the bus notifications
that keep open boards up to date (``service.order``, dispatch part)."""

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

from odoo.addons.service_order.tools.input_guard import (
    clean_datetime,
    clean_id,
    clean_str,
)

from ..utils import scoring
from ..utils.travel import haversine_km, home_point, partner_point, travel_minutes
from .service_order import (
    BOARD_CHANNEL,
    BOARD_FILTERS,
    BOARD_NOTIFICATION,
    BOARD_PRECOMMIT_KEY,
    DISPATCHER_GROUP,
    MAX_BOARD_DAYS,
    MOVABLE_STATES,
    OVERRIDE_NOTE_CTX,
    OVERRIDE_NOTE_TOKEN,
    UNASSIGNED_COUNT_CAP,
    UNASSIGNED_LIMIT,
    _complement,
    _naive_intervals,
)


class ServiceOrder(models.Model):
    # one file per concern of the dispatch part of the order (issue 8)
    _inherit = "service.order"  # pylint: disable=consider-merging-classes-inherited

    def _auto_init(self):
        result = super()._auto_init()
        # the board's unassigned panel of one company (the usual board): its
        # new orders without a lead in the panel's order, the company as the
        # leading column. The page of 100 is a range scan that stops after
        # 100 entries and the bounded count an index-only scan of at most
        # 1,000 entries, whatever the number of unassigned orders and of other
        # companies' orders, and whatever the planner's statistics say (a
        # company whose orders were just imported has none yet: without this
        # index it filtered all of them by the company index, then sorted).
        # service_order's index (company last) still serves a board of several
        # companies at once.
        tools.create_index(
            self.env.cr,
            "service_order_board_unassigned_company_index",
            self._table,
            [
                "company_id",
                "response_deadline NULLS LAST",
                "priority DESC",
                "date_received",
                "id",
            ],
            where="state = 'new' AND technician_id IS NULL AND active",
        )
        return result

    # ------------------------------------------------------------------
    # Bus: push changes to the open dispatch boards
    # ------------------------------------------------------------------
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
            "unassigned_count": min(unassigned_count, UNASSIGNED_COUNT_CAP),
            "unassigned_count_capped": unassigned_count > UNASSIGNED_COUNT_CAP,
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
        """One block per booking (``service.order.assignment``) of the
        technicians shown: a helper who joins for two hours is a two-hour
        block on his row. A constant number of queries."""
        if not technicians:
            return []
        bookings = self.env["service.order.assignment"].search_fetch(
            [
                ("is_blocking", "=", True),
                ("employee_id", "in", technicians.ids),
                ("date_start", "<", end),
                ("date_end", ">", start),
            ],
            ["order_id", "employee_id", "role", "date_start", "date_end"],
            order="employee_id, date_start, id",
        )
        orders = bookings.order_id
        orders.fetch(
            [
                "name",
                "state",
                "priority",
                "partner_id",
                "site_id",
                "order_type_id",
                "duration",
                "sla_status",
            ]
        )
        partners = orders.partner_id | orders.site_id
        partners.fetch(["name", "partner_latitude", "partner_longitude"])
        orders.order_type_id.fetch(["name"])
        homes = {tech.id: home_point(tech) for tech in technicians}
        parts = orders._get_parts_availability(technicians)
        rows = defaultdict(list)
        for booking in bookings:
            rows[booking.employee_id.id].append(booking)
        company = self.env.company
        day_of = self._get_dispatch_day_of()
        blocks = []
        for tech_id, items in rows.items():
            previous_end, previous_point = None, None
            for booking in items:
                order = booking.order_id
                site = order.site_id or order.partner_id
                point = partner_point(site)
                # the day starts from the home base, then goes job to job
                linked = previous_end is not None and day_of(previous_end) == day_of(
                    booking.date_start
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
                        "assignment_id": booking.id,
                        "name": order.name or "",
                        "technician_id": tech_id,
                        "role": booking.role,
                        "start": fields.Datetime.to_string(booking.date_start),
                        "end": fields.Datetime.to_string(booking.date_end),
                        "duration": order.duration or 0.0,
                        "state": order.state,
                        "priority": order.priority or "0",
                        "partner": order.partner_id.name or "",
                        "site": site.name or "",
                        "order_type": order.order_type_id.name or "",
                        "sla_status": order.sla_status or False,
                        "travel_minutes": travel,
                        "parts": parts.get((order.id, tech_id)) or False,
                        "travel_unknown": bool(unknown),
                        "travel_unknown_what": unknown,
                        "travel_tight": bool(
                            travel is not False
                            and linked
                            and previous_end + timedelta(minutes=travel)
                            > booking.date_start
                        ),
                    }
                )
                previous_end = booking.date_end
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
            # only the fields the cards show (the order's columns come from
            # the index, not from these)
            [
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
            ],
            order="response_deadline ASC NULLS LAST, priority DESC, "
            "date_received ASC, id ASC",
            limit=UNASSIGNED_LIMIT,
        )
        # always counted, so the number of queries does not depend on the data;
        # bounded, so its time does not grow with the unassigned orders
        count = self.search_count(domain, limit=UNASSIGNED_COUNT_CAP + 1)
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
        calendars = self._get_dispatch_calendar_intervals(technicians, start, end)
        for tech in technicians:
            intervals = calendars[tech.id]
            if intervals is None:
                result[str(tech.id)] = []
                continue
            attendance, leave = intervals
            work = _naive_intervals(attendance or [])
            periods = [(s, e, "off") for s, e in _complement(work, start, end)] + [
                (s, e, "leave") for s, e in _naive_intervals(leave or [])
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
        return travel_minutes(km, **company._get_dispatch_travel_settings())

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
        "assignment_ids.date_start",
        "assignment_ids.date_end",
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
                # each technician for his own hours (a helper's two hours)
                own = {
                    booking.employee_id._origin.id: (
                        booking.date_start,
                        booking.date_end,
                    )
                    for booking in order.assignment_ids
                    if booking.own_hours and booking.date_start and booking.date_end
                }
                for employee in order.technician_id | order.crew_ids:
                    employee_id = employee._origin.id
                    warnings += order._get_dispatch_assignment_warnings(
                        employee_id, *own.get(employee_id, (start, end))
                    )
            order.dispatch_warning = "\n".join(warnings) or False

"""Bookings of technicians: the planning inputs the board, the suggestions
and auto-dispatch read (availability, bookings, visits)."""

from collections import defaultdict

import pytz

from odoo import _, api, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_datetime

from ..utils import scoring
from ..utils.travel import partner_point
from .service_order import BLOCKING_STATES, _naive_intervals


class ServiceOrder(models.Model):
    _inherit = "service.order"

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
    # Planning inputs: availability, bookings, visits
    # ------------------------------------------------------------------
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

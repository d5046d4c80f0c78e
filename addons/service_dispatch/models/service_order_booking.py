"""Bookings of technicians: the planning inputs the board, the suggestions
and auto-dispatch read (availability, bookings, visits)."""

from collections import defaultdict

import pytz

from odoo import models

from ..utils import scoring
from ..utils.travel import partner_point
from .service_order import _naive_intervals


class ServiceOrder(models.Model):
    # one file per concern of the dispatch part of the order (issue 8)
    _inherit = "service.order"  # pylint: disable=consider-merging-classes-inherited

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
        result = {}
        day_of = self._get_dispatch_day_of()
        calendars = self._get_dispatch_calendar_intervals(technicians, start, end)
        for tech in technicians:
            intervals = calendars[tech.id]
            if intervals is None:
                result[tech.id] = ([(start, end)], [], [])
                continue
            attendance, leave = intervals
            if attendance is None:
                result[tech.id] = ([], [], [])
                continue
            work = attendance - leave if leave is not None else attendance
            naive_leaves = _naive_intervals(leave or [])
            result[tech.id] = (
                _naive_intervals(work),
                scoring.day_breaks(_naive_intervals(attendance), naive_leaves, day_of),
                naive_leaves,
            )
        return result

    def _get_dispatch_calendar_intervals(self, technicians, start, end):
        """{employee id: (attendance, time off)} in [start, end) as resource's
        own ``Intervals`` (either ``None`` when the calendar gives nothing for
        the technician), or ``None`` for a technician without a calendar
        (always available). One batch of resource's batched interval methods
        per working-time calendar: the one helper behind the board's greyed
        periods, the suggestions' and auto-dispatch's availability."""
        by_calendar = defaultdict(technicians.browse)
        for tech in technicians:
            calendar = tech.resource_calendar_id or tech.company_id.resource_calendar_id
            by_calendar[calendar] |= tech
        utc_start, utc_end = pytz.utc.localize(start), pytz.utc.localize(end)
        result = {}
        for calendar, techs in by_calendar.items():
            if not calendar:
                result.update(dict.fromkeys(techs.ids))
                continue
            # sudo: time off of technicians with a user is private to them
            # (resource's own-leaves rule); only the periods leave this
            # method, never a leave's name or reason
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
                result[tech.id] = (
                    attendances.get(resource_id),
                    leaves.get(resource_id),
                )
        return result

    def _get_dispatch_bookings(self, technicians, start, end):
        """{employee id: [scoring.Booking]}: the technicians' blocking
        bookings (``service.order.assignment``) in the span but this order's,
        lead or crew alike, each with its own hours; three queries."""
        # sudo: a booking the user cannot see (another team's, another
        # company's order of a shared technician) still holds the technician;
        # only its times, reference and site coordinates are used
        bookings = (
            self.env["service.order.assignment"]
            .sudo()
            .search_fetch(
                [
                    ("is_blocking", "=", True),
                    ("employee_id", "in", technicians.ids),
                    ("order_id", "!=", self._origin.id or 0),
                    ("date_start", "<", end),
                    ("date_end", ">", start),
                ],
                ["employee_id", "order_id", "date_start", "date_end"],
                order="date_start, id",
            )
        )
        orders = bookings.order_id
        orders.fetch(["name", "site_id", "partner_id"])
        (orders.site_id | orders.partner_id).fetch(
            ["partner_latitude", "partner_longitude"]
        )
        result = defaultdict(list)
        for booking in bookings:
            order = booking.order_id
            point = partner_point(order.site_id or order.partner_id)
            result[booking.employee_id.id].append(
                scoring.Booking(
                    start=booking.date_start,
                    end=booking.date_end,
                    lat=point[0] if point else None,
                    lon=point[1] if point else None,
                    ref=order.name,
                )
            )
        return result

    def _get_dispatch_visit_counts(self, technicians):
        """{employee id: (site visits, asset visits)}: completed orders at
        this order's site, as lead or crew (one ``_read_group`` on the
        bookings). Extension point: an addon that knows the serviced
        equipment (``service_asset``) adds the asset visits."""
        self.ensure_one()
        site = self.site_id or self.partner_id
        if not site:
            return {}
        groups = self.env["service.order.assignment"]._read_group(
            [
                ("employee_id", "in", technicians.ids),
                ("order_id.state", "=", "done"),
                ("order_id.site_id", "=", site.id),
                ("order_id", "!=", self.id),
            ],
            ["employee_id"],
            ["order_id:count_distinct"],
        )
        return {employee.id: (count, 0) for employee, count in groups}

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from ..utils.workdays import hours_per_day, ratio

# the scheduled refresh recomputes this many past days (and today)
REFRESH_DAYS = 62
# rows created or updated per batch
BATCH = 2000


class ServiceTechnicianDay(models.Model):
    """A technician's day: hours available on his calendar (time off
    excluded), hours worked and travelled, jobs completed.

    Stored, refreshed by a scheduled action (``_cron_refresh``): the available
    hours come from ``resource.calendar._work_intervals_batch``, one call per
    calendar for all its technicians; worked hours and jobs from two grouped
    queries. One row per technician and day (UNIQUE), updated in place, so a
    second refresh gives the same rows.
    """

    _name = "service.technician.day"
    _description = "Technician Day (utilisation)"
    _order = "date desc, employee_id"
    _rec_name = "employee_id"

    employee_id = fields.Many2one(
        "hr.employee",
        string="Technician",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    date = fields.Date(required=True, readonly=True, index=True)
    available_hours = fields.Float(
        string="Available (h)",
        readonly=True,
        aggregator="sum",
        help="Working time of the technician's calendar, time off excluded.",
    )
    work_hours = fields.Float(string="Work (h)", readonly=True, aggregator="sum")
    travel_hours = fields.Float(string="Travel (h)", readonly=True, aggregator="sum")
    job_count = fields.Integer(
        string="Jobs", readonly=True, aggregator="avg", help="Orders completed."
    )
    utilisation = fields.Float(
        string="Utilisation (%)",
        compute="_compute_ratios",
        store=True,
        aggregator="avg",
        help="Work / available hours of the day.",
    )
    travel_share = fields.Float(
        string="Travel Share (%)",
        compute="_compute_ratios",
        store=True,
        aggregator="avg",
    )

    _sql_constraints = [
        (
            "employee_date_uniq",
            "unique (employee_id, date)",
            "One row per technician and day.",
        )
    ]

    @api.depends("available_hours", "work_hours", "travel_hours")
    def _compute_ratios(self):
        for day in self:
            day.utilisation = ratio(day.work_hours, day.available_hours) or 0.0
            day.travel_share = (
                ratio(day.travel_hours, day.travel_hours + day.work_hours) or 0.0
            )

    # ------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresh(self):
        today = fields.Date.context_today(self)
        self._refresh(today - timedelta(days=REFRESH_DAYS), today)

    @api.model
    def _get_refresh_employees(self, companies=None):
        """The technicians of ``companies`` (all companies by default)."""
        domain = [("is_field_technician", "=", True)]
        if companies is not None:
            domain.append(("company_id", "in", companies.ids))
        # sudo: technicians are read through hr.employee.public by the
        # suite's users; the refresh needs their calendars and resources
        return self.env["hr.employee"].sudo().search(domain)

    @api.model
    def _refresh(self, date_from, date_to, employees=None):
        """Recompute the rows of ``employees`` (all technicians) for the days
        ``date_from`` to ``date_to`` (included). Idempotent."""
        # sudo: the refresh reads calendars, resources and time off of the
        # technicians and writes rows of their companies; the caller chose
        # only the technicians and the period (the cron: all of them; the
        # workbook: those of the dispatcher's companies)
        self = self.sudo()
        employees = (employees or self._get_refresh_employees()).sudo()
        if not employees:
            return self.browse()
        values = defaultdict(
            lambda: {
                "available_hours": 0.0,
                "work_hours": 0.0,
                "travel_hours": 0.0,
                "job_count": 0,
            }
        )
        for key, hours in self._available_hours(employees, date_from, date_to).items():
            values[key]["available_hours"] = hours
        for key, work, travel in self._logged_hours(employees, date_from, date_to):
            values[key]["work_hours"] = work
            values[key]["travel_hours"] = travel
        for key, count in self._completed_jobs(employees, date_from, date_to):
            values[key]["job_count"] = count
        return self._store(employees, date_from, date_to, values)

    @api.model
    def _available_hours(self, employees, date_from, date_to):
        """``{(employee id, date): hours}``: one batched call per calendar."""
        result = {}
        by_calendar = defaultdict(lambda: employees.browse())
        for employee in employees:
            calendar = employee.resource_calendar_id
            if calendar:
                by_calendar[calendar] |= employee
        # a day either side: the employees' local days, whatever their zone
        start = pytz.utc.localize(
            datetime.combine(date_from - timedelta(days=1), time.min)
        )
        stop = pytz.utc.localize(
            datetime.combine(date_to + timedelta(days=2), time.min)
        )
        for calendar, group in by_calendar.items():
            intervals = calendar._work_intervals_batch(
                start, stop, resources=group.resource_id
            )
            for employee in group:
                pairs = [
                    (begin, end)
                    for begin, end, _meta in intervals.get(employee.resource_id.id, [])
                ]
                for day, hours in hours_per_day(pairs).items():
                    if date_from <= day <= date_to and hours:
                        result[(employee.id, day)] = hours
        return result

    @api.model
    def _local_day(self, column):
        """SQL: the local day (technician's zone) of a UTC timestamp column."""
        return SQL(
            "((%s AT TIME ZONE 'UTC') AT TIME ZONE COALESCE(r.tz, 'UTC'))::date",
            column,
        )

    @api.model
    def _bounds(self, date_from, date_to):
        return (
            datetime.combine(date_from - timedelta(days=1), time.min),
            datetime.combine(date_to + timedelta(days=2), time.min),
        )

    @api.model
    def _logged_hours(self, employees, date_from, date_to):
        self.env["service.order.timelog"].flush_model()
        start, stop = self._bounds(date_from, date_to)
        day = self._local_day(SQL("l.date_start"))
        self.env.cr.execute(
            SQL(
                """
                SELECT l.employee_id, %(day)s AS day,
                       SUM(CASE WHEN l.kind = 'work' THEN l.duration ELSE 0 END),
                       SUM(CASE WHEN l.kind = 'travel' THEN l.duration ELSE 0 END)
                  FROM service_order_timelog l
                  JOIN hr_employee e ON e.id = l.employee_id
                  JOIN resource_resource r ON r.id = e.resource_id
                 WHERE l.employee_id = ANY(%(ids)s)
                   AND l.date_start >= %(start)s AND l.date_start < %(stop)s
                 GROUP BY 1, 2
                """,
                day=day,
                ids=employees.ids,
                start=start,
                stop=stop,
            )
        )
        return [
            ((emp_id, day), work or 0.0, travel or 0.0)
            for emp_id, day, work, travel in self.env.cr.fetchall()
            if date_from <= day <= date_to
        ]

    @api.model
    def _completed_jobs(self, employees, date_from, date_to):
        self.env["service.order"].flush_model(["technician_id", "date_done", "state"])
        start, stop = self._bounds(date_from, date_to)
        day = self._local_day(SQL("o.date_done"))
        self.env.cr.execute(
            SQL(
                """
                SELECT o.technician_id, %(day)s AS day, COUNT(*)
                  FROM service_order o
                  JOIN hr_employee e ON e.id = o.technician_id
                  JOIN resource_resource r ON r.id = e.resource_id
                 WHERE o.technician_id = ANY(%(ids)s) AND o.state = 'done'
                   AND o.active
                   AND o.date_done >= %(start)s AND o.date_done < %(stop)s
                 GROUP BY 1, 2
                """,
                day=day,
                ids=employees.ids,
                start=start,
                stop=stop,
            )
        )
        return [
            ((emp_id, day), count)
            for emp_id, day, count in self.env.cr.fetchall()
            if date_from <= day <= date_to
        ]

    @api.model
    def _store(self, employees, date_from, date_to, values):
        """Update the rows in place, create the missing ones in batches, drop
        those with nothing left: twice the same refresh, the same rows."""
        # sudo: the refresh writes the rows of every company (server code,
        # nothing of the caller's input but the period reaches it)
        Day = self.sudo()
        existing = Day.search(
            [
                ("employee_id", "in", employees.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        )
        by_key = {(day.employee_id.id, day.date): day for day in existing}
        companies = {employee.id: employee.company_id.id for employee in employees}
        to_create = []
        stale = Day.browse()
        for key, day in by_key.items():
            if key not in values:
                stale |= day
        for key, vals in values.items():
            day = by_key.get(key)
            if day:
                if any(abs(day[f] - v) > 1e-9 for f, v in vals.items()):
                    day.write(vals)
            else:
                employee_id, date = key
                to_create.append(
                    dict(
                        vals,
                        employee_id=employee_id,
                        date=date,
                        company_id=companies[employee_id],
                    )
                )
        stale.unlink()
        created = Day.browse()
        for index in range(0, len(to_create), BATCH):
            created |= Day.create(to_create[index : index + BATCH])
        Day.flush_model()
        return (existing - stale) | created

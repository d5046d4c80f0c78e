"""The live operations dashboard: its data (one method, a bounded number of
queries) and the bus notifications that make open dashboards reload."""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.service_order.models.service_order import (
    DISPATCHER_GROUP,
    OPEN_STATES,
)

DASHBOARD_CHANNEL = "service_report_dashboard"
DASHBOARD_NOTIFICATION = "service_report/dashboard_changed"
DASHBOARD_PRECOMMIT_KEY = "service_report.dashboard_changes"
# a change of one of these fields may move a tile of the dashboard
DASHBOARD_FIELDS = frozenset(
    {
        "active",
        "state",
        "company_id",
        "technician_id",
        "crew_ids",
        "assignment_ids",
        "date_scheduled_start",
        "date_scheduled_end",
        "date_received",
        "order_type_id",
        "priority",
    }
)


def day_bounds_utc(env):
    """Today in the user's time zone, as naive UTC datetimes [start, end)."""
    tz_name = env.context.get("tz") or env.user.tz or "UTC"
    tz = pytz.timezone(tz_name) if tz_name in pytz.all_timezones_set else pytz.utc
    today = fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()
    start = tz.localize(datetime.combine(today, time.min))
    end = tz.localize(datetime.combine(today + timedelta(days=1), time.min))
    return (
        start.astimezone(pytz.utc).replace(tzinfo=None),
        end.astimezone(pytz.utc).replace(tzinfo=None),
    )


class ServiceOrder(models.Model):
    # one file per concern of the report part of the order
    _inherit = "service.order"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    @api.model
    def _check_dashboard_access(self):
        """The dashboard, the map and the handoff show a company's whole
        operations: dispatchers only (the user's groups decide, nothing the
        client sends)."""
        if self.env.su or self.env.user.has_group(DISPATCHER_GROUP):
            return
        raise AccessError(
            _(
                "Only dispatchers can open the operations dashboard, the map of "
                "today's jobs and the shift handoff."
            )
        )

    @api.model
    def get_operations_dashboard_data(self):
        """Everything the operations dashboard draws, in a constant number of
        queries whatever the number of orders (grouped counts only).

        Read with the caller's rights: the record rules (companies selected
        in the switcher) scope every count. Each tile carries the domain of
        the list it opens. The result marshals over XML-RPC (string keys,
        ``False`` for nothing).
        """
        self._check_dashboard_access()
        labels = dict(self._fields["state"]._description_selection(self.env))
        by_state = dict.fromkeys(OPEN_STATES, 0)
        at_risk = breached = 0
        for state, risk, breach, count in self._read_group(
            [("state", "in", OPEN_STATES)],
            ["state", "sla_at_risk", "sla_breached"],
            ["__count"],
        ):
            by_state[state] += count
            if breach:
                breached += count
            elif risk:
                at_risk += count
        unassigned_domain = self._get_dashboard_unassigned_domain()
        tiles = [
            {
                "key": "unassigned",
                "label": _("Unassigned"),
                "count": self.search_count(unassigned_domain),
                "domain": unassigned_domain,
                "level": "warning",
            },
            {
                "key": "at_risk",
                "label": _("SLA at Risk"),
                "count": at_risk,
                "domain": [
                    ("state", "in", OPEN_STATES),
                    ("sla_at_risk", "=", True),
                    ("sla_breached", "=", False),
                ],
                "level": "warning",
            },
            {
                "key": "breached",
                "label": _("SLA Breached"),
                "count": breached,
                "domain": [("state", "in", OPEN_STATES), ("sla_breached", "=", True)],
                "level": "danger",
            },
        ]
        overdue_pm = self._get_dashboard_overdue_pm()
        if overdue_pm:
            tiles.append(dict(overdue_pm, key="overdue_pm", level="danger"))
        return {
            "states": [
                {
                    "key": state,
                    "label": labels[state],
                    "count": by_state[state],
                    "domain": [("state", "=", state)],
                }
                for state in OPEN_STATES
            ],
            "open_count": sum(by_state.values()),
            "tiles": tiles,
            "technicians": self._get_dashboard_technician_progress(),
        }

    @api.model
    def _get_dashboard_unassigned_domain(self):
        # the partial index of the dispatch board serves this count
        return [("state", "=", "new"), ("technician_id", "=", False)]

    @api.model
    def _get_dashboard_overdue_pm(self):
        """The overdue preventive maintenance tile: ``{"label", "count",
        "domain"}``, or None when preventive maintenance is not installed
        (extension point: ``service_report_pm`` overrides it)."""
        return None

    @api.model
    def _get_dashboard_technician_progress(self):
        """Today's jobs per technician, done and planned (the user's day):
        the orders not cancelled with a booking of his today, counted by the
        same domain the row opens; two queries (bookings grouped, then the
        technicians' names)."""
        start, end = day_bounds_utc(self.env)
        today = [
            ("date_start", "<", fields.Datetime.to_string(end)),
            ("date_end", ">", fields.Datetime.to_string(start)),
        ]
        # distinct orders (an order booked twice today is one job), the same
        # orders as the row's domain opens
        data = self.env["service.order.assignment"]._read_group(
            [*today, ("order_id.state", "!=", "cancelled")],
            ["employee_id", "order_state"],
            ["order_id:count_distinct"],
        )
        progress = defaultdict(lambda: {"done": 0, "planned": 0, "in_progress": 0})
        for employee, state, count in data:
            entry = progress[employee]
            entry["planned"] += count
            if state == "done":
                entry["done"] += count
            elif state == "in_progress":
                entry["in_progress"] += count
        employees = self.env["hr.employee"].browse(
            [employee.id for employee in progress]
        )
        # one query for every name (the public view of the employees)
        names = {
            row["id"]: row["name"]
            for row in self.env["hr.employee.public"]
            .browse(employees.ids)
            .read(["name"])
        }
        rows = [
            {
                "id": employee.id,
                "name": names.get(employee.id, ""),
                "done": entry["done"],
                "in_progress": entry["in_progress"],
                "planned": entry["planned"],
                "domain": [
                    ("state", "!=", "cancelled"),
                    (
                        "assignment_ids",
                        "any",
                        [("employee_id", "=", employee.id), *today],
                    ),
                ],
            }
            for employee, entry in progress.items()
        ]
        rows.sort(key=lambda row: (row["name"].lower(), row["id"]))
        return rows

    # ------------------------------------------------------------------
    # Bus: open dashboards reload when orders change
    # ------------------------------------------------------------------
    def _notify_operations_dashboard(self):
        """Announce to the dashboards of the orders' companies that their data
        changed: once per company per transaction, just before the commit (a
        rolled back change sends nothing); ids only, each dashboard reloads
        with its reader's rights."""
        if not self:
            return
        cr = self.env.cr
        if DASHBOARD_PRECOMMIT_KEY not in cr.precommit.data:
            cr.precommit.data[DASHBOARD_PRECOMMIT_KEY] = set()

            @cr.precommit.add
            def send_dashboard_changes():
                company_ids = cr.precommit.data.pop(DASHBOARD_PRECOMMIT_KEY, set())
                # sudo: the companies of orders just written, to address the bus
                companies = self.env["res.company"].sudo().browse(sorted(company_ids))
                for company in companies.exists():
                    self.env["bus.bus"]._sendone(
                        (company, DASHBOARD_CHANNEL),
                        DASHBOARD_NOTIFICATION,
                        {"company_id": company.id},
                    )

        # sudo: the company of an order one may write is readable
        cr.precommit.data[DASHBOARD_PRECOMMIT_KEY].update(self.sudo().company_id.ids)

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._notify_operations_dashboard()
        return orders

    def write(self, vals):
        result = super().write(vals)
        if DASHBOARD_FIELDS.intersection(vals):
            self._notify_operations_dashboard()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_notify_operations_dashboard(self):
        self._notify_operations_dashboard()

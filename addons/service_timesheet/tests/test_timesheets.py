"""Finished travel and work logs become timesheets on the order's project,
once each, whichever path closed them."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.service_order.tests.common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestTimesheets(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(**cls._planned_values())
        cls.order.action_schedule()
        cls.order.action_dispatch()
        cls.Line = cls.env["account.analytic.line"]

    def sheets(self, order=None):
        return self.Line.search([("service_order_id", "=", (order or self.order).id)])

    def test_finished_logs_become_timesheets_once(self):
        order = self.order.with_user(self.tech_user_a)
        Log = self.env["service.order.timelog"].with_user(self.tech_user_a)
        with freeze_time("2026-01-13 09:00:00"):
            Log.create(
                {
                    "order_id": order.id,
                    "employee_id": self.tech_a.id,
                    "kind": "travel",
                    "date_start": datetime(2026, 1, 13, 8, 30),
                    "date_end": datetime(2026, 1, 13, 9, 0),
                }
            )
            order.action_start()
        # a running log is no timesheet yet
        self.assertEqual(len(self.sheets()), 1)
        with freeze_time("2026-01-13 10:30:00"):
            order.checklist_item_ids.write({"is_done": True})
            order.action_complete()
        sheets = self.sheets()
        self.assertEqual(len(sheets), 2)
        self.assertEqual(
            sorted(sheets.mapped("unit_amount")), [0.5, 1.5], "travel and work"
        )
        self.assertEqual(sheets.employee_id, self.tech_a)
        project = self.env.company.service_project_id
        self.assertTrue(project)
        self.assertEqual(sheets.project_id, project)
        self.assertEqual(set(sheets.mapped("date")), {datetime(2026, 1, 13).date()})
        for log in order.sudo().timelog_ids:
            self.assertIn(log.timesheet_id, sheets)
        # closing again (a replay, a recompute) adds nothing
        logs = self.order.timelog_ids
        logs._sync_timesheets()
        logs.write({"note": "checked"})
        self.assertEqual(self.sheets(), sheets)

    def test_corrections_follow_the_log(self):
        log = self.env["service.order.timelog"].create(
            {
                "order_id": self.order.id,
                "employee_id": self.tech_a.id,
                "kind": "work",
                "date_start": datetime(2026, 1, 13, 9, 0),
                "date_end": datetime(2026, 1, 13, 10, 0),
            }
        )
        sheet = log.timesheet_id
        self.assertEqual(sheet.unit_amount, 1.0)
        log.with_user(self.dispatcher).date_end = datetime(2026, 1, 13, 11, 0)
        self.assertEqual(log.timesheet_id, sheet)
        self.assertEqual(sheet.unit_amount, 2.0)
        # a break is no paid time
        log.with_user(self.dispatcher).kind = "break"
        self.assertFalse(log.timesheet_id)
        self.assertFalse(sheet.exists())
        log.with_user(self.dispatcher).kind = "work"
        sheet = log.timesheet_id
        self.assertTrue(sheet)
        log.with_user(self.dispatcher).unlink()
        self.assertFalse(sheet.exists(), "the timesheet goes with its log")

    def test_type_project_and_other_company(self):
        project = self.env["project.project"].create(
            {
                "name": "Installations",
                "allow_timesheets": True,
                "company_id": self.company.id,
            }
        )
        self.plain_type.project_id = project
        log = self.env["service.order.timelog"].create(
            {
                "order_id": self.order.id,
                "employee_id": self.tech_a.id,
                "date_start": datetime(2026, 1, 13, 9, 0),
                "date_end": datetime(2026, 1, 13, 9, 30),
            }
        )
        self.assertEqual(log.timesheet_id.project_id, project)
        # another company's order: not in this company's project, but in its
        # own default project, created once
        self.assertFalse(self.company2.service_project_id)
        employee = self.env["hr.employee"].create(
            {
                "name": "Bea B",
                "company_id": self.company2.id,
                "is_field_technician": True,
            }
        )
        order_b = self._create_order(company_id=self.company2.id)
        logs = self.env["service.order.timelog"].create(
            [
                {
                    "order_id": order_b.id,
                    "employee_id": employee.id,
                    "date_start": datetime(2026, 1, 13, hour, 0),
                    "date_end": datetime(2026, 1, 13, hour, 45),
                }
                for hour in (9, 10)
            ]
        )
        project_b = self.company2.service_project_id
        self.assertEqual(project_b.company_id, self.company2)
        self.assertEqual(logs.timesheet_id.project_id, project_b)
        self.assertEqual(len(logs.timesheet_id), 2)

    def test_no_forged_link(self):
        other = self.env["account.analytic.line"].create(
            {
                "name": "Someone else's",
                "project_id": self.env.company._get_service_project().id,
                "employee_id": self.tech_b.id,
                "unit_amount": 1,
            }
        )
        Log = self.env["service.order.timelog"].with_user(self.tech_user_a)
        with self.assertRaisesMessage(UserError, "cannot be set by hand"):
            Log.create(
                {
                    "order_id": self.order.id,
                    "employee_id": self.tech_a.id,
                    "date_start": datetime(2026, 1, 13, 9, 0),
                    "timesheet_id": other.id,
                }
            )
        self.assertFalse(self.order.timelog_ids)

    def test_batch_closing_queries(self):
        """Closing 10 or 50 logs at once: the same number of queries (after
        a first closing that warms the caches)."""
        counts = {}
        for size in (1, 10, 50):
            order = self._create_order()
            logs = self.env["service.order.timelog"].create(
                [
                    {
                        "order_id": order.id,
                        "employee_id": self.tech_c.id,
                        "kind": "work",
                        "date_start": datetime(2026, 2, 1 + index % 20, index // 20, 0),
                    }
                    for index in range(size)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            # as the completion of the order closes its open logs
            logs.with_context(**order._state_write_context()).write(
                {"date_end": datetime(2026, 3, 1)}
            )
            self.env.flush_all()
            counts[size] = self.env.cr.sql_log_count - start
            self.assertEqual(len(logs.timesheet_id), size)
        self.assertEqual(counts[10], counts[50], counts)

from datetime import date, datetime, timedelta
from statistics import mean

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_kpi import ReportCase, at

# (key, technician, site, type, received, started, done, travel hours)
# week of Tuesday 13 to Friday 16 January 2026; "cb" comes back on the site
# and type of "j1" the next day: it is j1's callback
JOBS = [
    ("j1", "a", "site", "plain", at(13, 8), at(13, 9), at(13, 11), 0.5),
    ("j2", "a", "site2", "plain", at(13, 13), at(13, 14), at(13, 15, 30), 1.0),
    ("cb", "b", "site", "plain", at(14, 8), at(14, 10), at(14, 12), 0.0),
    ("j4", "a", "site2", "maint", at(16, 7), at(16, 9), at(16, 13), 0.5),
]
WEEK = (date(2026, 1, 13), date(2026, 1, 16))


def _hours(delta):
    return delta.total_seconds() / 3600.0


class KpiWeekCase(ReportCase):
    """The hand-built week of JOBS, tech A off on Thursday."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.maint_type = cls.env["service.order.type"].create(
            {"name": "Test maintenance", "default_duration": 3.0}
        )
        cls.env["service.sla.policy"].create(
            {
                "order_type_id": cls.maint_type.id,
                "priority": "1",
                "response_hours": 1,
                "resolution_hours": 2,
                "calendar_id": cls.calendar.id,
                "company_id": cls.company.id,
            }
        )
        techs = {"a": cls.tech_a, "b": cls.tech_b}
        sites = {"site": cls.site, "site2": cls.site2}
        types = {"plain": cls.plain_type, "maint": cls.maint_type}
        cls.jobs = {}
        for key, tech, site, kind, received, started, done, travel in JOBS:
            cls.jobs[key] = cls._done_order(
                received,
                started,
                done,
                travel=travel,
                technician_id=techs[tech].id,
                site_id=sites[site].id,
                order_type_id=types[kind].id,
            )
        cls.open_order = cls._new_order(
            at(16, 8),
            technician_id=cls.tech_b.id,
            site_id=cls.site2.id,
            order_type_id=cls.maint_type.id,
        )
        # Tech A is off on Thursday 15th
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Tech A day off",
                "calendar_id": cls.calendar.id,
                "resource_id": cls.tech_a.resource_id.id,
                "date_from": datetime(2026, 1, 15, 0, 0),
                "date_to": datetime(2026, 1, 15, 23, 59, 59),
                "time_type": "leave",
            }
        )
        cls.week_domain = [
            ("date", ">=", datetime(2026, 1, 13)),
            ("date", "<", datetime(2026, 1, 17)),
            ("company_id", "=", cls.company.id),
        ]
        cls.Kpi = cls.env["service.report.kpi"].with_user(cls.dispatcher)


@tagged("post_install", "-at_install")
class TestKpis(KpiWeekCase):
    def test_expected_data(self):
        self.assertEqual(self.jobs["cb"].callback_of_id, self.jobs["j1"])

    def test_first_time_fix_and_callback_rates(self):
        summary = self.Kpi._get_kpi_summary(self.week_domain)
        done = len(JOBS)
        callbacks = {"cb"}
        # an order is first-time fixed when no callback points at it
        fixed = done - len({"j1"})
        self.assertEqual(summary["order_count"], done + 1)
        self.assertEqual(summary["done_count"], done)
        self.assertAlmostEqual(summary["ftf_rate"], 100.0 * fixed / done)
        self.assertAlmostEqual(summary["callback_rate"], 100.0 * len(callbacks) / done)

    def test_response_completion_and_travel(self):
        summary = self.Kpi._get_kpi_summary(self.week_domain)
        response = mean(
            _hours(started - received) for *_x, received, started, _d, _t in JOBS
        )
        completion = mean(
            _hours(done - received) for *_x, received, _s, done, _t in JOBS
        )
        work = sum(_hours(done - started) for *_x, started, done, _t in JOBS)
        travel = sum(job[-1] for job in JOBS)
        self.assertAlmostEqual(summary["response_hours"], response)
        self.assertAlmostEqual(summary["completion_hours"], completion)
        self.assertAlmostEqual(summary["work_hours"], work)
        self.assertAlmostEqual(summary["travel_hours"], travel)
        self.assertAlmostEqual(
            summary["travel_share"], 100.0 * travel / (travel + work)
        )
        estimate = sum(self.jobs[key].duration for key, *_rest in JOBS)
        self.assertAlmostEqual(summary["duration_ratio"], 100.0 * work / estimate)

    def test_sla_against_targets(self):
        summary = self.Kpi._get_kpi_summary(self.week_domain)
        orders = self.open_order.union(*self.jobs.values())
        under_sla = orders.filtered(lambda o: o.sla_status != "none")
        self.assertIn(self.jobs["j4"], under_sla)
        breached = under_sla.filtered("sla_breached")
        self.assertAlmostEqual(
            summary["sla_breach_rate"], 100.0 * len(breached) / len(under_sla)
        )
        # the response target of j4: 1 working hour after 08:00 (received 07:00)
        j4 = self.jobs["j4"]
        self.assertEqual(j4.response_deadline, at(16, 9))
        targets = [
            _hours(o.response_deadline - o.date_received)
            for o in orders
            if o.response_deadline
        ]
        self.assertAlmostEqual(summary["response_target_hours"], mean(targets))

    def test_by_technician_type_and_site(self):
        rows = self.Kpi._get_kpi_rows(self.week_domain, ["technician_id"])
        by_tech = {row["group"][0]: row for row in rows}
        self.assertEqual(by_tech[self.tech_a]["done_count"], 3)
        # tech A's j1 came back: 2 of his 3 jobs are first-time fixes
        self.assertAlmostEqual(by_tech[self.tech_a]["ftf_rate"], 200.0 / 3)
        self.assertAlmostEqual(by_tech[self.tech_b]["callback_rate"], 100.0)
        by_site = {
            row["group"][0]: row
            for row in self.Kpi._get_kpi_rows(self.week_domain, ["site_id"])
        }
        self.assertEqual(by_site[self.site]["done_count"], 2)
        by_type = {
            row["group"][0]: row
            for row in self.Kpi._get_kpi_rows(self.week_domain, ["order_type_id"])
        }
        self.assertEqual(by_type[self.maint_type]["order_count"], 2)
        # the pivot's groups by customer and period read the same view
        data = self.Kpi.read_group(
            self.week_domain, ["ftf_rate:avg"], ["partner_id", "date:day"], lazy=False
        )
        self.assertEqual(sum(group["__count"] for group in data), len(JOBS) + 1)

    def test_utilisation_with_a_day_off(self):
        Day = self.env["service.technician.day"]
        Day._refresh(*WEEK, employees=self.tech_a | self.tech_b)
        rows = Day.with_user(self.dispatcher).search(
            [
                ("employee_id", "=", self.tech_a.id),
                ("date", ">=", WEEK[0]),
                ("date", "<=", WEEK[1]),
            ]
        )
        # four working days of 8 hours, Thursday off
        available = 4 * 8 - 8
        work = sum(
            _hours(done - started)
            for _k, tech, *_x, started, done, _t in JOBS
            if tech == "a"
        )
        travel = sum(job[-1] for job in JOBS if job[1] == "a")
        self.assertAlmostEqual(sum(rows.mapped("available_hours")), available)
        self.assertFalse(rows.filtered(lambda r: r.date == date(2026, 1, 15)))
        self.assertAlmostEqual(sum(rows.mapped("work_hours")), work)
        self.assertAlmostEqual(sum(rows.mapped("travel_hours")), travel)
        self.assertEqual(sum(rows.mapped("job_count")), 3)
        tuesday = rows.filtered(lambda r: r.date == date(2026, 1, 13))
        self.assertAlmostEqual(tuesday.utilisation, 100.0 * 3.5 / 8)
        self.assertAlmostEqual(tuesday.travel_share, 100.0 * 1.5 / 5.0)
        total = Day.with_user(self.dispatcher)._read_group(
            [("employee_id", "=", self.tech_a.id)],
            [],
            ["work_hours:sum", "available_hours:sum"],
        )[0]
        self.assertAlmostEqual(100.0 * total[0] / total[1], 100.0 * work / available)

    def test_refresh_is_idempotent(self):
        Day = self.env["service.technician.day"]
        technicians = self.tech_a | self.tech_b

        def snapshot():
            rows = Day.search([("employee_id", "in", technicians.ids)])
            return sorted(
                (
                    r.id,
                    r.employee_id.id,
                    r.date,
                    r.available_hours,
                    r.work_hours,
                    r.job_count,
                )
                for r in rows
            )

        Day._refresh(*WEEK, employees=technicians)
        first = snapshot()
        Day._refresh(*WEEK, employees=technicians)
        self.assertEqual(snapshot(), first)
        self.assertEqual(len(first), len({(r[1], r[2]) for r in first}))
        # the cron's run covers the same rows and keeps them
        Day._refresh(WEEK[0] - timedelta(days=3), WEEK[1], employees=technicians)
        self.assertLessEqual({r[0] for r in first}, {r[0] for r in snapshot()})

    def test_cron_twice_same_rows(self):
        Day = self.env["service.technician.day"]
        with freeze_time("2026-01-20 02:00:00"):
            Day._cron_refresh()
            first = Day.search_read(
                [], ["employee_id", "date", "work_hours"], order="id"
            )
            Day._cron_refresh()
            self.assertEqual(
                Day.search_read([], ["employee_id", "date", "work_hours"], order="id"),
                first,
            )
        week = [r for r in first if r["employee_id"][0] == self.tech_a.id]
        self.assertAlmostEqual(
            sum(r["work_hours"] for r in week if WEEK[0] <= r["date"] <= WEEK[1]), 7.5
        )

    def test_rights(self):
        for model in ("service.report.kpi", "service.technician.day"):
            with self.subTest(model=model):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.tech_user_a).search([])
                self.assertTrue(
                    self.env[model].with_user(self.dispatcher).search_count([]) >= 0
                )
                with self.assertRaises(AccessError):
                    self.env[model].with_user(self.manager).create({})
        tech_menus = (
            self.env["ir.ui.menu"].with_user(self.tech_user_a)._visible_menu_ids()
        )
        dispatcher_menus = (
            self.env["ir.ui.menu"].with_user(self.dispatcher)._visible_menu_ids()
        )
        for xmlid in (
            "service_report.menu_service_report_root",
            "service_report.menu_service_report_kpi",
            "service_report.menu_service_technician_day",
            "service_report.menu_service_report_workbook",
        ):
            with self.subTest(menu=xmlid):
                menu = self.env.ref(xmlid)
                self.assertNotIn(menu.id, tech_menus)
                self.assertIn(menu.id, dispatcher_menus)
        # the manager configures the windows and shares, the dispatcher reads them
        self.plain_type.with_user(self.manager).write(
            {"callback_days": 10, "quality_share": 5}
        )
        with self.assertRaises(AccessError):
            self.plain_type.with_user(self.dispatcher).write({"callback_days": 2})
        self.assertEqual(self.plain_type.callback_days, 10)

    def test_company_b_invisible_to_a(self):
        partner_b = self.env["res.partner"].create(
            {"name": "B customer", "company_id": self.company2.id}
        )
        order_b = self.env["service.order"].create(
            {
                "partner_id": partner_b.id,
                "order_type_id": self.plain_type.id,
                "company_id": self.company2.id,
                "date_received": at(14, 8),
            }
        )
        all_kpis = self.env["service.report.kpi"].search(
            [("order_id", "=", order_b.id)]
        )
        self.assertTrue(all_kpis)
        self.assertFalse(self.Kpi.search([("order_id", "=", order_b.id)]))
        domain = [d for d in self.week_domain if d[0] != "company_id"]
        summary = self.Kpi._get_kpi_summary(domain)
        self.assertEqual(summary["order_count"], len(JOBS) + 1)
        tech_b2 = self.env["hr.employee"].create(
            {
                "name": "B technician",
                "company_id": self.company2.id,
                "is_field_technician": True,
                "resource_calendar_id": self.calendar.id,
            }
        )
        self.env["service.technician.day"]._refresh(*WEEK, employees=tech_b2)
        self.assertTrue(
            self.env["service.technician.day"].search(
                [("employee_id", "=", tech_b2.id)]
            )
        )
        self.assertFalse(
            self.env["service.technician.day"]
            .with_user(self.dispatcher)
            .search([("employee_id", "=", tech_b2.id)])
        )


@tagged("post_install", "-at_install")
class TestKpiQueries(ReportCase):
    """The KPI reads cost the same at 10 and 100 orders."""

    def _orders(self, count, day):
        orders = self.env["service.order"].create(
            [
                self._order_values(
                    site_id=self.env["res.partner"]
                    .create(
                        {
                            "name": f"QC {count}-{i}",
                            "parent_id": self.customer.id,
                            "type": "delivery",
                        }
                    )
                    .id,
                    technician_id=(self.tech_a if i % 2 else self.tech_b).id,
                    date_received=at(day, 8),
                )
                for i in range(count)
            ]
        )
        orders._write_lifecycle(
            {"state": "done", "date_started": at(day, 9), "date_done": at(day, 10)}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        return orders

    def _read_kpis(self, orders):
        Kpi = self.env["service.report.kpi"].with_user(self.dispatcher)
        domain = [("order_id", "in", orders.ids)]
        Kpi._get_kpi_rows(domain, ["technician_id"])
        Kpi.read_group(
            domain, ["ftf_rate:avg", "response_hours:avg"], ["site_id"], lazy=False
        )

    def test_kpi_reads_10_vs_100(self):
        self._read_kpis(self._orders(3, 5))  # warm-up
        counts = []
        for count, day in ((10, 6), (100, 7)):
            orders = self._orders(count, day)
            before = self.env.cr.sql_log_count
            self._read_kpis(orders)
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1], f"queries 10 vs 100: {counts}")
        orders = self._orders(100, 8)
        with self.assertQueryCount(counts[1]):
            self._read_kpis(orders)

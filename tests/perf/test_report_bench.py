"""Service report benchmark: the KPI refresh, the KPI reads and the weekly
workbook over 10,000 and 100,000 orders.

Run by ``make bench`` (not by ``make test``), or directly::

    .venv/bin/pytest --odoo-config .run/odoo.conf --odoo-database <db> \\
        tests/perf/test_report_bench.py -s -p vroom

Data (``data/report_bench.py``, fixed seed): a company of its own with 40
technicians on an office-hours calendar, orders over 12 weeks inserted with SQL
in batches (orders, their work and travel logs, the callbacks and first-time
fix flags), first 10,000 then 90,000 more (``REPORT_BENCH_SIZES=10000,100000``).
At each size, as the scheduler and as a dispatcher of that company:

- refresh: ``service.technician.day._refresh`` of the 12 weeks (every
  technician: available hours from the calendars, work, travel, jobs);
- KPI read: the KPIs by technician and by site (grouped queries on the view);
- workbook: the wizard's export over the 12 weeks (refresh included).

Each is measured once traced (peak Python memory, ``tracemalloc``, rolled
back) and once timed (seconds, queries). The goal: the same number of queries
and about the same peak memory at 100,000 as at 10,000 orders (the work is in
grouped SQL, the workbook is streamed); the test fails when the queries or the
memory grow with the orders. Everything rolls back at the end.
"""

import contextlib
import gc
import importlib.util
import os
import pathlib
import time
import tracemalloc
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools import SQL

REPO = pathlib.Path(__file__).resolve().parents[2]
SIZES = [
    int(s) for s in os.environ.get("REPORT_BENCH_SIZES", "10000,100000").split(",")
]
START = datetime(2026, 1, 5)  # a Monday
CHUNK = 5000
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_activity_quick_update": True,
    "tz": "UTC",
}


def _generator():
    spec = importlib.util.spec_from_file_location(
        "report_bench_data", REPO / "data" / "report_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Rollback(Exception):
    """Raised to roll the memory-measuring pass back."""


class TestReportBench(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        env = cls.env
        cls.gen = _generator()
        cls.company = env["res.company"].create({"name": "Report Bench Co"})
        calendar = env["resource.calendar"].create(
            {
                "name": "Report bench office hours",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        sample = cls.gen.make_orders(1)
        cls.technicians = env["hr.employee"].create(
            [
                {
                    "name": name,
                    "company_id": cls.company.id,
                    "is_field_technician": True,
                    "resource_calendar_id": calendar.id,
                    "tz": "UTC",
                }
                for name in sample["technicians"]
            ]
        )
        cls.types = env["service.order.type"].create(
            [{"name": f"RPT {name}"} for name in sample["order_types"]]
        )
        cls.customer = env["res.partner"].create(
            {"name": "RPT Customer", "is_company": True, "company_id": cls.company.id}
        )
        cls.dispatcher = new_test_user(
            env,
            "report_bench_dispatcher",
            groups="service_order.group_service_dispatcher",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.sites = env["res.partner"]
        cls.loaded = 0

    # ------------------------------------------------------------ loading
    def _load(self, size):
        """Insert orders (SQL, in batches) until ``size`` are loaded."""
        data = self.gen.make_orders(size)
        cr = self.env.cr
        missing = len(data["sites"]) - len(self.sites)
        if missing > 0:
            self.sites |= self.env["res.partner"].create(
                [
                    {"name": name, "type": "delivery", "parent_id": self.customer.id}
                    for name in data["sites"][len(self.sites) :]
                ]
            )
        self.env.flush_all()
        rows = data["orders"][self.loaded :]
        first_name = self.loaded
        minute = timedelta(minutes=1)
        for index in range(0, len(rows), CHUNK):
            chunk = rows[index : index + CHUNK]
            values = []
            for number, row in enumerate(chunk, start=first_name + index):
                received = START + row["received"] * minute
                started = START + row["started"] * minute if row["started"] else None
                done = START + row["done"] * minute if row["done"] else None
                values.append(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s, 'phone', TRUE, %s, '1', %s, %s, "
                        "%s, %s, %s, 'none', %s)",
                        f"RPT{number:07d}",
                        self.company.id,
                        self.customer.id,
                        self.sites[row["site"]].id,
                        self.types[row["order_type"]].id,
                        self.technicians[row["technician"]].id,
                        "done" if done else "scheduled",
                        received,
                        started,
                        done,
                        row["estimate"],
                        bool(done),
                        done or received,
                    )
                )
            cr.execute(
                SQL(
                    """
                    INSERT INTO service_order (
                        name, company_id, partner_id, site_id, order_type_id,
                        technician_id, channel, active, state, priority,
                        date_received, date_started, date_done, duration,
                        is_first_time_fix, sla_status, date_state_changed)
                    VALUES %s RETURNING id
                    """,
                    SQL(", ").join(values),
                )
            )
            ids = [r[0] for r in cr.fetchall()]
            logs = []
            callbacks = []
            for order_id, row in zip(ids, chunk, strict=True):
                if not row["done"]:
                    continue
                tech = self.technicians[row["technician"]].id
                started = START + row["started"] * minute
                logs.append(
                    SQL(
                        "(%s, %s, %s, 'work', %s, %s, %s)",
                        order_id,
                        tech,
                        self.company.id,
                        started,
                        START + row["done"] * minute,
                        (row["done"] - row["started"]) / 60.0,
                    )
                )
                if row["travel"]:
                    logs.append(
                        SQL(
                            "(%s, %s, %s, 'travel', %s, %s, %s)",
                            order_id,
                            tech,
                            self.company.id,
                            started - row["travel"] * minute,
                            started,
                            row["travel"] / 60.0,
                        )
                    )
                if row["callback"]:
                    callbacks.append(order_id)
            cr.execute(
                SQL(
                    "INSERT INTO service_order_timelog (order_id, employee_id, "
                    "company_id, kind, date_start, date_end, duration) VALUES %s",
                    SQL(", ").join(logs),
                )
            )
            if callbacks:
                # the callback of the previous completed order of its site
                cr.execute(
                    SQL(
                        """
                        UPDATE service_order o
                           SET callback_of_id = p.prev, callback_state = 'confirmed'
                          FROM (
                            SELECT id, LAG(id) OVER (
                                PARTITION BY site_id ORDER BY date_done, id) AS prev
                              FROM service_order
                             WHERE company_id = %s AND state = 'done'
                          ) p
                         WHERE p.id = o.id AND o.id = ANY(%s) AND p.prev IS NOT NULL
                        """,
                        self.company.id,
                        callbacks,
                    )
                )
        cr.execute(
            SQL(
                """
                UPDATE service_order o
                   SET is_first_time_fix = NOT EXISTS (
                        SELECT 1 FROM service_order c WHERE c.callback_of_id = o.id)
                 WHERE o.company_id = %s AND o.state = 'done'
                """,
                self.company.id,
            )
        )
        # the statistics autovacuum keeps in production: the planner then
        # hashes the time logs instead of looping over them
        cr.execute(SQL("ANALYZE service_order, service_order_timelog"))
        self.loaded = size
        self.env.invalidate_all()

    # ---------------------------------------------------------- measuring
    def _peak_memory(self, run):
        env = self.env
        env.flush_all()
        env.invalidate_all()
        gc.collect()
        tracemalloc.start()
        try:
            with contextlib.suppress(_Rollback), env.cr.savepoint():
                run()
                env.flush_all()
                _current, peak = tracemalloc.get_traced_memory()
                raise _Rollback
        finally:
            tracemalloc.stop()
            env.invalidate_all()
        return peak / (1024.0 * 1024.0)

    def _measure(self, label, size, run):
        peak_mb = self._peak_memory(run)
        env = self.env
        gc.collect()
        # rolled back too: each size starts from the same state (no rows of
        # the refresh yet)
        with contextlib.suppress(_Rollback), env.cr.savepoint():
            queries = env.cr.sql_log_count
            start = time.perf_counter()
            result = run()
            env.flush_all()
            seconds = time.perf_counter() - start
            queries = env.cr.sql_log_count - queries
            raise _Rollback
        env.invalidate_all()
        return {
            "label": label,
            "orders": size,
            "seconds": seconds,
            "queries": queries,
            "peak_mb": peak_mb,
            "result": result,
        }

    def _period(self):
        days = self.gen.make_orders(1)["days"]
        return START.date(), START.date() + timedelta(days=days - 1)

    def _scenarios(self):
        date_from, date_to = self._period()
        cron_env = self.env(context={})
        dispatcher_env = self.env(user=self.dispatcher, context={"tz": "UTC"})
        domain = [
            ("date", ">=", datetime.combine(date_from, datetime.min.time())),
            (
                "date",
                "<",
                datetime.combine(date_to + timedelta(days=1), datetime.min.time()),
            ),
        ]

        def refresh():
            return len(
                cron_env["service.technician.day"]._refresh(
                    date_from, date_to, employees=self.technicians
                )
            )

        def read():
            Kpi = dispatcher_env["service.report.kpi"]
            by_tech = Kpi._get_kpi_rows(domain, ["technician_id"])
            Kpi._get_kpi_rows(domain, ["site_id"])
            return sum(row["order_count"] for row in by_tech)

        def workbook():
            wizard = dispatcher_env["service.report.workbook.wizard"].create(
                {"date_from": date_from, "date_to": date_to}
            )
            wizard.action_export()
            return len(wizard.attachment_id.sudo().raw)

        return [("KPI refresh", refresh), ("KPI read", read), ("workbook", workbook)]

    # --------------------------------------------------------- benchmark
    def test_report_bench(self):
        results = []
        warm = False
        for size in SIZES:
            self._load(size)
            scenarios = self._scenarios()
            if not warm:
                for _label, run in scenarios:  # warm-up (caches, imports)
                    with contextlib.suppress(_Rollback), self.env.cr.savepoint():
                        run()
                        raise _Rollback
                warm = True
            for label, run in scenarios:
                results.append(self._measure(label, size, run))
        self._report(results)
        by_label = {}
        for row in results:
            by_label.setdefault(row["label"], []).append(row)
        kpi_orders = [r["result"] for r in by_label["KPI read"]]
        self.assertEqual(kpi_orders, SIZES, "the KPIs count every bench order")
        for label, rows in by_label.items():
            small, large = rows[0], rows[-1]
            with self.subTest(label=label):
                # the refresh writes one row per technician and day with
                # work: a few more batches when more days have work, never a
                # query per order
                self.assertLessEqual(
                    large["queries"],
                    small["queries"] * 1.1 + 2,
                    f"{label}: queries grow with the orders",
                )
                self.assertLess(
                    large["peak_mb"],
                    small["peak_mb"] * 1.5 + 2.0,
                    f"{label}: memory grows with the orders",
                )

    def _report(self, rows):
        lines = [
            "",
            "service report benchmark (orders over 12 weeks, 40 technicians)",
            f"{'scenario':<14}{'orders':>9}{'seconds':>10}{'queries':>9}"
            f"{'peak MB':>10}  result",
        ]
        for row in rows:
            lines.append(
                f"{row['label']:<14}{row['orders']:>9}{row['seconds']:>10.2f}"
                f"{row['queries']:>9}{row['peak_mb']:>10.1f}  {row['result']}"
            )
        print("\n".join(lines))  # noqa: T201 - the benchmark's output

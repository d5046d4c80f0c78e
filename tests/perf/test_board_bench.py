"""Dispatch board data benchmark: 25 technicians x 5 days, 200 orders (150
planned on the board, 50 unassigned), then 2,000 (1,850 unassigned) and
20,000 orders (19,850 unassigned).

Run by ``make bench`` when service_dispatch is installed (skipped otherwise);
or directly::

    .venv/bin/pytest --odoo-config .run/odoo.conf --odoo-database <db> \\
        tests/perf/test_board_bench.py -s -p vroom

``get_dispatch_board_data(start, end)`` as a dispatcher, a new request each
time (empty record cache), median of ``BOARD_BENCH_REPEAT`` runs after a
warm-up. Goal: the same queries at 200, 2,000 and 20,000 orders, and a time
that does not grow with the unassigned orders: 20,000 within 1.1x of 2,000.
From 2,000 on the panel shows a full page (100 cards, 50 at 200 orders: more
data shown, not more orders scanned), so growth is judged on the orders
beyond the page; the time at 200 is printed for reference.

The data are created in the test's transaction (rolled back), which
autovacuum never sees: the tables are ANALYZEd after each batch, as
autoanalyze does in a real database once such a batch is committed (without
it the planner believes the new company has one order and filters all of
them through the company index, then sorts). The verdict is printed.
"""

import os
import statistics
import time
import unittest
from datetime import datetime, timedelta

from odoo.tests.common import TransactionCase, new_test_user

REPEAT = int(os.environ.get("BOARD_BENCH_REPEAT", "15"))
TECHNICIANS, DAYS, PLANNED, SMALL, MIDDLE, TOTAL = 25, 5, 150, 200, 2000, 20000
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "tz": "UTC",
}


class TestBoardBench(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "get_dispatch_board_data" not in dir(cls.env["service.order"]):
            raise unittest.SkipTest("service_dispatch is not installed")
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        company = cls.env["res.company"].create({"name": "Board Bench"})
        cls.company = company
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=[company.id]))
        cls.dispatcher = new_test_user(
            env,
            "board_bench_dispatcher",
            groups="service_order.group_service_dispatcher",
            company_id=company.id,
            company_ids=[company.id],
        )
        cls.technicians = env["hr.employee"].create(
            [
                {
                    "name": f"BB Technician {i:02d}",
                    "company_id": company.id,
                    "is_field_technician": True,
                }
                for i in range(TECHNICIANS)
            ]
        )
        cls.customer = env["res.partner"].create(
            {"name": "BB Customer", "is_company": True}
        )
        cls.order_type = env["service.order.type"].create(
            {"name": "BB Repair", "company_id": company.id}
        )
        cls.start = datetime(2026, 3, 2, 0, 0)
        cls.end = cls.start + timedelta(days=DAYS)
        cls.Order = env["service.order"]

    def _orders(self, count, planned):
        vals_list = []
        for i in range(count):
            vals = {
                "partner_id": self.customer.id,
                "order_type_id": self.order_type.id,
                "company_id": self.company.id,
                "duration": 1.0,
            }
            if planned:
                day, slot = divmod(i, TECHNICIANS)
                vals.update(
                    technician_id=self.technicians[slot].id,
                    date_scheduled_start=self.start
                    + timedelta(days=day % DAYS, hours=8 + day // DAYS),
                )
            vals_list.append(vals)
        for i in range(0, len(vals_list), 2000):
            self.Order.create(vals_list[i : i + 2000])
        self.env.flush_all()
        self.env.invalidate_all()

    def _analyze(self):
        # what autoanalyze does once the orders are committed (see docstring)
        self.cr.execute("ANALYZE service_order, service_order_assignment")

    def _measure(self):
        Order = self.env["service.order"].with_user(self.dispatcher)
        Order = Order.with_context(allowed_company_ids=[self.company.id], tz="UTC")
        start = self.start.strftime("%Y-%m-%d %H:%M:%S")
        end = self.end.strftime("%Y-%m-%d %H:%M:%S")
        Order.get_dispatch_board_data(start, end)  # warm-up
        times = []
        for _i in range(REPEAT):
            self.env.invalidate_all()
            queries = self.cr.sql_log_count
            t0 = time.perf_counter()
            data = Order.get_dispatch_board_data(start, end)
            times.append(time.perf_counter() - t0)
            queries = self.cr.sql_log_count - queries
        return statistics.median(times) * 1000.0, queries, data

    def test_board_bench(self):
        self._orders(PLANNED, planned=True)
        self._orders(SMALL - PLANNED, planned=False)
        self._analyze()
        small = self._measure()
        self._orders(MIDDLE - SMALL, planned=False)
        self._analyze()
        middle = self._measure()
        self._orders(TOTAL - MIDDLE, planned=False)
        self._analyze()
        large = self._measure()
        points = (small, middle, large)
        self.assertEqual(
            {len(point[2]["blocks"]) for point in points}, {len(small[2]["blocks"])}
        )
        lines = [
            "",
            f"Dispatch board data, {TECHNICIANS} technicians x {DAYS} days, "
            f"median of {REPEAT}",
            f"{'':40} {'queries':>8} {'ms':>8} {'blocks':>7} {'cards':>6} "
            f"{'unassigned':>11}",
        ]
        for label, (ms, queries, data) in (
            (f"{SMALL:,} orders ({SMALL - PLANNED} unassigned)", small),
            (f"{MIDDLE:,} orders ({MIDDLE - PLANNED:,} unassigned)", middle),
            (f"{TOTAL:,} orders ({TOTAL - PLANNED:,} unassigned)", large),
        ):
            lines.append(
                f"{label:40} {queries:>8} {ms:>8.1f} {len(data['blocks']):>7} "
                f"{len(data['unassigned']):>6} {data['unassigned_count']:>11,}"
            )
        constant = len({point[1] for point in points}) == 1
        growth = large[0] / middle[0] if middle[0] else 0.0
        lines.append(
            f"queries {'constant' if constant else 'NOT constant'}; time "
            f"{TOTAL:,} / {MIDDLE:,}: x{growth:.2f}, {MIDDLE:,} / {SMALL}: "
            f"x{middle[0] / small[0] if small[0] else 0.0:.2f} (goal: constant "
            f"queries, {TOTAL:,} within x1.10 of {MIDDLE:,}: "
            f"{'goal met' if constant and growth <= 1.1 else 'goal NOT met'})"
        )
        print("\n".join(lines))

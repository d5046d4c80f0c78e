"""Dispatch board data benchmark: 25 technicians x 5 days, 200 orders (150
planned on the board, 50 unassigned), then the same with 19,800 unassigned
orders more (20,000 in all).

Run by ``make bench`` when service_dispatch is installed (skipped otherwise);
or directly::

    .venv/bin/pytest --odoo-config .run/odoo.conf --odoo-database <db> \\
        tests/perf/test_board_bench.py -s -p vroom

``get_dispatch_board_data(start, end)`` as a dispatcher, a new request each
time (empty record cache), median of ``BOARD_BENCH_REPEAT`` runs after a
warm-up. Goal: the same queries at 200 and 20,000 orders, and a time that does
not grow with the unassigned orders. The verdict is printed; the data are
created in the test's transaction (rolled back).
"""

import os
import statistics
import time
import unittest
from datetime import datetime, timedelta

from odoo.tests.common import TransactionCase, new_test_user

REPEAT = int(os.environ.get("BOARD_BENCH_REPEAT", "5"))
TECHNICIANS, DAYS, PLANNED, SMALL, TOTAL = 25, 5, 150, 200, 20000
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
        small = self._measure()
        self._orders(TOTAL - SMALL, planned=False)
        large = self._measure()
        self.assertEqual(len(small[2]["blocks"]), len(large[2]["blocks"]))
        lines = [
            "",
            f"Dispatch board data, {TECHNICIANS} technicians x {DAYS} days, "
            f"median of {REPEAT}",
            f"{'':34} {'queries':>8} {'ms':>8} {'blocks':>7} {'unassigned':>11}",
        ]
        for label, (ms, queries, data) in (
            (f"{SMALL:,} orders ({SMALL - PLANNED} unassigned)", small),
            (f"{TOTAL:,} orders ({TOTAL - PLANNED:,} unassigned)", large),
        ):
            lines.append(
                f"{label:34} {queries:>8} {ms:>8.1f} {len(data['blocks']):>7} "
                f"{data['unassigned_count']:>11,}"
            )
        constant = small[1] == large[1]
        growth = large[0] / small[0] if small[0] else 0.0
        lines.append(
            f"queries {'constant' if constant else 'NOT constant'}; time x{growth:.2f}"
            f" (goal: constant queries, time not growing: "
            f"{'goal met' if constant and growth <= 1.2 else 'goal NOT met'})"
        )
        print("\n".join(lines))

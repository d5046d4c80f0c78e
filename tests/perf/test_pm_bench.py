"""PM generation benchmark: 5,000 plans over a 30-day horizon.

Run by ``make bench`` (not by ``make test``), which installs the suite and the
OCA addons of ``requirements-bench.txt`` in the bench database; or directly::

    .venv/bin/pytest --odoo-config .run/odoo.conf --odoo-database <db> \\
        tests/perf/test_pm_bench.py -s

The same plans (``data/pm_bench.py``, fixed seed) are loaded twice: as the
suite's ``service.pm.plan`` and as OCA ``fieldservice_recurring``'s
``fsm.recurring`` (a location per site, an equipment per unit, a frequency set
per interval with 30 days ahead). Then each side's scheduled action runs once,
as shipped (``_cron_generate_orders``), and this prints side by side: seconds,
SQL queries, peak memory, orders created, queries per order and, for the
suite, per batch. Peak memory is the peak of Python allocations (tracemalloc)
during a first pass of the same run, rolled back; seconds and queries come from
the second, untraced pass.

Both sides must create the same number of orders (the data are equivalent) and
the suite no duplicate: the test fails otherwise. Goal: the suite at least 5x
faster than the anchor, with queries growing with batches, not orders; the
verdict is printed, whatever the numbers.

Differences worth knowing: the suite's orders get a 3-item checklist on two
plans in three, their required skill, units, window and SLA dates (OCA has no
checklist on fsm.order); the suite's cron writes no chatter message per
generated order (OCA's posts a creation message and tracking on each).
"""

import contextlib
import gc
import importlib.util
import os
import pathlib
import time
import tracemalloc
from datetime import date, datetime

from odoo import Command
from odoo.tests.common import TransactionCase

REPO = pathlib.Path(__file__).resolve().parents[2]
N_PLANS = int(os.environ.get("PM_BENCH_PLANS", "5000"))
# the data set-up is not what is measured: no chatter while loading it
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "tz": "UTC",
}


def _generator():
    spec = importlib.util.spec_from_file_location(
        "pm_bench_data", REPO / "data" / "pm_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Rollback(Exception):
    """Raised to roll the memory-measuring pass back."""


class TestPmBench(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        cls.today = date.today()
        cls.data = _generator().make_plans(N_PLANS, cls.today)
        cls.has_oca = "fsm.recurring" in cls.env

    # ------------------------------------------------------------ loading
    def _load_partners(self):
        data = self.data
        Partner = self.env["res.partner"]
        customers = Partner.create(
            [{"name": c["name"], "is_company": True} for c in data["customers"]]
        )
        sites = Partner.create(
            [
                {
                    "name": s["name"],
                    "type": "delivery",
                    "parent_id": customers[s["customer"]].id,
                }
                for s in data["sites"]
            ]
        )
        return customers, sites

    def _load_suite(self, customers, sites):
        data = self.data
        env = self.env
        types = env["service.order.type"].create(
            [{"name": f"PM Bench {name}"} for name in data["order_types"]]
        )
        type_by_name = dict(zip(data["order_types"], types, strict=True))
        template = env["service.checklist.template"].create(
            {
                "name": "PM Bench checklist",
                "line_ids": [Command.create({"name": n}) for n in data["checklist"]],
            }
        )
        skill_type = env["hr.skill.type"].create(
            {
                "name": "PM Bench trades",
                "skill_ids": [Command.create({"name": n}) for n in data["skills"]],
                "skill_level_ids": [
                    Command.create({"name": "Basic", "level_progress": 50})
                ],
            }
        )
        skill_by_name = {skill.name: skill for skill in skill_type.skill_ids}
        units = env["maintenance.equipment"].create(
            [
                {
                    "name": u["name"],
                    "partner_id": customers[data["sites"][u["site"]]["customer"]].id,
                    "site_id": sites[u["site"]].id,
                }
                for u in data["units"]
            ]
        )
        return env["service.pm.plan"].create(
            [
                {
                    "name": p["name"],
                    "equipment_id": units[p["unit"]].id,
                    "trigger": "time",
                    "mode": "fixed",
                    "interval": p["interval"],
                    "interval_unit": p["interval_unit"],
                    "date_start": p["date_start"],
                    "lead_days": 0,
                    "horizon_days": data["horizon_days"],
                    "order_type_id": type_by_name[p["order_type"]].id,
                    "checklist_template_id": template.id if p["checklist"] else False,
                    "duration": p["duration"],
                    "skill_ids": [Command.set(skill_by_name[p["skill"]].ids)],
                }
                for p in data["plans"]
            ]
        )

    def _load_oca(self, customers):
        data = self.data
        env = self.env
        locations = env["fsm.location"].create(
            [
                {
                    "name": s["name"],
                    "owner_id": customers[s["customer"]].id,
                }
                for s in data["sites"]
            ]
        )
        equipment = env["fsm.equipment"].create(
            [
                {
                    "name": u["name"],
                    "location_id": locations[u["site"]].id,
                    "current_location_id": locations[u["site"]].id,
                }
                for u in data["units"]
            ]
        )
        oca_type = {"week": "weekly", "month": "monthly"}
        sets = {}
        for p in data["plans"]:
            key = (p["interval_unit"], p["interval"])
            if key in sets:
                continue
            rule = env["fsm.frequency"].create(
                {
                    "name": f"PM Bench every {key[1]} {key[0]}",
                    "interval": key[1],
                    "interval_type": oca_type[key[0]],
                }
            )
            sets[key] = env["fsm.frequency.set"].create(
                {
                    "name": f"PM Bench every {key[1]} {key[0]}",
                    "fsm_frequency_ids": [Command.set(rule.ids)],
                    "schedule_days": data["horizon_days"],
                    "buffer_early": 0,
                }
            )
        templates = {
            name: env["fsm.template"].create({"name": f"PM Bench {name}"})
            for name in data["order_types"]
        }
        return env["fsm.recurring"].create(
            [
                {
                    "name": p["name"],
                    "state": "progress",
                    "location_id": locations[data["units"][p["unit"]]["site"]].id,
                    "fsm_frequency_set_id": sets[
                        (p["interval_unit"], p["interval"])
                    ].id,
                    "fsm_order_template_id": templates[p["order_type"]].id,
                    "scheduled_duration": p["duration"],
                    "start_date": datetime.fromisoformat(p["date_start"]),
                    "equipment_ids": [Command.set(equipment[p["unit"]].ids)],
                }
                for p in data["plans"]
            ]
        )

    # ---------------------------------------------------------- measuring
    def _peak_memory(self, run):
        """Peak Python memory of ``run`` (tracemalloc), in a savepoint that is
        rolled back: tracing slows everything down, so the timed run is a
        separate, untraced one."""
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

    def _measure(self, label, run):
        peak_mb = self._peak_memory(run)
        env = self.env
        gc.collect()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        created = run()
        env.flush_all()
        seconds = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries
        env.invalidate_all()
        return {
            "label": label,
            "orders": int(created) if isinstance(created, int) else len(created),
            "seconds": seconds,
            "queries": queries,
            "peak_mb": peak_mb,
        }

    # --------------------------------------------------------- benchmark
    def test_pm_generation_bench(self):
        env = self.env
        customers, sites = self._load_partners()
        # only the benchmark's plans: the demo plans count as already checked
        env["service.pm.plan"].search([]).write({"last_generation_date": self.today})
        plans = self._load_suite(customers, sites)
        if self.has_oca:
            env["fsm.recurring"].search([("state", "=", "progress")]).write(
                {"state": "draft"}
            )
            recurrings = self._load_oca(customers)
        from odoo.addons.service_pm.models.service_pm_plan import BATCH_SIZE

        batches = -(-len(plans) // BATCH_SIZE)
        # each scheduled action runs as the scheduler runs it: as the cron's
        # user (the superuser) with an empty context, mail and tracking on
        cron_env = env(context={})
        ours = self._measure(
            "suite service_pm",
            lambda: cron_env["service.pm.plan"]._cron_generate_orders(),
        )
        orders = env["service.order"].search([("pm_plan_id", "in", plans.ids)])
        keys = {(o.pm_plan_id.id, o.pm_occurrence) for o in orders}
        self.assertEqual(len(keys), len(orders), "duplicate PM occurrences")
        self.assertEqual(ours["orders"], len(orders))
        rows = [ours]
        if self.has_oca:
            oca = self._measure(
                "OCA fieldservice_recurring",
                lambda: cron_env["fsm.recurring"]._cron_generate_orders(),
            )
            rows.append(oca)
            oca_orders = env["fsm.order"].search_count(
                [("fsm_recurring_id", "in", recurrings.ids)]
            )
            self.assertEqual(oca["orders"], oca_orders)
        self._report(rows, batches)
        if self.has_oca:
            self.assertEqual(
                ours["orders"],
                oca["orders"],
                "the two sides should generate the same orders from equivalent data",
            )

    def _report(self, rows, batches):
        lines = [
            "",
            f"PM generation: {N_PLANS:,} plans, {self.data['horizon_days']}-day "
            f"horizon, seed {self.data['seed']}, today {self.today}",
            f"{'':28} {'orders':>8} {'seconds':>9} {'queries':>9} "
            f"{'q/order':>8} {'peak MB':>8}",
        ]
        for row in rows:
            lines.append(
                f"{row['label']:28} {row['orders']:>8,} {row['seconds']:>9.2f} "
                f"{row['queries']:>9,} {row['queries'] / max(row['orders'], 1):>8.2f} "
                f"{row['peak_mb']:>8,.0f}"
            )
        ours = rows[0]
        lines.append(
            f"suite: {batches} batch(es) of plans, "
            f"{ours['queries'] / max(batches, 1):.1f} queries per batch"
        )
        if len(rows) > 1:
            oca = rows[1]
            speedup = oca["seconds"] / ours["seconds"] if ours["seconds"] else 0.0
            verdict = "goal met" if speedup >= 5 else "goal NOT met"
            lines.append(
                f"speed-up {speedup:.1f}x (goal >= 5x: {verdict}); queries "
                f"{oca['queries'] / max(ours['queries'], 1):.0f}x fewer"
            )
        else:
            lines.append("OCA fieldservice_recurring is not installed: no anchor")
        print("\n".join(lines))

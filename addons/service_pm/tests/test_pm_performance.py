from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ServicePmCase

# Queries of one batch of PM generation (occurrences, existing keys, one
# service.order create() with checklists, marking the plans), flush included.
# It must not depend on the number of plans or orders in the batch: a change
# that adds a query per plan or per order fails the 10-vs-100 comparison, one
# that adds a fixed cost fails the budget. Measured on 18.0: 40 queries for a
# batch of 10 plans; 100 plans (~250 orders, ~600 checklist items) add only
# the ORM's own chunking of INSERT/UPDATE statements by 100 rows.
BATCH_BUDGET = 60
# the ORM's chunk sizes, raised for the 10-vs-100 comparison so that it counts
# the round trips of the generation itself
NO_CHUNKS = 100_000


@tagged("post_install", "-at_install")
class TestPerformance(ServicePmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.Plan = cls.env["service.pm.plan"]
        sites = cls.env["res.partner"].create(
            [
                {
                    "name": f"Site {index}",
                    "type": "delivery",
                    "parent_id": cls.customer.id,
                }
                for index in range(100)
            ]
        )
        cls.units = cls.env["maintenance.equipment"].create(
            [
                {
                    "name": f"Unit {index}",
                    "partner_id": cls.customer.id,
                    "site_id": site.id,
                }
                for index, site in enumerate(sites)
            ]
        )
        cls.meters = cls.env["service.asset.meter"].create(
            [{"equipment_id": unit.id, "name": "Hours"} for unit in cls.units]
        )
        start = date(2026, 1, 1)
        cls.env["service.asset.meter.reading"].create(
            [
                {
                    "meter_id": meter.id,
                    "date": start + timedelta(days=day),
                    "value": 10.0 * day,
                }
                for meter in cls.meters
                for day in (0, 10, 20, 30)
            ]
        )

    def _make_plans(self, count, tag):
        """``count`` plans, a mix of weekly, monthly (month end) and meter
        plans, fixed and floating: about 2 orders per plan."""
        vals_list = []
        for index in range(count):
            unit = self.units[index]
            vals = {
                "name": f"{tag} {index}",
                "equipment_id": unit.id,
                "order_type_id": (self.order_type if index % 2 else self.plain_type).id,
                "checklist_template_id": self.pm_template.id if index % 3 else False,
                "skill_ids": [Command.set(self.skill.ids)],
                "mode": "floating" if index % 5 == 0 else "fixed",
                "date_start": date(2026, 2, 1 + index % 20),
                "horizon_days": 30,
                "lead_days": 7,
            }
            if index % 4 == 3:
                vals.update(
                    trigger="meter",
                    meter_id=self.meters[index].id,
                    meter_interval=100.0,
                    meter_start_value=250.0,
                )
            elif index % 4 == 2:
                vals.update(
                    interval=1, interval_unit="month", date_start=date(2026, 1, 31)
                )
            else:
                vals.update(interval=2, interval_unit="week")
            vals_list.append(vals)
        return self.Plan.create(vals_list)

    def _generation_queries(self, count, batch_size=None):
        plans = self._make_plans(count, f"P{count}")
        others = self.Plan.search([("id", "not in", plans.ids)])
        others.write({"last_generation_date": date(2026, 2, 1)})
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2026-02-01 06:00:00"):
            start = self.cr.sql_log_count
            created = self.Plan._cron_generate_orders(batch_size=batch_size or count)
            self.env.flush_all()
            queries = self.cr.sql_log_count - start
        orders = self._orders(plans)
        self.assertEqual(created, len(orders))
        self.assertGreaterEqual(len(orders), count)
        return queries

    @patch("odoo.models.INSERT_BATCH_SIZE", NO_CHUNKS)
    @patch("odoo.models.UPDATE_BATCH_SIZE", NO_CHUNKS)
    def test_generation_cost_does_not_grow_with_plans(self):
        # warm-up: registry, sequences, ir.model caches
        self._generation_queries(3)
        q10 = self._generation_queries(10)
        q100 = self._generation_queries(100)
        self.assertEqual(
            q10,
            q100,
            f"generating for 10 plans took {q10} queries, 100 plans {q100}: "
            "something runs a query per plan or per order",
        )
        self.assertLessEqual(q100, BATCH_BUDGET)

    @patch("odoo.models.INSERT_BATCH_SIZE", NO_CHUNKS)
    @patch("odoo.models.UPDATE_BATCH_SIZE", NO_CHUNKS)
    def test_generation_cost_grows_with_batches(self):
        self._generation_queries(3)
        one_batch = self._generation_queries(20, batch_size=20)
        four_batches = self._generation_queries(80, batch_size=20)
        # the cron's search is paid once; the rest is per batch
        self.assertLessEqual(four_batches, 4 * one_batch)
        self.assertGreater(four_batches, 3 * (one_batch - 5))

    def test_generation_assert_query_count(self):
        self._generation_queries(3)
        plans = self._make_plans(100, "Q")
        others = self.Plan.search([("id", "not in", plans.ids)])
        others.write({"last_generation_date": date(2026, 2, 1)})
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2026-02-01 06:00:00"), self.assertQueryCount(BATCH_BUDGET):
            self.Plan._cron_generate_orders(batch_size=100)
            self.env.flush_all()

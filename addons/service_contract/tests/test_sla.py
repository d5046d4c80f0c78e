from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ServiceContractCase

# Queries of one create() of a batch of orders picking their contract and its
# SLA (type without checklist: its items are inserted 100 rows per query), flush
# included: must not depend on the batch size.
CREATE_BUDGET = 25
# addons installed beside it that hook the order's create with a fixed number
# of queries per batch (service_report: one search for the callbacks' originals)
CREATE_ADDON_ALLOWANCE = {"service_report": 1}


@tagged("post_install", "-at_install")
class TestContractSla(ServiceContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract(
            site_ids=cls.site,
            calendar_id=cls.calendar.id,
            sla_ids=[
                Command.create(
                    {"priority": "2", "response_hours": 2, "resolution_hours": 6}
                )
            ],
        )

    def test_contract_targets_win_over_the_policy(self):
        # Tuesday 2026-01-13 09:00 UTC, on the 08-12 / 13-17 calendar
        received = datetime(2026, 1, 13, 9, 0)
        covered = self._create_order(
            order_type_id=self.order_type.id,
            site_id=self.site.id,
            date_received=received,
        )
        self.assertEqual(covered.contract_id, self.contract)
        self.assertEqual(covered.response_deadline, datetime(2026, 1, 13, 11, 0))
        self.assertEqual(covered.resolution_deadline, datetime(2026, 1, 13, 16, 0))
        # the policy's 4 h / 16 h for an order outside the contract
        uncovered = self._create_order(
            order_type_id=self.order_type.id,
            site_id=self.hq_site.id,
            date_received=received,
        )
        self.assertFalse(uncovered.contract_id)
        self.assertEqual(uncovered.response_deadline, datetime(2026, 1, 13, 14, 0))
        # a priority without a contract line keeps the policy
        low = self._create_order(
            order_type_id=self.order_type.id,
            site_id=self.site.id,
            date_received=received,
            priority="0",
        )
        self.assertEqual(low.contract_id, self.contract)
        low_uncovered = self._create_order(
            order_type_id=self.order_type.id,
            site_id=self.hq_site.id,
            date_received=received,
            priority="0",
        )
        self.assertEqual(low.response_deadline, low_uncovered.response_deadline)
        self.assertNotEqual(low.response_deadline, covered.response_deadline)

    def test_changing_the_contract_moves_the_deadlines(self):
        order = self._create_order(
            order_type_id=self.order_type.id,
            site_id=self.hq_site.id,
            date_received=datetime(2026, 1, 13, 9, 0),
        )
        self.assertEqual(order.response_deadline, datetime(2026, 1, 13, 14, 0))
        order.contract_id = self.contract
        self.assertEqual(order.response_deadline, datetime(2026, 1, 13, 11, 0))

    def test_breaches_counted_per_contract(self):
        other = self._contract(site_ids=self.other_site)
        received = datetime(2026, 1, 13, 9, 0)
        orders = self.env["service.order"].create(
            [
                self._order_values(
                    order_type_id=self.order_type.id,
                    site_id=site.id,
                    date_received=received,
                    # one technician per order: no double booking when
                    # service_dispatch is installed
                    **self._planned_values(
                        technician_id=tech.id,
                        date_scheduled_start=received + timedelta(days=day),
                        date_scheduled_end=received + timedelta(days=day, hours=2),
                    ),
                )
                for site, tech, day in zip(
                    (self.site, self.site, self.site, self.other_site),
                    (self.tech_a, self.tech_b, self.tech_c, self.tech_a),
                    (0, 0, 0, 1),
                    strict=True,
                )
            ]
        )
        late, met, _open, other_order = orders
        self.assertEqual(late.contract_id, self.contract)
        self.assertEqual(other_order.contract_id, other)
        with freeze_time("2026-01-13 10:00:00"):
            (late | met).action_schedule()
            (late | met).action_dispatch()
            met.action_start()
            met.checklist_item_ids.is_done = True
            met.action_complete()
        with freeze_time("2026-01-13 12:00:00"):
            late.action_start()
        with freeze_time("2026-01-14 12:00:00"):
            self.env["service.order"]._refresh_sla_status()
            contracts = self.contract | other
            contracts.invalidate_recordset()
            self.assertEqual(self.contract.order_count, 3)
            self.assertEqual(self.contract.breach_count, 2, "late start + open")
            self.assertEqual(self.contract.met_count, 1)
            self.assertAlmostEqual(self.contract.breach_rate, 200.0 / 3)
            self.assertEqual(other.breach_count, 1)
            action = self.contract.action_view_breaches()
            self.assertEqual(
                self.env["service.order"].search(action["domain"]),
                orders[0] | orders[2],
            )

    def _create_queries(self, count):
        Order = self.env["service.order"]
        base = datetime(2026, 1, 13, 8, 0)
        vals_list = [
            self._order_values(
                site_id=(self.site if i % 2 else self.hq_site).id,
                priority="2",
                date_received=base - timedelta(hours=i),
            )
            for i in range(count)
        ]
        Order.create(vals_list[:2])
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        created = Order.create(vals_list)
        self.env.flush_all()
        queries = self.cr.sql_log_count - start
        self.assertEqual(len(created.filtered("contract_id")), count // 2)
        self.assertTrue(all(created.mapped("response_deadline")))
        return queries

    def test_create_batch_query_count(self):
        q10 = self._create_queries(10)
        q100 = self._create_queries(100)
        self.assertEqual(
            q10, q100, f"10 orders: {q10} queries, 100 orders: {q100} queries"
        )
        Order = self.env["service.order"]
        vals_list = [
            self._order_values(site_id=self.site.id, priority="2") for _i in range(100)
        ]
        self.env.invalidate_all()
        installed = self.env["ir.module.module"].search(
            [("name", "in", list(CREATE_ADDON_ALLOWANCE)), ("state", "=", "installed")]
        )
        budget = CREATE_BUDGET + sum(
            CREATE_ADDON_ALLOWANCE[name] for name in installed.mapped("name")
        )
        with self.assertQueryCount(budget):
            Order.create(vals_list)
            self.env.flush_all()

from odoo import Command
from odoo.tests import tagged

from .common import ServiceAssetCase

# Queries to read the counters of a list of units (orders, open orders, last
# service day) and the warranty flag: one grouped query, whatever the size.
STATS_BUDGET = 3


@tagged("post_install", "-at_install")
class TestAssetPerformance(ServiceAssetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.units = cls.env["maintenance.equipment"].create(
            [
                {
                    "name": f"Unit {i}",
                    "partner_id": cls.customer.id,
                    "site_id": cls.site.id,
                }
                for i in range(1000)
            ]
        )
        orders = cls.env["service.order"].create(
            [
                cls._order_values(
                    site_id=cls.site.id,
                    equipment_ids=[Command.set(cls.units[i * 10 : i * 10 + 10].ids)],
                )
                for i in range(50)
            ]
        )
        orders[:10].action_cancel()

    def _stats_queries(self, units):
        self.env.invalidate_all()
        units = units.browse(units.ids)
        start = self.cr.sql_log_count
        values = [
            (u.service_order_count, u.open_order_count, u.last_service_date)
            for u in units
        ]
        queries = self.cr.sql_log_count - start
        return values, queries

    def test_counters_cost_constant_queries(self):
        values10, q10 = self._stats_queries(self.units[:10])
        values1000, q1000 = self._stats_queries(self.units)
        self.assertEqual(values10[0], (1, 0, False), "cancelled order: not open")
        self.assertEqual(values1000[100], (1, 1, False))
        self.assertEqual(values1000[999], (0, 0, False))
        self.assertEqual(
            q10,
            q1000,
            f"counters of 10 units took {q10} queries, of 1,000 units {q1000}",
        )
        self.env.invalidate_all()
        units = self.units.browse(self.units.ids)
        with self.assertQueryCount(STATS_BUDGET):
            units.mapped("open_order_count")
            units.mapped("last_service_date")
            units.mapped("under_warranty")

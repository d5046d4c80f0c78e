import logging
from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import ServiceStockCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestCompletionQueries(ServiceStockCase):
    _slot = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # not the subject: orders on the site of a completed one are its
        # callbacks (and a batch of them trips service_report's notification)
        cls.company.service_callback_days = 0

    def _orders(self, count):
        # one hour each, one after the other: Alice is never double-booked
        start = datetime(2026, 2, 2, 0, 0)
        vals_list = []
        for _i in range(count):
            slot = start + timedelta(hours=self._slot)
            self._slot += 1
            vals_list.append(
                self._order_values(
                    **self._planned_values(
                        date_scheduled_start=slot,
                        date_scheduled_end=slot + timedelta(hours=1),
                    ),
                    line_ids=[(0, 0, {"product_id": self.part.id, "qty_used": 1})],
                )
            )
        orders = self.env["service.order"].create(vals_list)
        orders.action_schedule()
        orders.action_dispatch()
        orders.action_start()
        self.env["stock.quant"]._update_available_quantity(self.part, self.van_a, count)
        self.env.flush_all()
        self.env.invalidate_all()
        return orders

    def _complete_queries(self, count):
        orders = self._orders(count)
        start = self.cr.sql_log_count
        orders.action_complete()
        self.env.flush_all()
        queries = self.cr.sql_log_count - start
        self.assertEqual(set(orders.mapped("state")), {"done"})
        self.assertEqual(len(orders.stock_move_ids), count)
        return queries

    def test_complete_10_vs_100_orders(self):
        self._complete_queries(2)  # warm-up
        few = self._complete_queries(10)
        many = self._complete_queries(100)
        _logger.info(
            "complete with parts: 10 orders %s queries, 100 orders %s", few, many
        )
        # the suite's part is constant (see the planning test below); what
        # grows is Odoo's own validation of each move line
        # (stock.move.line._action_done: the quants of the source and the
        # destination gathered and locked one line at a time, and the
        # valuation layer): 7 per line measured on 18.0
        self.assertLessEqual(
            many - few, 90 * ODOO_QUERIES_PER_MOVE_LINE, f"10: {few}, 100: {many}"
        )

    def _plan_queries(self, count):
        orders = self._orders(count)
        start = self.cr.sql_log_count
        moves, errors = orders._plan_part_moves()
        queries = self.cr.sql_log_count - start
        self.assertEqual((len(moves), errors), (count, []))
        return queries

    def test_planning_is_constant(self):
        self._plan_queries(2)
        few = self._plan_queries(10)
        many = self._plan_queries(100)
        # the lines, their products, the employees and vans, the
        # warehouses, one query that locks and reads the quants
        self.assertEqual(few, many)
        orders = self._orders(10)
        with self.assertQueryCount(PLAN_QUERIES):
            orders._plan_part_moves()


# measured on 18.0 with every suite addon installed (stock_account too)
ODOO_QUERIES_PER_MOVE_LINE = 8
PLAN_QUERIES = 13

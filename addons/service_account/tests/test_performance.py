import logging
from datetime import timedelta

from odoo.tests import tagged

from .common import ServiceAccountCase

_logger = logging.getLogger(__name__)


# measured (tmpl_all, 2 lines per order): 98 queries for 10 orders on 10
# invoices, 106 for 100 on 100 (0.09 per extra invoice); grouped on one invoice:
# 99 and 106. Queries grow with the batches (companies, pricelists), not with
# orders, lines or invoices.
PER_INVOICE_BUDGET = 0.5
BASE_BUDGET = 115
GROUPED_GROWTH_BUDGET = 15


@tagged("post_install", "-at_install")
class TestInvoicingQueries(ServiceAccountCase):
    """Invoicing a batch costs a constant number of queries plus a small
    constant per invoice (the accounting's own work on each move), never a
    query per order line or per price."""

    def _orders(self, count, grouped=False):
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"Perf customer {i}",
                    "is_company": True,
                    "service_invoice_grouping": "customer",
                }
                for i in range(1 if grouped else count)
            ]
        )
        customers = [customers[i % len(customers)] for i in range(count)]
        orders = self.env["service.order"].create(
            [
                self._order_values(
                    partner_id=customer.id,
                    order_type_id=self.flat_type.id,
                    date_scheduled_start=self.day,
                    date_scheduled_end=self.day + timedelta(hours=2),
                    line_ids=[
                        (0, 0, {"product_id": self.code_diag.id, "qty_used": 1}),
                        (0, 0, {"product_id": self.part.id, "qty_used": 2}),
                    ],
                )
                for customer in customers
            ]
        )
        self._complete(orders)
        self.env.flush_all()
        self.env.invalidate_all()
        return orders

    def _count(self, orders):
        before = self.env.cr.sql_log_count
        orders.action_create_invoice()
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        moves = self.env["account.move"].search(
            [("line_ids.service_order_id", "in", orders.ids)]
        )
        return count, moves

    def test_queries_10_vs_100(self):
        # warm-up: the registry, the journals, the sequences
        self._count(self._orders(3))
        q10, _moves = self._count(self._orders(10))
        q100, _moves = self._count(self._orders(100))
        per_invoice = (q100 - q10) / 90
        _logger.info(
            "invoicing queries: 10 orders %s, 100 orders %s, %.2f per extra invoice",
            q10,
            q100,
            per_invoice,
        )
        figures = f"10 orders: {q10} queries, 100 orders: {q100}"
        self.assertLessEqual(per_invoice, PER_INVOICE_BUDGET, figures)
        self.assertLessEqual(q10, BASE_BUDGET, figures)

    def test_queries_grouped_10_vs_100(self):
        """One customer, orders grouped: one invoice whatever the number of
        orders, and the queries barely grow."""
        self._count(self._orders(3, grouped=True))
        q10, moves10 = self._count(self._orders(10, grouped=True))
        q100, moves100 = self._count(self._orders(100, grouped=True))
        self.assertEqual(len(moves10), 1)
        self.assertEqual(len(moves100), 1)
        self.assertLessEqual(
            q100 - q10,
            GROUPED_GROWTH_BUDGET,
            f"grouped: 10 orders {q10} queries, 100 orders {q100}",
        )

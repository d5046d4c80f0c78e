import logging
from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import ContractInvoicingCase

_logger = logging.getLogger(__name__)

# measured (diagnostic + 2 parts per order, the cap crossed half-way): 109
# queries for 10 orders on 10 invoices, 118 for 100 on 100 (0.10 per extra
# invoice); service_account alone: 98 and 106. What the contracts add is per
# batch: the pending orders' search, the invoiced ones among them, the cap
# already recorded, the contracts.
PER_INVOICE_BUDGET = 0.5
BASE_BUDGET = 130


@tagged("post_install", "-at_install")
class TestContractInvoicingQueries(ContractInvoicingCase):
    """Invoicing a batch of contract orders, whose cap is crossed half-way,
    costs a constant number of queries plus a small constant per invoice (the
    accounting's own work): never a query per order, line or contract year."""

    def _orders(self, count):
        customer = self.env["res.partner"].create(
            {"name": f"Perf customer {count}", "is_company": True}
        )
        self._contract(
            partner_id=customer.id,
            labour_coverage_percent=100.0,
            parts_coverage_percent=50.0,
            # each order covers 89.00 + 32.00: the cap runs out half-way
            yearly_cap_amount=121.0 * count / 2,
        )
        start = datetime(2026, 1, 13, 9, 0)
        orders = self.env["service.order"].create(
            [
                self._order_values(
                    partner_id=customer.id,
                    order_type_id=self.flat_type.id,
                    date_received=datetime(2026, 1, 10, 9, 0),
                    date_scheduled_start=start + timedelta(minutes=i),
                    date_scheduled_end=start + timedelta(minutes=i, hours=2),
                    line_ids=[
                        (0, 0, {"product_id": self.code_diag.id, "qty_used": 1}),
                        (0, 0, {"product_id": self.part.id, "qty_used": 2}),
                    ],
                )
                for i in range(count)
            ]
        )
        self.assertEqual(len(orders.contract_id), 1)
        self._complete(orders)
        self.env.flush_all()
        self.env.invalidate_all()
        return orders

    def _count(self, orders):
        before = self.env.cr.sql_log_count
        orders.with_user(self.accountant).action_create_invoice()
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        return count, self._moves(orders)

    def test_queries_10_vs_100(self):
        self._count(self._orders(4))  # warm-up
        q10, moves10 = self._count(self._orders(10))
        q100, moves100 = self._count(self._orders(100))
        self.assertEqual(len(moves10), 10)
        self.assertEqual(len(moves100), 100)
        # the cap holds: half of what the orders would cover
        covered = sum(self._invoice_lines(moves100).mapped("coverage_amount"))
        self.assertAlmostEqual(covered, 121.0 * 50)
        per_invoice = (q100 - q10) / 90
        _logger.info(
            "contract invoicing queries: 10 orders %s, 100 orders %s, "
            "%.2f per extra invoice",
            q10,
            q100,
            per_invoice,
        )
        figures = f"10 orders: {q10} queries, 100 orders: {q100}"
        self.assertLessEqual(per_invoice, PER_INVOICE_BUDGET, figures)
        self.assertLessEqual(q10, BASE_BUDGET, figures)

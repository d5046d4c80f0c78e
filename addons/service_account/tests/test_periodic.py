from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.service_account.models.service_order import ServiceOrder

from .common import ServiceAccountCase


@tagged("post_install", "-at_install")
class TestPeriodicInvoicing(ServiceAccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Order = cls.env["service.order"]
        # the demo's periodic customers stay out of the way
        cls.env["res.partner"].search(
            [("service_invoice_periodic", "=", True)]
        ).service_invoice_periodic = False
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Periodic customer {i}",
                    "is_company": True,
                    "service_invoice_periodic": True,
                    "service_invoice_grouping": "customer" if i % 2 else "order",
                }
                for i in range(5)
            ]
        )
        cls.orders = Order
        for customer in cls.customers:
            for _i in range(2):
                cls.orders |= cls._done_order(
                    [(cls.code_diag, 1)], partner_id=customer.id
                )
        # not periodic: left for a person to invoice
        cls.manual = cls._done_order([(cls.code_diag, 1)])

    def _moves(self):
        return self.env["account.move"].search(
            [("line_ids.service_order_id", "in", (self.orders | self.manual).ids)]
        )

    def _run_all(self, batch_size=2):
        """The cron as ir.cron would run it: again while some remain."""
        runs = 0
        while self.Order._cron_periodic_invoicing(batch_size=batch_size) or (
            self.Order.search_count(self.Order._get_periodic_invoicing_domain())
        ):
            runs += 1
            self.assertLess(runs, 20)
        return runs

    @property
    def Order(self):
        return self.env["service.order"]

    def _summary(self):
        return sorted(
            (move.partner_id.id, tuple(move.service_order_ids.ids), move.amount_total)
            for move in self._moves()
        )

    def test_one_clean_run(self):
        self._run_all()
        moves = self._moves()
        # customers 1 and 3 group (1 invoice each), 0, 2, 4 per order (2 each)
        self.assertEqual(len(moves), 2 + 3 * 2)
        self.assertEqual(set(self.orders.mapped("invoice_status")), {"invoiced"})
        self.assertEqual(self.manual.invoice_status, "to_invoice")

    def test_run_twice_is_one_run(self):
        self._run_all()
        first = self._summary()
        self.assertFalse(self.Order._cron_periodic_invoicing(batch_size=2))
        self._run_all()
        self.assertEqual(self._summary(), first)

    def test_killed_half_way_then_rerun(self):
        """The first run's batch commits (here: its savepoint is kept), the
        second dies half-way (after creating its invoices): its transaction is
        rolled back; the re-run gives the result of one clean run."""
        self.Order._cron_periodic_invoicing(batch_size=2)
        after_first = len(self._moves())
        self.assertEqual(after_first, 3)  # customers 0 (2 invoices) and 1 (1)
        original = ServiceOrder._create_invoices

        def crash(self, force=False):
            original(self, force=force)
            raise RuntimeError("killed")

        with patch.object(ServiceOrder, "_create_invoices", crash):
            with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                self.Order._cron_periodic_invoicing(batch_size=2)
        self.env.invalidate_all()
        self.assertEqual(len(self._moves()), after_first)
        self._run_all()
        self.assertEqual(len(self._moves()), 8)
        for customer in self.customers:
            orders = self.orders.filtered(lambda o, c=customer: o.partner_id == c)
            moves = self.env["account.move"].search(
                [("line_ids.service_order_id", "in", orders.ids)]
            )
            expected = 1 if customer.service_invoice_grouping == "customer" else 2
            self.assertEqual(len(moves), expected)

    def test_an_order_left_with_nothing_to_bill_leaves_the_list(self):
        """An order stored as "to invoice" that has nothing to bill by now
        (its coverage changed since) is set "no charge" by the run that finds
        it, instead of being picked up by every run."""
        stale = self._done_order([(self.code_diag, 1)], partner_id=self.customers[0].id)
        # what a coverage granted after completion does: nothing left to bill
        stale.line_ids.unlink()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE service_order SET invoice_status = 'to_invoice' WHERE id = %s",
            [stale.id],
        )
        stale.invalidate_recordset(["invoice_status"])
        self.assertEqual(stale.invoice_status, "to_invoice")
        self._run_all()
        self.assertEqual(stale.invoice_status, "no_charge")
        self.assertFalse(
            self.Order.search_count(self.Order._get_periodic_invoicing_domain())
        )
        self.assertEqual(set(self.orders.mapped("invoice_status")), {"invoiced"})

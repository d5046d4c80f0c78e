from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContractInvoicingCase


@tagged("post_install", "-at_install")
class TestYearlyCap(ContractInvoicingCase):
    def _amounts(self, move):
        lines = self._invoice_lines(move)
        return [
            (line.product_id, line.price_subtotal, line.coverage_amount)
            for line in lines
        ]

    def test_cap_crossed_in_the_middle_of_an_order(self):
        """Labour and parts 100 %, cap 150.00. Diagnostic 89.00 covered (61.00
        left), 2 capacitors 64.00: 61.00 covered, the 3.00 over the cap billed
        on a line of its own, the labour hour 75.00 billed in full: 78.00
        billed, 150.00 covered, nothing left."""
        contract = self._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=100.0,
            yearly_cap_amount=150.0,
        )
        order = self._covered_order(
            [(self.code_diag, 1), (self.part, 2), (self.labour, 1)]
        )
        self.assertEqual(order.invoice_status, "to_invoice")
        order.with_user(self.accountant).action_create_invoice()
        move = self._moves(order)
        self.assertEqual(
            self._amounts(move),
            [
                (self.code_diag, 0.0, 89.0),
                (self.part, 0.0, 61.0),
                (self.part, 3.0, 0.0),
                (self.labour, 75.0, 0.0),
            ],
        )
        self.assertAlmostEqual(move.amount_untaxed, 78.0)
        names = self._invoice_lines(move).mapped("name")
        self.assertIn("(100% covered: contract", names[1])
        self.assertIn("3.00 over the yearly cap billed below", names[1])
        self.assertEqual(
            names[2], f"Test capacitor: over the yearly cap of {contract.display_name}"
        )
        self.assertEqual(
            names[3],
            f"Test labour hour (not covered: the yearly cap of "
            f"{contract.display_name} is used up)",
        )
        # the over-the-cap line is taxed as its product
        self.assertEqual(self._invoice_lines(move)[2].tax_ids, self.tax)
        with freeze_time("2026-06-01"):
            contract.invalidate_recordset(["amount_used", "amount_remaining"])
            self.assertAlmostEqual(contract.amount_used, 150.0)
            self.assertAlmostEqual(contract.amount_remaining, 0.0)

    def test_two_orders_in_one_batch_consume_the_cap_in_order(self):
        """Labour 100 %, parts 0 %, cap 200.00; both orders of the batch bill
        a capacitor (32.00). Done first (though created last): Diagnostic 89 +
        labour hour 75 = 164.00 covered, 36.00 left. Done next: its Diagnostic
        covered 36.00, 53.00 over the cap billed: 32.00 and 85.00 billed."""
        contract = self._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=0.0,
            yearly_cap_amount=200.0,
        )
        second = self._covered_order(
            [(self.code_diag, 1), (self.part, 1)], start=datetime(2026, 1, 15, 9)
        )
        first = self._covered_order(
            [(self.code_diag, 1), (self.labour, 1), (self.part, 1)],
            start=datetime(2026, 1, 14, 9),
        )
        self.assertLess(second.id, first.id)
        (second | first).with_user(self.accountant).action_create_invoice()
        first_move, second_move = self._moves(first), self._moves(second)
        self.assertEqual(
            self._amounts(first_move),
            [
                (self.code_diag, 0.0, 89.0),
                (self.labour, 0.0, 75.0),
                (self.part, 32.0, 0.0),
            ],
        )
        self.assertEqual(
            self._amounts(second_move),
            [
                (self.code_diag, 0.0, 36.0),
                (self.code_diag, 53.0, 0.0),
                (self.part, 32.0, 0.0),
            ],
        )
        self.assertAlmostEqual(first_move.amount_untaxed, 32.0)
        self.assertAlmostEqual(second_move.amount_untaxed, 85.0)
        with freeze_time("2026-06-01"):
            contract.invalidate_recordset(["amount_used"])
            self.assertAlmostEqual(contract.amount_used, 200.0)

    def test_no_charge_orders_consume_the_cap(self):
        """Labour 100 %, cap 200.00. The first order (164.00, all labour) is no
        charge and makes no invoice, yet its coverage counts: the second one's
        Diagnostic gets the 36.00 left."""
        self._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=0.0,
            yearly_cap_amount=200.0,
        )
        first = self._covered_order(
            [(self.code_diag, 1), (self.labour, 1)], start=datetime(2026, 1, 14, 9)
        )
        second = self._covered_order(
            [(self.code_diag, 1)], start=datetime(2026, 1, 15, 9)
        )
        self.assertEqual(first.invoice_status, "no_charge")
        self.assertEqual(second.invoice_status, "to_invoice")
        moves = (first | second).with_user(self.accountant).action_create_invoice()
        self.assertFalse(self._moves(first))
        self.assertEqual(
            self._amounts(self._moves(second)),
            [(self.code_diag, 0.0, 36.0), (self.code_diag, 53.0, 0.0)],
        )
        self.assertEqual(moves["res_id"], self._moves(second).id)

    def test_invoices_one_by_one_and_rerun(self):
        """Cap 100.00, labour 100 %: each order a Diagnostic (89.00). Invoiced
        one at a time: the first covered in full, the second 11.00 (from the
        first invoice's record), the third none. Invoicing them all again
        bills nothing twice."""
        contract = self._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=0.0,
            yearly_cap_amount=100.0,
        )
        orders = [
            self._covered_order([(self.code_diag, 1)], start=datetime(2026, 1, d, 9))
            for d in (14, 15, 16)
        ]
        all_orders = orders[0] | orders[1] | orders[2]
        as_accountant = all_orders.with_user(self.accountant)
        self.assertEqual(
            all_orders.mapped("invoice_status"),
            ["no_charge", "to_invoice", "to_invoice"],
        )
        orders[0].with_user(self.accountant).action_create_invoice_anyway()
        orders[1].with_user(self.accountant).action_create_invoice()
        self.assertEqual(
            self._amounts(self._moves(orders[1])),
            [(self.code_diag, 0.0, 11.0), (self.code_diag, 78.0, 0.0)],
        )
        as_accountant.action_create_invoice()
        self.assertEqual(
            self._amounts(self._moves(orders[2])), [(self.code_diag, 89.0, 0.0)]
        )
        moves = self._moves(all_orders)
        self.assertEqual(len(moves), 3)
        with self.assertRaisesMessage(UserError, "Nothing to invoice"):
            as_accountant.action_create_invoice()
        with self.assertRaisesMessage(UserError, "Nothing to invoice"):
            as_accountant.action_create_invoice_anyway()
        self.assertEqual(self._moves(all_orders), moves)
        with freeze_time("2026-06-01"):
            contract.invalidate_recordset(["amount_used"])
            self.assertAlmostEqual(contract.amount_used, 100.0)

    def test_cancelled_invoice_frees_nothing_twice(self):
        """An invoice cancelled: its order is to invoice again, and invoicing
        it again covers it as before (its share of the cap was its own)."""
        self._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=0.0,
            yearly_cap_amount=100.0,
        )
        first = self._covered_order(
            [(self.code_diag, 1), (self.part, 1)], start=datetime(2026, 1, 14, 9)
        )
        second = self._covered_order(
            [(self.code_diag, 1)], start=datetime(2026, 1, 15, 9)
        )
        first.with_user(self.accountant).action_create_invoice()
        self._moves(first).with_user(self.accountant).button_cancel()
        self.assertEqual(first.invoice_status, "to_invoice")
        self.assertEqual(second.invoice_status, "to_invoice")
        (first | second).with_user(self.accountant).action_create_invoice()
        new_move = self._moves(first).filtered(lambda m: m.state == "draft")
        self.assertEqual(
            self._amounts(new_move),
            [(self.code_diag, 0.0, 89.0), (self.part, 32.0, 0.0)],
        )
        self.assertEqual(
            self._amounts(self._moves(second)),
            [(self.code_diag, 0.0, 11.0), (self.code_diag, 78.0, 0.0)],
        )

    def test_cap_resets_next_contract_year(self):
        """A two-year contract (2026-01-01 to 2027-12-31), cap 100.00, labour
        100 %: the 2026 orders share 100.00; the first order received in 2027
        starts on a new cap."""
        contract = self._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=0.0,
            yearly_cap_amount=100.0,
            date_end=date(2027, 12, 31),
        )
        a = self._covered_order([(self.code_diag, 1)], start=datetime(2026, 3, 2, 9))
        b = self._covered_order(
            [(self.code_diag, 1)],
            received=datetime(2026, 12, 20, 9),
            start=datetime(2026, 12, 21, 9),
        )
        c = self._covered_order(
            [(self.code_diag, 1)],
            received=datetime(2027, 1, 4, 9),
            start=datetime(2027, 1, 5, 9),
        )
        self.assertEqual(
            [a.invoice_status, b.invoice_status, c.invoice_status],
            ["no_charge", "to_invoice", "no_charge"],
        )
        (a | b | c).with_user(self.accountant).action_create_invoice_anyway()
        self.assertEqual(
            self._amounts(self._moves(b)),
            [(self.code_diag, 0.0, 11.0), (self.code_diag, 78.0, 0.0)],
        )
        c_lines = self._invoice_lines(self._moves(c))
        self.assertEqual(c_lines.coverage_year_start, date(2027, 1, 1))
        self.assertAlmostEqual(c_lines.coverage_amount, 89.0)
        with freeze_time("2027-06-01"):
            contract.invalidate_recordset(["amount_used", "amount_remaining"])
            self.assertAlmostEqual(contract.amount_used, 89.0)
            self.assertAlmostEqual(contract.amount_remaining, 11.0)

    def test_usage_counts_completed_orders_before_invoicing(self):
        """amount_used: invoiced orders as recorded, completed ones as invoicing
        would cover them now (cap included), never above the cap for them."""
        contract = self._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=0.0,
            yearly_cap_amount=150.0,
        )
        for day in (14, 15):
            self._covered_order([(self.code_diag, 1)], start=datetime(2026, 1, day, 9))
        with freeze_time("2026-06-01"):
            contract.invalidate_recordset(["amount_used", "amount_remaining"])
            self.assertAlmostEqual(contract.amount_used, 150.0)
            self.assertAlmostEqual(contract.amount_remaining, 0.0)

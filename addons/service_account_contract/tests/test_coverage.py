from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContractInvoicingCase


@tagged("post_install", "-at_install")
class TestContractCoverage(ContractInvoicingCase):
    def test_percentages_on_the_invoice(self):
        """Labour 100 %, parts 50 %, no cap: Diagnostic 89.00 (a service code
        is labour) covered in full, 2 x 32.00 of parts half covered: 32.00
        billed, 89.00 + 32.00 = 121.00 covered."""
        contract = self._contract(
            labour_coverage_percent=100.0, parts_coverage_percent=50.0
        )
        order = self._covered_order([(self.code_diag, 1), (self.part, 2)])
        self.assertEqual(order.contract_id, contract)
        self.assertEqual(order.invoice_status, "to_invoice")
        order.with_user(self.accountant).action_create_invoice()
        move = self._moves(order)
        lines = self._invoice_lines(move)
        self.assertEqual(lines.mapped("discount"), [100.0, 50.0])
        self.assertEqual(
            lines.mapped("name"),
            [
                f"Diagnostic (100% covered: contract {contract.display_name}, labour)",
                f"Test capacitor (50% covered: contract {contract.display_name}, "
                "parts)",
            ],
        )
        self.assertAlmostEqual(move.amount_untaxed, 32.0)
        self.assertEqual(lines.coverage_contract_id, contract)
        self.assertEqual(lines.mapped("coverage_amount"), [89.0, 32.0])
        self.assertEqual(
            set(lines.mapped("coverage_year_start")), {contract.date_start}
        )
        self.assertEqual(order.invoice_status, "invoiced")
        # the contract's usage is what the invoice recorded
        with freeze_time("2026-06-01"):
            contract.invalidate_recordset(["amount_used"])
            self.assertAlmostEqual(contract.amount_used, 121.0)

    def test_parts_not_covered_billed_in_full(self):
        contract = self._contract(
            labour_coverage_percent=100.0, parts_coverage_percent=0.0
        )
        order = self._covered_order([(self.code_diag, 1), (self.part, 2)])
        billed = self._billed(order)
        self.assertEqual(
            billed,
            [
                (
                    f"Diagnostic (100% covered: contract {contract.display_name}, "
                    "labour)",
                    0.0,
                    89.0,
                ),
                ("Test capacitor", 64.0, 0.0),
            ],
        )

    def test_time_and_materials_labour_covered(self):
        """1 h 10 min of work rounded up to 1 h 15 at Alice's 80.00 = 100.00,
        labour 50 %: 50.00 billed, 50.00 covered."""
        self._contract(labour_coverage_percent=50.0, parts_coverage_percent=0.0)
        order = self._covered_order(
            [],
            order_type_id=self.tm_type.id,
            logs=[(self.tech_a, "work", datetime(2026, 1, 13, 9, 0), 70)],
        )
        [(name, subtotal, covered)] = self._billed(order)
        self.assertIn("(50% covered: contract", name)
        self.assertAlmostEqual(subtotal, 50.0)
        self.assertAlmostEqual(covered, 50.0)

    def test_fully_covered_order_is_no_charge(self):
        contract = self._contract(
            labour_coverage_percent=100.0, parts_coverage_percent=100.0
        )
        order = self._covered_order([(self.code_diag, 1), (self.part, 2)])
        self.assertEqual(order.invoice_status, "no_charge")
        with self.assertRaisesMessage(UserError, "Nothing to invoice"):
            order.with_user(self.accountant).action_create_invoice()
        self.assertFalse(self._moves(order))
        # invoiced anyway: a zero invoice that records the coverage
        order.with_user(self.accountant).action_create_invoice_anyway()
        move = self._moves(order)
        self.assertEqual(len(move), 1)
        self.assertAlmostEqual(move.amount_total, 0.0)
        self.assertAlmostEqual(
            sum(self._invoice_lines(move).mapped("coverage_amount")), 153.0
        )
        self.assertEqual(order.invoice_status, "invoiced")
        with freeze_time("2026-06-01"):
            contract.invalidate_recordset(["amount_used"])
            self.assertAlmostEqual(contract.amount_used, 153.0)
        # and not twice
        with self.assertRaisesMessage(UserError, "Nothing to invoice"):
            order.with_user(self.accountant).action_create_invoice_anyway()
        self.assertEqual(self._moves(order), move)

    def test_warranty_first(self):
        """An order on a unit under warranty is covered by the warranty, not
        the contract: the contract's cap is left alone."""
        contract = self._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=100.0,
            yearly_cap_amount=100.0,
        )
        order = self._covered_order(
            [(self.code_diag, 1)],
            site_id=self.site.id,
            equipment_ids=[(6, 0, self.rtu.ids)],
        )
        self.assertEqual(order.contract_id, contract)
        self.assertTrue(order.is_warranty)
        [(name, subtotal, covered)] = self._billed(order)
        self.assertIn("warranty of Rooftop unit", name)
        self.assertEqual((subtotal, covered), (0.0, 0.0))
        later = self._covered_order(
            [(self.code_diag, 1)], start=datetime(2026, 2, 2, 9)
        )
        [(name, subtotal, covered)] = self._billed(later)
        self.assertEqual((subtotal, covered), (0.0, 89.0), "the cap is intact")

    def test_not_covered_outside_the_contract(self):
        """A cancelled contract covers nothing; an order of another customer
        neither."""
        contract = self._contract(parts_coverage_percent=100.0)
        order = self._covered_order([(self.code_diag, 1)])
        other = self._covered_order(
            [(self.code_diag, 1)], partner_id=self.other_customer.id
        )
        self.assertFalse(other.contract_id)
        self.assertEqual(self._billed(other), [("Diagnostic", 89.0, 0.0)])
        self.assertEqual(order.invoice_status, "no_charge")
        contract.action_cancel()
        self.assertEqual(order.invoice_status, "to_invoice")
        self.assertEqual(self._billed(order), [("Diagnostic", 89.0, 0.0)])

    def test_expired_contract_still_covers_its_orders(self):
        contract = self._contract(parts_coverage_percent=100.0)
        order = self._covered_order([(self.code_diag, 1)])
        with freeze_time("2027-01-05"):
            self.Contract._cron_expire()
        self.assertEqual(contract.state, "expired")
        self.assertEqual(order.invoice_status, "no_charge")

    def test_coverage_fields_are_the_invoicings(self):
        """Nobody sets what a contract covers on an invoice line by hand (it
        spends the yearly cap), whatever the context says; nothing is
        written."""
        contract = self._contract(yearly_cap_amount=500.0)
        order = self._covered_order([(self.code_diag, 1), (self.part, 1)])
        order.with_user(self.accountant).action_create_invoice()
        move = self._moves(order).with_user(self.accountant)
        line = self._invoice_lines(move)[0]
        for context in ({}, {"service_account_contract_coverage": True}):
            with self.subTest(context=context):
                with self.assertRaisesMessage(UserError, "invoicing of service"):
                    line.with_context(**context).write({"coverage_amount": 0.0})
                with self.assertRaisesMessage(UserError, "invoicing of service"):
                    move.with_context(**context).write(
                        {
                            "invoice_line_ids": [
                                (
                                    0,
                                    0,
                                    {
                                        "name": "Fake cover",
                                        "price_unit": 1.0,
                                        "coverage_contract_id": contract.id,
                                        "coverage_amount": 500.0,
                                    },
                                )
                            ]
                        }
                    )
        self.assertAlmostEqual(line.coverage_amount, 89.0)
        self.assertEqual(len(self._invoice_lines(move)), 2)
        # an ordinary edit of the invoice is the accounting's business
        line.write({"name": "Diagnostic, covered"})
        self.assertEqual(line.name, "Diagnostic, covered")

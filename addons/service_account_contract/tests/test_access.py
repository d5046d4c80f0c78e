from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ContractInvoicingCase


@tagged("post_install", "-at_install")
class TestContractInvoicingAccess(ContractInvoicingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract(
            labour_coverage_percent=100.0,
            parts_coverage_percent=0.0,
            yearly_cap_amount=100.0,
        )

    def test_accountant_invoices_without_reading_contracts(self):
        """The accountant may not read contracts, yet invoices their orders
        with the coverage and the cap (read as superuser, nothing else)."""
        order = self._covered_order(
            [(self.code_diag, 1), (self.labour, 1)], technician_id=self.tech_a.id
        )
        with self.assertRaises(AccessError):
            self.contract.with_user(self.accountant).read(["yearly_cap_amount"])
        as_accountant = order.with_user(self.accountant)
        self.assertEqual(as_accountant.invoice_status, "to_invoice")
        as_accountant.action_create_invoice()
        move = self._moves(order)
        self.assertEqual(move.create_uid, self.accountant)
        lines = self._invoice_lines(move.with_user(self.accountant))
        self.assertEqual(lines.mapped("coverage_amount"), [89.0, 11.0, 0.0])
        self.assertAlmostEqual(move.amount_untaxed, 64.0)

    def test_technician_completes_but_cannot_invoice(self):
        """A technician completing a covered order computes its status (the
        cap read as superuser) but neither invoices nor reads the coverage."""
        order = self._covered_order([(self.code_diag, 1)], technician_id=self.tech_a.id)
        as_tech = order.with_user(self.tech_user_a)
        self.assertEqual(as_tech.invoice_status, "no_charge")
        with self.assertRaises(AccessError):
            as_tech.action_create_invoice_anyway()
        with self.assertRaises(AccessError):
            as_tech.with_context(
                service_account_contract_full_set=True,
                service_account_contract_coverage=True,
            ).action_create_invoice_anyway()
        self.assertFalse(self._moves(order))
        with self.assertRaises(AccessError):
            self.env["account.move.line"].with_user(self.tech_user_a).search_count(
                [("coverage_contract_id", "=", self.contract.id)]
            )

    def test_dispatcher_sees_the_usage_not_the_invoices(self):
        order = self._covered_order([(self.code_diag, 1)])
        order.with_user(self.accountant).action_create_invoice_anyway()
        with freeze_time("2026-06-01"):
            contract = self.contract.with_user(self.dispatcher)
            self.assertAlmostEqual(contract.amount_used, 89.0)
            self.assertAlmostEqual(contract.amount_remaining, 11.0)
        with self.assertRaises(AccessError):
            self._moves(order).with_user(self.dispatcher).read(["amount_total"])

    def test_multi_company(self):
        """The same customer has a contract in each company: each company's
        orders use their own contract's cap, and an accountant of one company
        cannot invoice the other's orders."""
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=self.company2, install_demo=False
        )
        type_b = self.env["service.order.type"].create(
            {"name": "Repair B", "company_id": self.company2.id}
        )
        contract_b = (
            self.Contract.with_company(self.company2)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company2.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "labour_coverage_percent": 100.0,
                    "yearly_cap_amount": 100.0,
                }
            )
            .with_context(allowed_company_ids=[self.company2.id])
        )
        with freeze_time("2026-01-01"):
            contract_b.action_activate()
        order_a = self._covered_order([(self.code_diag, 1)])
        order_b = self._covered_order(
            [(self.code_diag, 1)],
            company_id=self.company2.id,
            order_type_id=type_b.id,
        )
        self.assertEqual(order_a.contract_id, self.contract)
        self.assertEqual(order_b.contract_id, contract_b)
        both = (order_a | order_b).with_context(
            allowed_company_ids=[self.company.id, self.company2.id]
        )
        self.assertEqual(both.mapped("invoice_status"), ["no_charge", "no_charge"])
        accountant_a = self.accountant
        with self.assertRaises(AccessError):
            order_b.with_user(accountant_a).action_create_invoice_anyway()
        self.assertFalse(self._moves(order_b))
        both.action_create_invoice_anyway()
        for order, contract in ((order_a, self.contract), (order_b, contract_b)):
            lines = self._invoice_lines(self._moves(order))
            self.assertEqual(lines.coverage_contract_id, contract)
            self.assertEqual(lines.company_id, order.company_id)
            self.assertAlmostEqual(lines.coverage_amount, 89.0)
        with freeze_time("2026-06-01"):
            for contract in (self.contract, contract_b.sudo()):
                contract.invalidate_recordset(["amount_used"])
                self.assertAlmostEqual(contract.amount_used, 89.0)
        # a second order in company A: 11.00 of A's cap left, B's is not used
        later = self._covered_order(
            [(self.code_diag, 1)], start=datetime(2026, 2, 2, 9)
        )
        (name, subtotal, covered), over = self._billed(later)
        self.assertIn(f"contract {self.contract.display_name}, labour", name)
        self.assertIn("78.00 over the yearly cap billed below", name)
        self.assertEqual((subtotal, covered), (0.0, 11.0))
        self.assertEqual(
            over,
            (
                f"Diagnostic: over the yearly cap of {self.contract.display_name}",
                78.0,
                0.0,
            ),
        )
        self.assertEqual(later.line_ids.company_id, self.company)

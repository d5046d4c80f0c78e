from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.service_order.tests.common import MANAGER_GROUP

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestContractSecurity(ServiceContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract(recurring_amount=100.0)
        cls.order = cls._create_order(
            date_received=datetime(2026, 5, 4, 9, 0),
            **cls._planned_values(technician_id=cls.tech_a.id),
        )
        cls.customer2 = cls.env["res.partner"].create({"name": "Shared customer"})
        cls.contract_company2 = (
            cls.env["service.contract"]
            .with_company(cls.company2)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company2.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                }
            )
        )

    def test_technician_has_no_access_to_contracts(self):
        with self.assertRaises(AccessError):
            self.contract.with_user(self.tech_user_a).read(["name"])
        order = self.order.with_user(self.tech_user_a)
        # the technician still works on his order, without the contract
        self.assertEqual(order.read(["name", "equipment_ids"])[0]["name"], order.name)
        with self.assertRaises(AccessError):
            order.read(["contract_id"])
        order.resolution = "<p>Filter was clogged</p>"
        self.assertEqual(self.order.contract_id, self.contract, "kept on write")

    def test_dispatcher_reads_contracts_only(self):
        contract = self.contract.with_user(self.dispatcher)
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.order_count, 1)
        self.assertEqual(
            self.order.with_user(self.dispatcher).contract_id, self.contract
        )
        with self.assertRaises(AccessError):
            contract.write({"visits_included": 99})
        with self.assertRaises(AccessError):
            contract.action_cancel()
        with self.assertRaises(AccessError):
            contract.action_renew()
        with self.assertRaises(AccessError):
            self.env["service.contract"].with_user(self.dispatcher).create(
                {
                    "partner_id": self.customer.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                }
            )
        with self.assertRaises(AccessError):
            self.env["service.contract.sla"].with_user(self.dispatcher).create(
                {
                    "contract_id": self.contract.id,
                    "priority": "3",
                    "response_hours": 1,
                    "resolution_hours": 2,
                }
            )
        self.assertEqual(self.contract.state, "active")
        self.assertFalse(self.contract.sla_ids)

    def test_manager_edits_renews_and_cancels(self):
        contract = self.contract.with_user(self.manager)
        contract.write(
            {
                "visits_included": 10,
                "sla_ids": [
                    Command.create(
                        {"priority": "3", "response_hours": 1, "resolution_hours": 4}
                    )
                ],
            }
        )
        contract.action_renew()
        renewal = contract.renewal_ids
        self.assertEqual(renewal.visits_included, 10)
        renewal.action_cancel()
        self.assertEqual(renewal.state, "cancelled")
        renewal.action_set_draft()
        renewal.unlink()
        self.assertFalse(renewal.exists())

    def test_multi_company_isolation(self):
        Contract = self.env["service.contract"]
        self.assertNotIn(
            self.contract_company2, Contract.with_user(self.manager).search([])
        )
        with self.assertRaises(AccessError):
            self.contract_company2.with_user(self.manager).read(["name"])
        manager2 = new_test_user(
            self.env,
            "manager_c2",
            groups=MANAGER_GROUP,
            company_id=self.company2.id,
            company_ids=[Command.set(self.company2.ids)],
        )
        self.assertEqual(
            Contract.with_user(manager2).search([]), self.contract_company2
        )
        # the same customer in the other company: its contract is not picked
        self.contract_company2.action_activate()
        order = self._create_order(date_received=datetime(2026, 5, 4, 9, 0))
        self.assertEqual(order.contract_id, self.contract)
        self.assertFalse(
            self.env["service.contract.sla"]
            .with_user(manager2)
            .search([("contract_id", "=", self.contract.id)])
        )


@tagged("post_install", "-at_install")
class TestAccountantOnContractInvoices(ServiceContractCase):
    def test_accountant_opens_a_contract_invoice(self):
        """An accountant without service rights opens a contract's invoice:
        the form shows the period and the origin, not a link he could not
        follow (reading the contract would be an AccessError)."""
        accountant = new_test_user(
            self.env, "accountant_t", groups="account.group_account_invoice"
        )
        contract = self._contract(recurring_amount=90.0)
        with freeze_time("2026-01-15"):
            invoice = self.Contract._cron_recurring_invoices()
        self.assertEqual(len(invoice), 1)
        Move = self.env["account.move"].with_user(accountant)
        arch = Move.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="service_contract_id"', arch)
        self.assertIn('name="service_contract_period_start"', arch)
        values = invoice.with_user(accountant).web_read(
            {
                "invoice_origin": {},
                "service_contract_period_start": {},
                "service_contract_period_end": {},
            }
        )[0]
        self.assertEqual(values["invoice_origin"], contract.name)
        self.assertEqual(values["service_contract_period_start"], date(2026, 1, 1))
        with self.assertRaises(AccessError):
            contract.with_user(accountant).read(["name"])
        # the administrator (a service manager) sees the link
        manager_arch = (
            self.env["account.move"]
            .with_user(self.env.ref("base.user_admin"))
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="service_contract_id"', manager_arch)

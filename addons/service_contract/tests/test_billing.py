from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestRecurringBilling(ServiceContractCase):
    def _invoices(self, contracts):
        return self.env["account.move"].search(
            [("service_contract_id", "in", contracts.ids)],
            order="service_contract_id, service_contract_period_start",
        )

    def _periods(self, contracts):
        return [
            (m.service_contract_period_start, m.service_contract_period_end)
            for m in self._invoices(contracts)
        ]

    def test_monthly_from_a_month_end_without_drift(self):
        contract = self._contract(date_start=date(2026, 1, 31), recurring_amount=120.0)
        with freeze_time("2026-04-15"):
            invoices = self.Contract._cron_recurring_invoices()
        self.assertEqual(len(invoices), 3)
        self.assertEqual(
            self._periods(contract),
            [
                (date(2026, 1, 31), date(2026, 2, 27)),
                (date(2026, 2, 28), date(2026, 3, 30)),
                (date(2026, 3, 31), date(2026, 4, 29)),
            ],
        )
        self.assertEqual(contract.recurring_next_date, date(2026, 4, 30))
        invoice = invoices[0]
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.invoice_origin, contract.name)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.fee_product)
        self.assertEqual(invoice.invoice_line_ids.price_unit, 120.0)
        self.assertIn(contract.name, invoice.invoice_line_ids.name)
        self.assertEqual(contract.invoice_count, 3)

    def test_quarterly_and_yearly_stop_at_the_end_of_term(self):
        quarterly = self._contract(
            date_start=date(2026, 1, 1),
            date_end=date(2026, 8, 15),
            recurring_amount=300.0,
            recurring_interval="quarterly",
        )
        yearly = self._contract(
            date_start=date(2024, 2, 29),
            date_end=date(2027, 2, 27),
            recurring_amount=1000.0,
            recurring_interval="yearly",
        )
        with freeze_time("2026-12-01"):
            self.Contract._cron_recurring_invoices()
        self.assertEqual(
            self._periods(quarterly),
            [
                (date(2026, 1, 1), date(2026, 3, 31)),
                (date(2026, 4, 1), date(2026, 6, 30)),
                (date(2026, 7, 1), date(2026, 8, 15)),
            ],
            "the last period ends with the contract",
        )
        self.assertFalse(quarterly.recurring_next_date, "nothing left to bill")
        self.assertEqual(
            self._periods(yearly),
            [
                (date(2024, 2, 29), date(2025, 2, 27)),
                (date(2025, 2, 28), date(2026, 2, 27)),
                (date(2026, 2, 28), date(2027, 2, 27)),
            ],
        )

    def test_running_twice_bills_nothing_twice(self):
        contracts = self._contract(recurring_amount=50.0) | self._contract(
            recurring_amount=70.0, site_ids=self.site
        )
        with freeze_time("2026-03-05"):
            first = self.Contract._cron_recurring_invoices()
            second = self.Contract._cron_recurring_invoices()
        self.assertEqual(len(first), 6)
        self.assertFalse(second)
        self.assertEqual(len(self._invoices(contracts)), 6)

    def test_rerun_after_a_crash_half_way(self):
        """Invoices of part of the batch were created, but the contracts' next
        dates were not moved on (the run died): the re-run bills only what is
        missing."""
        contracts = self.Contract
        for amount in (10.0, 20.0, 30.0, 40.0):
            contracts |= self._contract(recurring_amount=amount)
        with freeze_time("2026-02-10"):
            periods, _next_dates = contracts._get_due_periods(date(2026, 2, 10))
            self.assertEqual(len(periods), 8)
            # the crash: half of the invoices made it, nothing else did
            self.Contract._create_recurring_invoices(periods[:3])
            self.assertEqual(len(self._invoices(contracts)), 3)
            self.assertTrue(
                all(c.recurring_next_date == date(2026, 1, 1) for c in contracts)
            )
            rerun = self.Contract._cron_recurring_invoices()
        self.assertEqual(len(rerun), 5)
        invoices = self._invoices(contracts)
        self.assertEqual(len(invoices), 8)
        keys = {
            (m.service_contract_id.id, m.service_contract_period_start)
            for m in invoices
        }
        self.assertEqual(len(keys), 8, "one invoice per contract and period")
        self.assertTrue(
            all(c.recurring_next_date == date(2026, 3, 1) for c in contracts)
        )

    def test_period_key_is_unique_in_the_database(self):
        contract = self._contract(recurring_amount=10.0)
        with freeze_time("2026-01-05"):
            invoice = self.Contract._cron_recurring_invoices()
        vals = contract._prepare_recurring_invoice_values(
            date(2026, 1, 1), date(2026, 1, 31)
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["account.move"].create(vals)
            self.env.flush_all()
        self.assertEqual(self._invoices(contract), invoice)
        # a copy of the invoice does not carry the period key
        copy = invoice.copy()
        self.assertFalse(copy.service_contract_id)

    def test_one_create_per_batch_and_batches_resume(self):
        contracts = self.Contract
        for amount in (10.0, 20.0, 30.0, 40.0, 50.0):
            contracts |= self._contract(recurring_amount=amount)
        Move = type(self.env["account.move"])
        original_create = Move.create
        calls = []

        def counting_create(records, vals_list):
            calls.append(len(vals_list) if isinstance(vals_list, list) else 1)
            return original_create(records, vals_list)

        with (
            freeze_time("2026-02-10"),
            patch.object(Move, "create", counting_create),
            patch.object(
                type(self.env["ir.cron"]), "_notify_progress", autospec=True
            ) as progress,
        ):
            first = self.Contract._cron_recurring_invoices(batch_size=3)
            self.assertEqual(calls, [6], "3 contracts x 2 months, one create()")
            progress.assert_called_once()
            self.assertEqual(progress.call_args.kwargs, {"done": 3, "remaining": 2})
            second = self.Contract._cron_recurring_invoices(batch_size=3)
            self.assertEqual(calls, [6, 4])
            self.assertEqual(progress.call_args.kwargs, {"done": 2, "remaining": 0})
        self.assertEqual(len(first | second), 10)

    def test_only_active_contracts_with_a_fee_are_billed(self):
        free = self._contract()
        draft = self._contract(activate=False, recurring_amount=10.0)
        cancelled = self._contract(recurring_amount=10.0)
        cancelled.action_cancel()
        with freeze_time("2026-02-10"):
            self.Contract._cron_recurring_invoices()
        self.assertFalse(self._invoices(free | draft | cancelled))

    def test_each_company_billed_in_its_own_journal(self):
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=self.company2, install_demo=False
        )
        customer2 = self.env["res.partner"].create(
            {"name": "Customer of the other contractor"}
        )
        mine = self._contract(recurring_amount=10.0)
        theirs = self.Contract.with_company(self.company2).create(
            {
                "partner_id": customer2.id,
                "company_id": self.company2.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "recurring_amount": 20.0,
            }
        )
        with freeze_time("2026-01-01"):
            theirs.with_company(self.company2).action_activate()
        with freeze_time("2026-01-10"):
            invoices = self.Contract._cron_recurring_invoices()
        self.assertEqual(len(invoices), 2)
        by_contract = {m.service_contract_id: m for m in invoices}
        self.assertEqual(by_contract[mine].company_id, self.company)
        self.assertEqual(by_contract[theirs].company_id, self.company2)
        self.assertEqual(by_contract[theirs].journal_id.company_id, self.company2)

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestContractLifecycle(ServiceContractCase):
    def test_create_activate_cancel_reset(self):
        contract = self._contract(activate=False, recurring_amount=100)
        self.assertEqual(contract.state, "draft")
        self.assertTrue(contract.name.startswith("SC/"))
        self.assertEqual(contract.product_id, self.fee_product)
        with freeze_time("2026-01-01"):
            contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.recurring_next_date, date(2026, 1, 1))
        with self.assertRaisesMessage(UserError, "cannot be activated: it is Active"):
            contract.action_activate()
        contract.action_cancel()
        self.assertEqual(contract.state, "cancelled")
        contract.action_set_draft()
        self.assertEqual(contract.state, "draft")

    def test_state_moves_only_through_actions(self):
        contract = self._contract(activate=False)
        with self.assertRaisesMessage(UserError, "only through its buttons"):
            contract.write({"state": "active"})
        self.assertEqual(contract.state, "draft")
        with self.assertRaisesMessage(UserError, "starts as Draft"):
            self.Contract.create(
                {
                    "partner_id": self.customer.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                    "state": "active",
                }
            )

    def test_activation_refusals_write_nothing(self):
        ended = self._contract(activate=False, date_end=date(2026, 3, 31))
        fine = self._contract(activate=False)
        no_product = self._contract(
            activate=False, recurring_amount=50, product_id=False
        )
        with (
            freeze_time("2026-04-01"),
            self.assertRaisesMessage(UserError, "ended on .* cannot be activated"),
        ):
            (fine | ended).action_activate()
        self.assertEqual(fine.state, "draft", "a refused batch writes nothing")
        with (
            freeze_time("2026-01-01"),
            self.assertRaisesMessage(UserError, "no product to invoice"),
        ):
            no_product.action_activate()
        self.assertEqual(no_product.state, "draft")

    def test_bad_terms_are_refused(self):
        cases = [
            ({"date_end": date(2025, 12, 31)}, "cannot end .* before it starts"),
            ({"labour_coverage_percent": 120}, "between 0 and 100"),
            ({"parts_coverage_percent": -5}, "between 0 and 100"),
            ({"yearly_cap_amount": -1}, "cannot be negative"),
            ({"visits_included": -1}, "cannot be negative"),
            ({"recurring_amount": -10}, "cannot be negative"),
            ({"site_ids": self.other_customer}, "do not belong to the customer"),
            ({"equipment_ids": self.other_unit}, "do not belong to the customer"),
        ]
        count = self.Contract.search_count([])
        for values, message in cases:
            with self.subTest(values=values):
                with self.assertRaisesMessage(ValidationError, message):
                    self._contract(activate=False, **values)
        self.assertEqual(self.Contract.search_count([]), count)

    def test_sla_lines_are_validated(self):
        contract = self._contract(activate=False)
        Sla = self.env["service.contract.sla"]
        with self.assertRaisesMessage(ValidationError, "must be positive"):
            Sla.create(
                {
                    "contract_id": contract.id,
                    "priority": "2",
                    "response_hours": 0,
                    "resolution_hours": 4,
                }
            )
        with self.assertRaisesMessage(ValidationError, "cannot be shorter"):
            Sla.create(
                {
                    "contract_id": contract.id,
                    "priority": "2",
                    "response_hours": 8,
                    "resolution_hours": 4,
                }
            )
        self.assertFalse(contract.sla_ids)

    def test_renewal_creates_next_draft_and_notes_it(self):
        contract = self._contract(
            date_start=date(2027, 3, 1),
            date_end=date(2028, 2, 29),
            site_ids=self.site,
            equipment_ids=self.rtu,
            labour_coverage_percent=80,
            visits_included=6,
            recurring_amount=100,
            recurring_interval="quarterly",
        )
        self.env["service.contract.sla"].create(
            {
                "contract_id": contract.id,
                "priority": "3",
                "response_hours": 2,
                "resolution_hours": 6,
            }
        )
        action = contract.action_renew()
        renewal = contract.renewal_ids
        self.assertEqual(len(renewal), 1)
        self.assertEqual(action["res_id"], renewal.id)
        self.assertEqual(renewal.state, "draft")
        self.assertEqual(renewal.renewed_from_id, contract)
        self.assertNotEqual(renewal.name, contract.name)
        # a leap-year term: the next one ends on Feb 28th
        self.assertEqual(renewal.date_start, date(2028, 3, 1))
        self.assertEqual(renewal.date_end, date(2029, 2, 28))
        self.assertEqual(renewal.site_ids, self.site)
        self.assertEqual(renewal.equipment_ids, self.rtu)
        self.assertEqual(renewal.labour_coverage_percent, 80)
        self.assertEqual(renewal.visits_included, 6)
        self.assertEqual(renewal.recurring_interval, "quarterly")
        self.assertFalse(renewal.recurring_next_date)
        self.assertEqual(
            renewal.sla_ids.mapped(lambda s: (s.priority, s.response_hours)),
            [("3", 2.0)],
        )
        self.assertNotEqual(renewal.sla_ids, contract.sla_ids, "copied, not moved")
        self.assertIn(renewal.name, contract.message_ids[0].body)
        self.assertIn(contract.name, renewal.message_ids[0].body)
        with self.assertRaisesMessage(UserError, "already renewed by"):
            contract.action_renew()
        self.assertEqual(len(contract.renewal_ids), 1)
        # a cancelled renewal does not count
        renewal.action_cancel()
        contract.action_renew()
        self.assertEqual(len(contract.renewal_ids), 2)

    def test_draft_and_cancelled_cannot_be_renewed(self):
        draft = self._contract(activate=False)
        with self.assertRaisesMessage(UserError, "cannot be renewed"):
            draft.action_renew()
        self.assertFalse(draft.renewal_ids)

    def test_expiry_cron(self):
        ending = self._contract(date_end=date(2026, 6, 30), recurring_amount=10)
        running = self._contract(date_end=date(2026, 7, 1))
        with freeze_time("2026-07-01"):
            expired = self.Contract._cron_expire()
            self.assertEqual(expired, ending)
            self.assertEqual(ending.state, "expired")
            self.assertFalse(ending.recurring_next_date)
            self.assertEqual(running.state, "active", "its last day is today")
            self.assertFalse(self.Contract._cron_expire(), "idempotent")
        # an expired contract can be renewed
        ending.action_renew()
        self.assertEqual(ending.renewal_ids.date_start, date(2026, 7, 1))

    def test_expiring_filter(self):
        soon = self._contract(date_end=date(2026, 7, 30))
        later = self._contract(date_end=date(2026, 8, 15))
        draft = self._contract(activate=False, date_end=date(2026, 7, 15))
        contracts = soon | later | draft
        with freeze_time("2026-07-01"):
            contracts.invalidate_recordset(["is_expiring"])
            found = self.Contract.search(
                [("id", "in", contracts.ids), ("is_expiring", "=", True)]
            )
            self.assertEqual(found, soon)
            self.assertTrue(soon.is_expiring)
            self.assertFalse(later.is_expiring)
            not_expiring = self.Contract.search(
                [("id", "in", contracts.ids), ("is_expiring", "=", False)]
            )
            self.assertEqual(not_expiring, later | draft)

    def test_only_unused_drafts_can_be_deleted(self):
        active = self._contract()
        with self.assertRaisesMessage(UserError, "Only draft contracts"):
            active.unlink()
        self.assertTrue(active.exists())
        draft = self._contract(activate=False)
        draft.unlink()
        self.assertFalse(draft.exists())

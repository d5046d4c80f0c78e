from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.service_order.tests.common import DISPATCHER_GROUP

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestContractHostileInput(ServiceContractCase):
    """Forged context keys, ids as strings or lists, absurd numbers and dates,
    [] or several ids: a clean error and nothing half-written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._contract(
            labour_coverage_percent=80,
            parts_coverage_percent=20,
            visits_included=4,
            sla_ids=[
                Command.create(
                    {"priority": "2", "response_hours": 4, "resolution_hours": 16}
                )
            ],
        )
        cls.draft = cls._contract(activate=False, title="Draft one")
        cls.contract_c2 = cls.Contract.with_company(cls.company2).create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company2.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        cls.manager.company_ids = [Command.link(cls.company.id)]

    def test_an_emptied_date_is_refused_cleanly(self):
        contract = self.draft.with_user(self.manager)
        before = (contract.date_start, contract.date_end)
        for field in ("date_start", "date_end"):
            with (
                self.subTest(field=field),
                self.assertRaises(ValidationError) as caught,
            ):
                contract.write({field: False})
            self.assertIn("needs both a start and an end date", str(caught.exception))
            self.assertEqual((contract.date_start, contract.date_end), before)

    def test_a_forged_context_key_unlocks_nothing(self):
        draft = self.draft.with_user(self.manager)
        for value in (True, 1, "1", {"x": 1}):
            forged = draft.with_context(service_contract_state_change=value)
            with (
                self.subTest(value=value),
                self.assertRaisesMessage(UserError, "only through its buttons"),
            ):
                forged.write({"state": "active"})
            with self.assertRaisesMessage(UserError, "starts as Draft"):
                forged.create(
                    {
                        "partner_id": self.customer.id,
                        "date_start": date(2026, 1, 1),
                        "date_end": date(2026, 12, 31),
                        "state": "active",
                    }
                )
            with self.assertRaisesMessage(UserError, "starts as Draft"):
                forged.with_context(default_state="active").create(
                    {
                        "partner_id": self.customer.id,
                        "date_start": date(2026, 1, 1),
                        "date_end": date(2026, 12, 31),
                    }
                )
        self.assertEqual(self.draft.state, "draft")
        # the buttons still work
        with freeze_time("2026-01-01"):
            draft.action_activate()
        self.assertEqual(self.draft.state, "active")

    def test_an_orders_lifecycle_does_not_unlock_a_contract(self):
        """Each model of the lifecycle mixin has its own key: the context of
        an order's lifecycle write (or that key with a value a client sends)
        leaves the contract's state to its buttons."""
        draft = self.draft.with_user(self.manager)
        order_lifecycle = self.env["service.order"]._state_write_context()
        for context in (order_lifecycle, {"service_order_state_change": True}):
            with (
                self.subTest(context=list(context)),
                self.assertRaisesMessage(UserError, "only through its buttons"),
            ):
                draft.with_context(**context).write({"state": "active"})
        self.assertEqual(self.draft.state, "draft")
        # the contract's own lifecycle context does
        draft._write_lifecycle({"state": "cancelled"})
        self.assertEqual(self.draft.state, "cancelled")

    def test_absurd_terms_are_refused(self):
        contract = self.contract.with_user(self.manager)
        for vals in (
            {"labour_coverage_percent": float("nan")},
            {"labour_coverage_percent": 150},
            {"parts_coverage_percent": -1},
            {"parts_coverage_percent": float("inf")},
            {"yearly_cap_amount": 1e308},
            {"yearly_cap_amount": -5},
            {"recurring_amount": "1e400"},
            {"visits_included": 10**7},
            {"visits_included": 2**40},
            {"visits_included": "lots"},
            {"date_end": "10000-01-01"},
            {"date_end": "2026-02-30"},
            {"date_start": {"year": 2026}},
            {"recurring_interval": "hourly"},
            {"partner_id": [self.customer.id]},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                contract.write(dict(vals, title="Changed"))
        self.assertEqual(self.contract.labour_coverage_percent, 80)
        self.assertEqual(self.contract.visits_included, 4)
        self.assertEqual(self.contract.date_end, date(2026, 12, 31))
        self.assertFalse(self.contract.title)

    def test_sla_targets_are_bounded_and_stay_on_their_contract(self):
        line = self.contract.sla_ids.with_user(self.manager)
        for hours in (float("nan"), float("inf"), 1e9, 0, -2):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                line.write({"response_hours": hours})
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            line.write({"contract_id": self.draft.id})
        with self.assertRaises(ValidationError):
            self.env["service.contract.sla"].with_user(self.manager).create(
                {
                    "contract_id": [self.draft.id],
                    "priority": "1",
                    "response_hours": 2,
                    "resolution_hours": 8,
                }
            )
        self.assertEqual(line.response_hours, 4)
        self.assertEqual(line.contract_id, self.contract)
        self.assertFalse(self.draft.sla_ids)

    def test_company_checks_with_string_ids(self):
        partner_c2 = self.env["res.partner"].create(
            {"name": "Company 2 customer", "company_id": self.company2.id}
        )
        count = self.Contract.search_count([])
        # a manager of the first company cannot name the other company's
        # customer, as an int or a string
        for partner_id in (partner_c2.id, str(partner_c2.id)):
            with self.subTest(partner_id=partner_id), self.assertRaises(AccessError):
                self.Contract.with_user(self.manager).create(
                    {
                        "partner_id": partner_id,
                        "company_id": str(self.company.id),
                        "date_start": date(2026, 1, 1),
                        "date_end": date(2026, 12, 31),
                    }
                )
        # the other company's unit in the scope: not named in any message
        unit_c2 = self.env["maintenance.equipment"].create(
            {
                "name": "Secret chiller",
                "partner_id": self.customer.id,
                "company_id": self.company2.id,
            }
        )
        with self.assertRaises(AccessError) as catcher:
            self.contract.with_user(self.manager).write(
                {"equipment_ids": [Command.link(unit_c2.id)]}
            )
        self.assertNotIn("Secret chiller", str(catcher.exception))
        self.assertFalse(self.contract.equipment_ids)
        # an order of the first company on the other company's contract
        order = self._create_order(date_received=datetime(2026, 5, 4, 9, 0))
        with self.assertRaises(AccessError):
            order.with_user(self.dispatcher).write(
                {"contract_id": str(self.contract_c2.id)}
            )
        # as superuser (an import): Odoo's company check sees the real id
        with self.assertRaises(UserError):
            order.write({"contract_id": str(self.contract_c2.id)})
        self.assertEqual(order.contract_id, self.contract)
        self.assertEqual(self.Contract.search_count([]), count)

    def test_another_company_learns_nothing_from_the_order_check(self):
        dispatcher_c2 = new_test_user(
            self.env,
            "dispatcher_c2",
            groups=DISPATCHER_GROUP,
            company_id=self.company2.id,
            company_ids=[Command.set(self.company2.ids)],
        )
        order_c2 = self._create_order(
            company_id=self.company2.id, date_received=datetime(2026, 5, 4, 9, 0)
        )
        with self.assertRaises(AccessError) as catcher:
            order_c2.with_user(dispatcher_c2).write({"contract_id": self.contract.id})
        self.assertNotIn(self.contract.name, str(catcher.exception))
        self.assertFalse(order_c2.contract_id)

    def test_one_record_actions_refuse_none_or_several(self):
        Contract = self.Contract.with_user(self.manager)
        two = Contract.browse((self.contract | self.draft).ids)
        for method in (
            "action_view_orders",
            "action_view_breaches",
            "action_view_invoices",
            "action_view_renewal",
        ):
            for records in (Contract, two):
                with (
                    self.subTest(method=method, count=len(records)),
                    self.assertRaisesMessage(UserError, "one .* at a time"),
                ):
                    getattr(records, method)()
        with self.assertRaisesMessage(UserError, "has no renewal"):
            Contract.browse(self.contract.id).action_view_renewal()
        # the batch actions accept an empty selection and do nothing
        for method in ("action_activate", "action_cancel", "action_set_draft"):
            self.assertTrue(getattr(Contract, method)())
        self.assertEqual(Contract.action_renew(), True)
        self.assertEqual(self.contract.state, "active")

    def test_renewal_past_the_last_date_is_refused(self):
        late = self._contract(
            date_start=date(2999, 1, 1), date_end=date(2999, 12, 31), activate=False
        )
        with freeze_time("2999-01-01"):
            late.action_activate()
        count = self.Contract.search_count([])
        with self.assertRaises(ValidationError):
            late.with_user(self.manager).action_renew()
        self.assertEqual(self.Contract.search_count([]), count)
        self.assertFalse(late.renewal_ids)

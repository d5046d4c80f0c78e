from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from odoo.addons.service_pm.tests.common import ServicePmCase


@tagged("post_install", "-at_install")
class TestContractPlans(ServicePmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.env["service.contract"].create(
            {
                "partner_id": cls.customer.id,
                "equipment_ids": [(6, 0, (cls.unit | cls.unit2 | cls.unit_shop).ids)],
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 3, 31),
            }
        )
        cls.plan = cls._plan(
            scope="contract",
            equipment_id=False,
            contract_id=cls.contract.id,
            date_start=date(2026, 1, 31),
            horizon_days=90,
        )

    def test_one_order_per_site_with_its_covered_units(self):
        with freeze_time("2026-01-10 06:00:00"):
            self.Plan._cron_generate_orders()
            self.assertFalse(self._orders(self.plan), "the contract is a draft")
            self.contract.action_activate()
            self.plan._generate_orders()
        orders = self._orders(self.plan)
        # 31 Jan, 28 Feb, 31 Mar (the contract's last day) for both sites
        self.assertEqual(len(orders), 6)
        self.assertEqual(
            sorted(set(orders.mapped("pm_due_date"))),
            [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)],
        )
        kitchen = orders.filtered(lambda o: o.site_id == self.site)
        shop = orders.filtered(lambda o: o.site_id == self.site2)
        self.assertEqual(len(kitchen), 3)
        self.assertEqual(kitchen[0].equipment_ids, self.unit | self.unit2)
        self.assertEqual(shop[0].equipment_ids, self.unit_shop)
        self.assertEqual(orders.contract_id, self.contract)
        self.assertEqual(orders.partner_id, self.customer)
        self.assertEqual(len(set(orders.mapped("pm_occurrence"))), 6)
        # re-running creates nothing more
        with freeze_time("2026-01-11 06:00:00"):
            self.assertEqual(self.Plan._cron_generate_orders(), 0)

    def test_meter_plan_cannot_cover_a_contract(self):
        with self.assertRaisesMessage(ValidationError, "cannot cover a whole contract"):
            self._plan(
                scope="contract",
                equipment_id=False,
                contract_id=self.contract.id,
                trigger="meter",
                meter_interval=100,
            )

    def test_contract_plan_needs_its_contract_and_writes_nothing(self):
        count = self.Plan.search_count([])
        with self.assertRaisesMessage(ValidationError, "choose the contract"):
            self._plan(scope="contract", equipment_id=False)
        self.assertEqual(self.Plan.search_count([]), count)

    def test_plan_customer_is_the_contracts(self):
        self.assertEqual(self.plan.partner_id, self.customer)
        unit_plan = self._plan(equipment_id=self.other_unit.id)
        self.assertEqual(unit_plan.partner_id, self.other_customer)

    def test_draft_contract_plan_is_forecast_not_generated(self):
        with freeze_time("2026-01-10 06:00:00"):
            lines = self.env["service.pm.forecast"]._create_from_plans(self.plan, 90)
            self.assertFalse(self.plan._generate_orders())
            self.assertEqual(self.plan.next_due_date, date(2026, 1, 31))
        # per site, until the contract's last day
        self.assertEqual(len(lines), 6)
        self.assertEqual(
            sorted(set(lines.mapped("due_date"))),
            [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)],
        )
        shop = lines.filtered(lambda line: line.site_id == self.site2)
        self.assertEqual(shop.equipment_ids, self.unit_shop)

    def test_each_site_keeps_its_own_occurrences(self):
        with freeze_time("2026-01-10 06:00:00"):
            self.contract.action_activate()
            orders = self.plan._generate_orders()
        self.assertEqual(
            set(
                orders.filtered(lambda o: o.site_id == self.site2).mapped(
                    "pm_occurrence"
                )
            ),
            {
                f"{day}@{self.site2.id}"
                for day in ("2026-01-31", "2026-02-28", "2026-03-31")
            },
        )

    def test_manager_creates_a_contract_plan_in_the_form(self):
        with freeze_time("2026-01-10 06:00:00"):
            self.contract.action_activate()
        form = Form(self.Plan.with_user(self.manager))
        form.name = "Quarterly contract visit"
        form.scope = "contract"
        form.contract_id = self.contract
        form.order_type_id = self.plain_type
        plan = form.save()
        self.assertEqual(plan.partner_id, self.customer)
        self.assertFalse(plan.equipment_id)

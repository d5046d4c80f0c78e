from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ServicePmCase


@tagged("post_install", "-at_install")
class TestAccess(ServicePmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(name="Tech's unit")
        cls.other_plan = cls._plan(name="Other unit", equipment_id=cls.unit2.id)
        # tech A leads an order on the first unit
        cls._create_order(technician_id=cls.tech_a.id, equipment_ids=[cls.unit.id])

    def test_technician_reads_the_plans_of_his_units_only(self):
        plans = self.Plan.with_user(self.tech_user_a).search([])
        self.assertIn(self.plan, plans)
        self.assertNotIn(self.other_plan, plans)
        self.assertEqual(self.plan.with_user(self.tech_user_a).name, "Tech's unit")
        with self.assertRaises(AccessError):
            self.other_plan.with_user(self.tech_user_a).read(["name"])
        with self.assertRaises(AccessError):
            self.plan.with_user(self.tech_user_a).write({"interval": 2})
        with self.assertRaises(AccessError):
            self._plan(name="Nope").with_user(self.tech_user_a).unlink()
        # tech B has no order on these units
        self.assertFalse(self.Plan.with_user(self.tech_user_b).search([]))

    def test_technician_cannot_generate_nor_forecast(self):
        with freeze_time("2026-01-20 06:00:00"), self.assertRaises(AccessError):
            self.plan.with_user(self.tech_user_a).action_generate_now()
        self.assertFalse(self._orders(self.plan))
        with self.assertRaises(AccessError):
            self.plan.with_user(self.tech_user_a).action_open_forecast()

    def test_dispatcher_reads_all_and_generates_but_does_not_edit(self):
        plans = self.Plan.with_user(self.dispatcher).search([])
        self.assertIn(self.plan, plans)
        self.assertIn(self.other_plan, plans)
        with freeze_time("2026-01-20 06:00:00"):
            self.plan.with_user(self.dispatcher).action_generate_now()
            self.Plan.with_user(self.dispatcher).action_open_forecast()
        self.assertEqual(len(self._orders(self.plan)), 1)
        with self.assertRaises(AccessError):
            self.plan.with_user(self.dispatcher).write({"interval": 2})
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.dispatcher).create(
                {
                    "name": "By dispatcher",
                    "equipment_id": self.unit.id,
                    "order_type_id": self.plain_type.id,
                }
            )

    def test_manager_creates_edits_and_archives(self):
        plan = self.Plan.with_user(self.manager).create(
            {
                "name": "By manager",
                "equipment_id": self.unit2.id,
                "order_type_id": self.plain_type.id,
                "interval": 2,
                "interval_unit": "week",
            }
        )
        self.assertEqual(plan.partner_id, self.customer)
        self.assertEqual(plan.duration, self.plain_type.default_duration)
        plan.write({"interval": 3})
        plan.unlink()
        self.assertFalse(plan.exists())

    def test_plan_with_orders_is_archived_not_deleted(self):
        with freeze_time("2026-01-20 06:00:00"):
            self.plan.action_generate_now()
        with self.assertRaisesMessage(UserError, "archive them instead"):
            self.plan.with_user(self.manager).unlink()
        self.assertTrue(self.plan.exists())
        self.plan.with_user(self.manager).action_archive()
        self.assertFalse(self.plan.active)


@tagged("post_install", "-at_install")
class TestMultiCompany(ServicePmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit_c2 = cls.env["maintenance.equipment"].create(
            {
                "name": "Company 2 chiller",
                "partner_id": cls.customer.id,
                "company_id": cls.company2.id,
            }
        )
        cls.type_c2 = cls.env["service.order.type"].create(
            {"name": "C2 maintenance", "company_id": cls.company2.id}
        )
        cls.plan_c2 = cls.Plan.create(
            {
                "name": "C2 plan",
                "company_id": cls.company2.id,
                "equipment_id": cls.unit_c2.id,
                "order_type_id": cls.type_c2.id,
                "date_start": date(2026, 1, 31),
            }
        )
        cls.plan_c1 = cls._plan(name="C1 plan")

    def test_plans_of_another_company_are_invisible(self):
        plans = self.Plan.with_user(self.manager).search([])
        self.assertIn(self.plan_c1, plans)
        self.assertNotIn(self.plan_c2, plans)
        with self.assertRaises(AccessError):
            self.plan_c2.with_user(self.manager).read(["name"])

    def test_cron_generates_each_company_in_its_company(self):
        with freeze_time("2026-01-20 06:00:00"):
            self.Plan._cron_generate_orders()
        order_c2 = self._orders(self.plan_c2)
        self.assertEqual(order_c2.company_id, self.company2)
        self.assertEqual(self._orders(self.plan_c1).company_id, self.company)
        self.assertNotIn(
            order_c2, self.env["service.order"].with_user(self.manager).search([])
        )

    def test_plan_cannot_mix_companies(self):
        with self.assertRaises(UserError):
            self.Plan.create(
                {
                    "name": "Mixed",
                    "company_id": self.company.id,
                    "equipment_id": self.unit_c2.id,
                    "order_type_id": self.plain_type.id,
                }
            )


@tagged("post_install", "-at_install")
class TestBadInput(ServicePmCase):
    def _assert_refused(self, message, **values):
        count = self.Plan.search_count([])
        with self.assertRaisesMessage(ValidationError, message):
            self._plan(**values)
        self.assertEqual(self.Plan.search_count([]), count)

    def test_refused_plans_write_nothing(self):
        self._assert_refused("interval must be between 1 and", interval=0)
        self._assert_refused("lead time must be between 0 and 366", lead_days=-1)
        self._assert_refused("horizon must be between 1 and 366", horizon_days=0)
        self._assert_refused(
            "ends .* before its first due date", date_end=date(2026, 1, 1)
        )
        self._assert_refused(
            "choose a meter of the unit", trigger="meter", meter_interval=100
        )
        self._assert_refused(
            "meter interval must be between 0.1 and",
            trigger="meter",
            meter_id=self.meter.id,
            meter_interval=0,
        )
        self._assert_refused(
            "choose a meter of the unit",
            trigger="meter",
            equipment_id=self.unit2.id,
            meter_id=self.meter.id,
            meter_interval=100,
        )
        self._assert_refused("choose the unit", equipment_id=False)
        no_customer = self.env["maintenance.equipment"].create({"name": "Spare pump"})
        self._assert_refused("has no customer", equipment_id=no_customer.id)

    def test_refused_edit_keeps_the_plan(self):
        plan = self._plan()
        with self.assertRaisesMessage(
            ValidationError, "interval must be between 1 and"
        ):
            plan.write({"interval": -3, "name": "Changed"})
        self.assertEqual(plan.interval, 1)
        self.assertEqual(plan.name, "Filter change")


@tagged("post_install", "-at_install")
class TestPmLinkIsTheGenerators(ServicePmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(name="Generated")

    def test_dispatcher_cannot_move_an_order_onto_another_occurrence(self):
        with freeze_time("2026-01-20 06:00:00"):
            self.plan.with_user(self.dispatcher).action_generate_now()
        order = self._orders(self.plan)
        occurrence = order.pm_occurrence
        for vals in (
            {"pm_occurrence": "2027-03-01"},
            {"pm_plan_id": False},
            {"pm_meter_value_done": 1e9},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                order.with_user(self.dispatcher).write(vals)
        self.assertEqual(order.pm_occurrence, occurrence)
        self.assertEqual(order.pm_plan_id, self.plan)

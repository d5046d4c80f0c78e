from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ServicePmCase


@tagged("post_install", "-at_install")
class TestPmHostileInput(ServicePmCase):
    """Absurd intervals, lead times and durations, ids as strings or lists,
    another company's unit, [] or several plans: clean errors, nothing
    written."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls._plan(name="Kept as is")
        cls.unit_c2 = cls.env["maintenance.equipment"].create(
            {
                "name": "Company 2 chiller",
                "partner_id": cls.customer.id,
                "company_id": cls.company2.id,
            }
        )

    def test_absurd_numbers_and_dates_are_refused(self):
        plan = self.plan.with_user(self.manager)
        for vals in (
            {"interval": 0},
            {"interval": 121},
            {"interval": 2**40},
            {"interval": float("nan")},
            {"interval": "often"},
            {"interval_unit": "day", "interval": 4000},
            {"interval_unit": "fortnight"},
            {"lead_days": -1},
            {"lead_days": 10**6},
            {"horizon_days": 10**9},
            {"duration": float("inf")},
            {"duration": 1e308},
            {"duration": -1},
            {"trigger": "meter", "meter_id": self.meter.id, "meter_interval": 1e-9},
            {"trigger": "meter", "meter_id": self.meter.id, "meter_interval": 1e300},
            {"meter_start_value": float("-inf")},
            {"date_start": "10000-01-01"},
            {"date_end": "2026-02-31"},
            {"date_start": [2026, 1, 1]},
            {"equipment_id": [self.unit2.id]},
            {"equipment_id": "unit"},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                plan.write(dict(vals, name="Changed"))
        self.assertEqual(self.plan.name, "Kept as is")
        self.assertEqual(self.plan.interval, 1)
        self.assertEqual(self.plan.equipment_id, self.unit)
        self.assertEqual(self.plan.trigger, "time")

    def test_string_ids_are_checked_like_ids(self):
        count = self.Plan.search_count([])
        plan = self.Plan.with_user(self.manager).create(
            {
                "name": "String ids",
                "equipment_id": str(self.unit2.id),
                "order_type_id": str(self.plain_type.id),
            }
        )
        self.assertEqual(plan.equipment_id, self.unit2)
        self.assertEqual(plan.partner_id, self.customer)
        # another company's unit: unreadable to the manager of the first one
        with self.assertRaises(AccessError):
            self.Plan.with_user(self.manager).create(
                {
                    "name": "Foreign unit",
                    "equipment_id": str(self.unit_c2.id),
                    "order_type_id": self.plain_type.id,
                }
            )
        # and as superuser (an import), Odoo's company check sees the id
        with self.assertRaises(UserError):
            self.Plan.create(
                {
                    "name": "Foreign unit",
                    "company_id": str(self.company.id),
                    "equipment_id": str(self.unit_c2.id),
                    "order_type_id": self.plain_type.id,
                }
            )
        with self.assertRaisesMessage(ValidationError, "no record with id"):
            self.Plan.with_user(self.manager).create(
                {
                    "name": "Ghost unit",
                    "equipment_id": 2**30,
                    "order_type_id": self.plain_type.id,
                }
            )
        self.assertEqual(self.Plan.search_count([]), count + 1)

    def test_one_record_actions_refuse_none_or_several(self):
        Plan = self.Plan.with_user(self.dispatcher)
        other = self._plan(name="Other", equipment_id=self.unit2.id)
        two = Plan.browse((self.plan | other).ids)
        for records in (Plan, two):
            with (
                self.subTest(count=len(records)),
                self.assertRaisesMessage(UserError, "one .* at a time"),
            ):
                records.action_view_orders()
        Equipment = self.env["maintenance.equipment"].with_user(self.dispatcher)
        with self.assertRaisesMessage(UserError, "one .* at a time"):
            Equipment.action_view_pm_plans()
        with self.assertRaisesMessage(UserError, "one .* at a time"):
            Equipment.browse((self.unit | self.unit2).ids).action_view_pm_plans()
        # the batch actions: nothing selected generates nothing, the
        # forecast of nothing selected is the forecast of every plan
        with freeze_time("2026-01-20 06:00:00"):
            result = Plan.action_generate_now()
            self.assertEqual(result["tag"], "display_notification")
            forecast = Plan.action_open_forecast()
        lines = self.env["service.pm.forecast"].search(forecast["domain"])
        self.assertIn(self.plan, lines.plan_id)
        self.assertFalse(self._orders(self.plan | other))

    def test_forecast_lines_are_cleaned_too(self):
        Forecast = self.env["service.pm.forecast"].with_user(self.dispatcher)
        for vals in (
            {"plan_id": [self.plan.id]},
            {"plan_id": str(self.plan.id), "due_date": "99999-01-01"},
            {"plan_id": self.plan.id, "duration": float("nan")},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                Forecast.create(
                    dict(
                        {"company_id": self.company.id, "due_date": date(2026, 2, 1)},
                        **vals,
                    )
                )

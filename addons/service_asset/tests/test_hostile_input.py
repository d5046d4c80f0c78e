from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.service_order.tests.common import DISPATCHER_GROUP

from .common import ServiceAssetCase


@tagged("post_install", "-at_install")
class TestHostileInput(ServiceAssetCase):
    """Ids as strings or lists, absurd numbers and dates, records of another
    company: a clean error, nothing half-written, nothing leaked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Reading = cls.env["service.asset.meter.reading"]
        cls.Reading.create(
            [
                {"meter_id": cls.meter.id, "date": datetime(2026, 1, 5), "value": 100},
                {"meter_id": cls.meter.id, "date": datetime(2026, 3, 5), "value": 300},
            ]
        )
        cls.order_a = cls._unit_order(
            cls.rtu, **cls._planned_values(technician_id=cls.tech_a.id)
        )
        cls.order_b = cls._unit_order(
            cls.shop_unit,
            **cls._planned_values(
                technician_id=cls.tech_b.id,
                date_scheduled_start=datetime(2026, 1, 14, 9, 0),
                date_scheduled_end=datetime(2026, 1, 14, 11, 0),
            ),
        )
        cls.unit_c2 = cls.env["maintenance.equipment"].create(
            {"name": "Company 2 unit", "company_id": cls.company2.id}
        )
        cls.meter_c2 = cls.env["service.asset.meter"].create(
            {"equipment_id": cls.unit_c2.id, "name": "Hours"}
        )
        cls.user_c2 = new_test_user(
            cls.env,
            "dispatcher_c2",
            groups=DISPATCHER_GROUP,
            company_id=cls.company2.id,
            company_ids=[Command.set(cls.company2.ids)],
        )

    def _assert_nothing_written(self):
        self.assertEqual(len(self.meter.reading_ids), 2)
        self.assertEqual(self.meter.last_value, 300)

    def test_meter_id_as_string_is_still_checked(self):
        Reading = self.Reading.with_user(self.dispatcher)
        with self.assertRaisesMessage(ValidationError, "lower than the previous"):
            Reading.create(
                {
                    "meter_id": str(self.meter.id),
                    "date": datetime(2026, 4, 5),
                    "value": 250,
                }
            )
        self._assert_nothing_written()
        # and the reading a string id creates is a real one of its meter
        reading = Reading.create(
            {"meter_id": str(self.meter.id), "date": "2026-04-05", "value": "350"}
        )
        self.assertEqual(reading.meter_id, self.meter)
        self.assertEqual(reading.company_id, self.company)
        self.assertEqual(self.meter.last_value, 350)

    def test_ids_in_other_shapes_are_clean_errors(self):
        Reading = self.Reading.with_user(self.dispatcher)
        for meter_id in (
            [self.meter.id],
            (self.meter.id, "Run hours"),
            {"id": self.meter.id},
            "12abc",
            -1,
            2**40,
            True,
        ):
            with (
                self.subTest(meter_id=meter_id),
                self.assertRaisesMessage(ValidationError, "Meter"),
            ):
                Reading.create(
                    {"meter_id": meter_id, "date": datetime(2026, 4, 5), "value": 1}
                )
        with self.assertRaisesMessage(ValidationError, "no record with id"):
            Reading.create(
                {"meter_id": 2**30, "date": datetime(2026, 4, 5), "value": 1}
            )
        self._assert_nothing_written()

    def test_absurd_values_and_dates_are_refused(self):
        Reading = self.Reading.with_user(self.dispatcher)
        for value in (float("nan"), float("inf"), -float("inf"), 1e308, "1e400"):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                Reading.create(
                    {"meter_id": self.meter.id, "date": "2026-04-05", "value": value}
                )
        for day in ("10000-01-01", "2026-13-45", {"y": 2026}, "tomorrow"):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                Reading.create({"meter_id": self.meter.id, "date": day, "value": 400})
        with self.assertRaises(ValidationError):
            self.rtu.with_user(self.dispatcher).write({"install_date": "99999-01-01"})
        with self.assertRaises(ValidationError):
            self.rtu.with_user(self.dispatcher).write({"service_status": "exploded"})
        self._assert_nothing_written()
        self.assertEqual(self.rtu.service_status, "operational")

    def test_company_checks_with_string_ids(self):
        order_c2 = self._create_order(company_id=self.company2.id)
        # a superuser's import: Odoo's company check sees the real id
        with self.assertRaises(UserError):
            self.Reading.create(
                {
                    "meter_id": self.meter.id,
                    "date": datetime(2026, 4, 5),
                    "value": 400,
                    "order_id": str(order_c2.id),
                }
            )
        # a dispatcher of the first company cannot even name the order
        with self.assertRaises(AccessError):
            self.Reading.with_user(self.dispatcher).create(
                {
                    "meter_id": self.meter.id,
                    "date": datetime(2026, 4, 5),
                    "value": 400,
                    "order_id": str(order_c2.id),
                }
            )
        with self.assertRaises(AccessError):
            self.env["maintenance.equipment"].with_user(self.dispatcher).create(
                {"name": "Part of a foreign unit", "parent_id": str(self.unit_c2.id)}
            )
        self._assert_nothing_written()
        self.assertFalse(
            self.env["maintenance.equipment"].search(
                [("name", "=", "Part of a foreign unit")]
            )
        )

    def test_other_company_gets_no_data_in_the_error(self):
        """A user of company B writing a (lower) reading on company A's meter
        learns nothing of company A's readings."""
        for meter_id in (self.meter.id, str(self.meter.id)):
            with self.subTest(meter_id=meter_id):
                with self.assertRaises(AccessError) as catcher:
                    self.Reading.with_user(self.user_c2).create(
                        {
                            "meter_id": meter_id,
                            "date": datetime(2026, 4, 5),
                            "value": 250,
                        }
                    )
                message = str(catcher.exception)
                for secret in ("300", "Run hours", "Rooftop", "2026"):
                    self.assertNotIn(secret, message)
        self._assert_nothing_written()
        # his own company's meter works as usual
        self.Reading.with_user(self.user_c2).create(
            {"meter_id": self.meter_c2.id, "date": datetime(2026, 4, 5), "value": 5}
        )
        self.assertEqual(self.meter_c2.last_value, 5)

    def test_order_units_of_another_company_are_not_named(self):
        self.unit_c2.name = "Secret chiller"
        for command in (
            Command.set([self.unit_c2.id]),
            Command.link(self.unit_c2.id),
            (4, str(self.unit_c2.id), 0),
        ):
            with self.subTest(command=command):
                with self.assertRaises(AccessError) as catcher:
                    self.order_a.with_user(self.dispatcher).write(
                        {"equipment_ids": [command]}
                    )
                self.assertNotIn("Secret chiller", str(catcher.exception))
        with self.assertRaises(ValidationError):
            self.order_a.with_user(self.dispatcher).write(
                {"equipment_ids": [(6, 0, "all")]}
            )
        self.assertEqual(self.order_a.equipment_ids, self.rtu)

    def test_children_stay_on_their_parent(self):
        reading = self.Reading.with_user(self.tech_user_a).create(
            {
                "meter_id": self.meter.id,
                "date": datetime(2026, 4, 5),
                "value": 400,
                "order_id": self.order_a.id,
            }
        )
        shop_meter = self.env["service.asset.meter"].create(
            {"equipment_id": self.shop_unit.id, "name": "Starts"}
        )
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            reading.write({"meter_id": shop_meter.id})
        # onto a colleague's order on the same unit: the rules are checked
        # on the new order too
        colleague_order = self._unit_order(
            self.rtu,
            **self._planned_values(
                technician_id=self.tech_b.id,
                date_scheduled_start=datetime(2026, 1, 16, 9, 0),
                date_scheduled_end=datetime(2026, 1, 16, 11, 0),
            ),
        )
        with self.assertRaises(AccessError):
            reading.write({"order_id": colleague_order.id})
        with self.assertRaisesMessage(UserError, "cannot be changed"):
            self.meter.with_user(self.dispatcher).write(
                {"equipment_id": self.shop_unit.id}
            )
        self.assertEqual(reading.meter_id, self.meter)
        self.assertEqual(reading.order_id, self.order_a)
        self.assertEqual(self.meter.equipment_id, self.rtu)

    def test_technician_records_readings_of_his_orders_only(self):
        Reading = self.Reading.with_user(self.tech_user_a)
        # the unit's history: readable, not writable
        history = Reading.search([("meter_id", "=", self.meter.id)])
        self.assertEqual(len(history), 2)
        with self.assertRaises(AccessError):
            history[0].write({"value": 301})
        with self.assertRaises(AccessError):
            Reading.create(
                {"meter_id": self.meter.id, "date": datetime(2026, 4, 5), "value": 400}
            )
        with self.assertRaises(AccessError):
            Reading.create(
                {
                    "meter_id": self.meter.id,
                    "date": datetime(2026, 4, 5),
                    "value": 400,
                    "order_id": str(self.order_b.id),
                }
            )
        self._assert_nothing_written()
        # an order of his that does not service the meter's unit
        order_a2 = self._unit_order(
            self.shop_unit,
            **self._planned_values(
                technician_id=self.tech_a.id,
                date_scheduled_start=datetime(2026, 1, 15, 9, 0),
                date_scheduled_end=datetime(2026, 1, 15, 11, 0),
            ),
        )
        with self.assertRaisesMessage(ValidationError, "does not service the unit"):
            Reading.create(
                {
                    "meter_id": self.meter.id,
                    "date": datetime(2026, 4, 5),
                    "value": 400,
                    "order_id": order_a2.id,
                }
            )
        self._assert_nothing_written()

    def test_one_record_actions_refuse_none_or_several(self):
        Equipment = self.env["maintenance.equipment"].with_user(self.dispatcher)
        for units in (Equipment, Equipment.browse((self.rtu | self.shop_unit).ids)):
            with (
                self.subTest(count=len(units)),
                self.assertRaisesMessage(UserError, "one .* at a time"),
            ):
                units.action_view_service_orders()
        action = Equipment.browse(self.rtu.id).action_view_service_orders()
        self.assertEqual(action["domain"], [("equipment_ids", "in", self.rtu.ids)])

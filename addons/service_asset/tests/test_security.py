from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.service_order.tests.common import DISPATCHER_GROUP

from .common import ServiceAssetCase


@tagged("post_install", "-at_install")
class TestAssetSecurity(ServiceAssetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._unit_order(
            cls.rtu, **cls._planned_values(technician_id=cls.tech_a.id)
        )
        cls.order_b = cls._unit_order(
            cls.shop_unit, **cls._planned_values(technician_id=cls.tech_b.id)
        )
        cls.shop_meter = cls.env["service.asset.meter"].create(
            {"equipment_id": cls.shop_unit.id, "name": "Starts"}
        )
        cls.unit_company2 = (
            cls.env["maintenance.equipment"]
            .with_company(cls.company2)
            .create(
                {
                    "name": "Other contractor's unit",
                    "company_id": cls.company2.id,
                    "serial_no": "T-C2-1",
                }
            )
        )
        cls.meter_company2 = cls.env["service.asset.meter"].create(
            {"equipment_id": cls.unit_company2.id, "name": "Hours"}
        )

    def test_technician_reads_units_of_own_orders_only(self):
        Equipment = self.env["maintenance.equipment"].with_user(self.tech_user_a)
        visible = Equipment.search([("partner_id", "!=", False)])
        self.assertEqual(visible, self.rtu)
        self.assertEqual(self.rtu.with_user(self.tech_user_a).serial_no, "T-RTU-1")
        with self.assertRaises(AccessError):
            self.shop_unit.with_user(self.tech_user_a).read(["name"])
        # the crew sees the units too (at another time than order_a: no
        # double booking when service_dispatch is installed)
        self.order_b.write(
            {
                "date_scheduled_start": datetime(2026, 1, 14, 9, 0),
                "date_scheduled_end": datetime(2026, 1, 14, 11, 0),
            }
        )
        self.order_b.crew_ids = self.tech_a
        self.assertEqual(
            Equipment.search([("partner_id", "!=", False)]), self.rtu | self.shop_unit
        )

    def test_technician_cannot_edit_units_but_records_readings(self):
        with self.assertRaises(AccessError):
            self.rtu.with_user(self.tech_user_a).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["maintenance.equipment"].with_user(self.tech_user_a).create(
                {"name": "Sneaky unit", "partner_id": self.customer.id}
            )
        Reading = self.env["service.asset.meter.reading"].with_user(self.tech_user_a)
        reading = Reading.create(
            {
                "meter_id": self.meter.id,
                "date": datetime(2026, 1, 13, 10, 0),
                "value": 1234,
                "order_id": self.order_a.id,
            }
        )
        self.assertEqual(self.meter.last_value, 1234)
        self.assertEqual(reading.equipment_id, self.rtu)
        with self.assertRaises(AccessError):
            Reading.create(
                {
                    "meter_id": self.shop_meter.id,
                    "date": datetime(2026, 1, 13),
                    "value": 1,
                }
            )
        with self.assertRaises(AccessError):
            reading.with_user(self.tech_user_a).unlink()

    def test_dispatcher_manages_units_manager_deletes(self):
        Equipment = self.env["maintenance.equipment"].with_user(self.dispatcher)
        self.assertIn(self.shop_unit, Equipment.search([]))
        unit = Equipment.create(
            {
                "name": "New boiler",
                "partner_id": self.customer.id,
                "meter_ids": [Command.create({"name": "Burner hours"})],
            }
        )
        self.assertEqual(unit.site_id, self.site)
        unit.service_status = "needs_service"
        with self.assertRaises(AccessError):
            unit.unlink()
        unit.with_user(self.manager).unlink()
        self.assertFalse(unit.exists())

    def test_multi_company_isolation(self):
        other_dispatcher = new_test_user(
            self.env,
            "dispatcher_c2",
            groups=DISPATCHER_GROUP,
            company_id=self.company2.id,
            company_ids=[Command.set(self.company2.ids)],
        )
        for user in (self.dispatcher, self.manager):
            self.assertNotIn(
                self.unit_company2,
                self.env["maintenance.equipment"].with_user(user).search([]),
            )
            self.assertNotIn(
                self.meter_company2,
                self.env["service.asset.meter"].with_user(user).search([]),
            )
            with self.assertRaises(AccessError):
                self.meter_company2.with_user(user).read(["name"])
        units = self.env["maintenance.equipment"].with_user(other_dispatcher).search([])
        self.assertIn(self.unit_company2, units)
        self.assertNotIn(self.rtu, units)

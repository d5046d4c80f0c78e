from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceStockCase


@tagged("post_install", "-at_install")
class TestLotsAndEquipment(ServiceStockCase):
    def test_tracked_part_without_serial_is_refused(self):
        order = self._started_order([{"product_id": self.unit.id, "qty_used": 1}])
        with self.assertRaisesMessage(
            UserError, r"Test heat pump is tracked: choose the lot or serial"
        ):
            order.with_user(self.tech_user_a).action_complete()
        self.assertEqual(order.state, "in_progress")
        self.assertFalse(order.stock_move_ids)
        self.assertFalse(
            self.env["maintenance.equipment"].search([("serial_no", "like", "HPT-")])
        )

    def test_serial_from_another_van_is_refused(self):
        order = self._started_order(
            [{"product_id": self.unit.id, "qty_used": 1, "lot_id": self.serial_b.id}]
        )
        with self.assertRaisesMessage(
            UserError, r"Test heat pump \(HPT-B1\) needed, only 0.0 in the van"
        ):
            order.action_complete()
        self.assertEqual(order.state, "in_progress")
        self.assertEqual(self._qty(self.unit, self.van_b, self.serial_b), 1)

    def test_two_units_on_one_serial_line_are_refused(self):
        order = self._started_order(
            [{"product_id": self.unit.id, "qty_used": 2, "lot_id": self.serial_a.id}]
        )
        with self.assertRaisesMessage(UserError, r"one line of 1 unit per serial"):
            order.action_complete()
        self.assertEqual(order.state, "in_progress")

    def test_lot_of_another_product_is_refused(self):
        order = self._started_order([{"product_id": self.part.id, "qty_used": 1}])
        line = order.line_ids
        Line = self.env["service.order.line"].with_user(self.tech_user_a)
        with self.assertRaisesMessage(ValidationError, "HPT-A1 is a lot or serial"):
            line.with_user(self.tech_user_a).lot_id = self.serial_a
        with self.assertRaisesMessage(ValidationError, "HPT-A1 is a lot or serial"):
            Line.create(
                {
                    "order_id": order.id,
                    "product_id": self.part.id,
                    "qty_used": 1,
                    "lot_id": self.serial_a.id,
                }
            )
        with self.assertRaisesMessage(ValidationError, "no record with id"):
            Line.create(
                {
                    "order_id": order.id,
                    "product_id": self.unit.id,
                    "qty_used": 1,
                    "lot_id": 999999999,
                }
            )
        self.assertEqual(order.line_ids, line)
        self.assertFalse(line.lot_id)

    def test_lot_choices_are_the_vans(self):
        order = self._started_order([{"product_id": self.unit.id, "qty_used": 1}])
        line = order.line_ids
        self.assertIn("van_location_id", line._fields["lot_id"].domain)
        lots = self.env["stock.lot"].search(
            [
                ("product_id", "=", self.unit.id),
                ("quant_ids.location_id", "=", line.van_location_id.id),
                ("quant_ids.quantity", ">", 0),
            ]
        )
        self.assertEqual(lots, self.serial_a)

    def _started_serial_order(self):
        """An order in progress installing the serial HPT-A1 of the unit."""
        return self._started_order(
            [{"product_id": self.unit.id, "qty_used": 1, "lot_id": self.serial_a.id}]
        )

    def test_installed_serial_creates_the_customers_equipment(self):
        # at an hour when the day is the same in every European zone
        with freeze_time("2026-01-13 10:00:00"):
            order = self._started_serial_order()
            order.with_user(self.tech_user_a).action_complete()
        move_line = order.stock_move_ids.move_line_ids
        self.assertEqual(move_line.lot_id, self.serial_a)
        self.assertEqual(self._qty(self.unit, self.van_a, self.serial_a), 0)
        self.assertEqual(self._qty(self.unit, self.customers, self.serial_a), 1)
        unit = self.env["maintenance.equipment"].search([("serial_no", "=", "HPT-A1")])
        self.assertEqual(len(unit), 1)
        self.assertEqual(unit.name, "Test heat pump")
        self.assertEqual(unit.partner_id, self.customer)
        self.assertEqual(unit.site_id, order.site_id)
        self.assertEqual(unit.install_date, order.date_done.date())
        self.assertIn(order, unit.service_order_ids)
        self.assertIn(unit, order.equipment_ids)

    def test_installed_serial_updates_the_existing_equipment(self):
        unit = self.env["maintenance.equipment"].create(
            {
                "name": "Old record of the pump",
                "serial_no": "HPT-A1",
                "partner_id": self.other_customer.id,
                "install_date": date(2020, 1, 1),
            }
        )
        # completed by the superuser, whose demo time zone is Brussels: at a
        # fixed hour, not late in the evening when Brussels is a day ahead
        with freeze_time("2026-01-13 10:00:00"):
            order = self._started_serial_order()
            order.action_complete()
        self.assertEqual(
            self.env["maintenance.equipment"].search([("serial_no", "=", "HPT-A1")]),
            unit,
        )
        self.assertEqual(unit.partner_id, self.customer)
        self.assertEqual(unit.site_id, order.site_id)
        self.assertEqual(unit.install_date, order.date_done.date())
        self.assertIn(order, unit.service_order_ids)

    def test_install_date_is_the_day_at_the_site(self):
        """Completed at 20:00 UTC on January 13 at a site in Auckland (UTC+13):
        installed on January 14 there, whatever the completing user's zone."""
        self.site.tz = "Pacific/Auckland"
        self.tech_user_a.tz = "America/New_York"
        with freeze_time("2026-01-13 20:00:00"):
            order = self._started_serial_order()
            order.with_user(self.tech_user_a).action_complete()
        unit = self.env["maintenance.equipment"].search([("serial_no", "=", "HPT-A1")])
        self.assertEqual(order.site_id, self.site)
        self.assertEqual(unit.install_date, date(2026, 1, 14))

    def test_reopen_returns_the_serial_to_the_van(self):
        order = self._started_order(
            [{"product_id": self.unit.id, "qty_used": 1, "lot_id": self.serial_a.id}]
        )
        order.action_complete()
        order.action_reopen()
        self.assertEqual(self._qty(self.unit, self.van_a, self.serial_a), 1)
        self.assertEqual(self._qty(self.unit, self.customers, self.serial_a), 0)
        returned = order.stock_move_ids.filtered("origin_returned_move_id")
        self.assertEqual(returned.move_line_ids.lot_id, self.serial_a)

    def test_untracked_equipment_product_creates_no_unit(self):
        self.part.service_is_equipment = True
        order = self._started_order([{"product_id": self.part.id, "qty_used": 1}])
        order.action_complete()
        self.assertFalse(
            self.env["maintenance.equipment"].search(
                [("service_order_ids", "in", order.ids)]
            )
        )

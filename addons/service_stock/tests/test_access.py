from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ServiceStockCase


@tagged("post_install", "-at_install")
class TestAccess(ServiceStockCase):
    def test_technician_cannot_move_stock_himself(self):
        with self.assertRaises(AccessError):
            self.env["stock.move"].with_user(self.tech_user_a).create(
                {
                    "name": "Self-service",
                    "product_id": self.part.id,
                    "product_uom_qty": 1,
                    "product_uom": self.part.uom_id.id,
                    "location_id": self.van_a.id,
                    "location_dest_id": self.customers.id,
                }
            )
        self.assertEqual(self._qty(self.part, self.van_a), 5)

    def test_technician_cannot_edit_vans(self):
        for van in (self.van_a, self.van_b):
            with self.subTest(van=van.name), self.assertRaises(AccessError):
                van.with_user(self.tech_user_a).write({"name": "Mine now"})
        self.assertEqual(self.van_b.name, "Bob Tech")
        with self.assertRaises(AccessError):
            self.tech_b.with_user(self.tech_user_a).action_create_van()

    def test_technician_completes_his_order_as_himself(self):
        order = self._started_order(
            [{"product_id": self.unit.id, "qty_used": 1, "lot_id": self.serial_a.id}]
        )
        # he can choose the serial on his line, and read what his van holds
        order.line_ids.with_user(self.tech_user_a).write({"qty_used": 1})
        self.assertEqual(
            order.line_ids.with_user(self.tech_user_a).lot_id.display_name, "HPT-A1"
        )
        order.with_user(self.tech_user_a).action_complete()
        self.assertEqual(order.state, "done")
        # the moves are the dispatchers' to read, not the technicians'
        with self.assertRaises(AccessError):
            order.stock_move_ids.with_user(self.tech_user_a).read(["product_id"])
        self.assertTrue(order.stock_move_ids.with_user(self.dispatcher).read(["state"]))

    def test_other_technician_cannot_complete(self):
        order = self._started_order([{"product_id": self.part.id, "qty_used": 1}])
        with self.assertRaises(AccessError):
            order.with_user(self.tech_user_b).action_complete()
        self.assertEqual(order.state, "in_progress")
        self.assertEqual(self._qty(self.part, self.van_a), 5)

    def test_technician_cannot_draw_from_a_colleagues_van(self):
        order = self._started_order([{"product_id": self.part.id, "qty_used": 1}])
        line = order.line_ids.with_user(self.tech_user_a)
        with self.assertRaisesMessage(UserError, r"Bob Tech is not on"):
            line.write({"employee_id": self.tech_b.id})
        self.assertEqual(order.line_ids.employee_id, self.tech_a)
        order.action_complete()
        self.assertEqual(self._qty(self.part, self.van_b), 2)

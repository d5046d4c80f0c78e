from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ServiceStockCase


@tagged("post_install", "-at_install")
class TestVan(ServiceStockCase):
    def test_a_field_technician_gets_a_van_under_the_warehouse_vans(self):
        self.assertTrue(self.van_a)
        self.assertEqual(self.van_a.usage, "internal")
        self.assertEqual(self.van_a.service_employee_id, self.tech_a)
        self.assertEqual(self.van_a.location_id, self.warehouse.service_van_location_id)
        self.assertEqual(self.van_a.warehouse_id, self.warehouse)
        self.assertEqual(self.van_a.company_id, self.company)
        # a sibling of WH/Stock: the vans' stock is not the warehouse's
        self.assertFalse(self.van_a._child_of(self.stock))
        self.assertFalse(self.office_employee.van_location_id)
        # made a technician later: the van comes with it
        self.office_employee.is_field_technician = True
        self.assertEqual(
            self.office_employee.van_location_id.location_id,
            self.warehouse.service_van_location_id,
        )
        vans = self.warehouse.service_van_location_id.child_ids
        self.assertLessEqual(
            (self.tech_a | self.tech_b | self.tech_c | self.office_employee).mapped(
                "van_location_id"
            ),
            vans,
        )

    def test_create_van_action(self):
        employee = self.env["hr.employee"].create({"name": "New hire"})
        with self.assertRaisesMessage(UserError, r"only field technicians get a van"):
            employee.with_user(self.manager).action_create_van()
        employee.is_field_technician = True
        employee.van_location_id.service_employee_id = False
        employee.van_location_id = False
        self.assertFalse(employee.van_location_id)
        with self.assertRaises(AccessError):
            employee.with_user(self.dispatcher).action_create_van()
        self.assertFalse(employee.van_location_id)
        employee.with_user(self.manager).action_create_van()
        van = employee.van_location_id
        self.assertTrue(van)
        # twice: still one van
        employee.with_user(self.manager).action_create_van()
        self.assertEqual(employee.van_location_id, van)

    @mute_logger("odoo.sql_db")
    def test_one_van_per_technician(self):
        with self.assertRaises(IntegrityError):
            self.env["stock.location"].create(
                {
                    "name": "Second van",
                    "location_id": self.warehouse.service_van_location_id.id,
                    "service_employee_id": self.tech_a.id,
                }
            )

    def test_orderpoint_restocks_the_van_from_the_warehouse(self):
        orderpoint = self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.part.id,
                "location_id": self.van_b.id,
                "warehouse_id": self.warehouse.id,
                "product_min_qty": 3,
                "product_max_qty": 6,
            }
        )
        self.assertEqual(
            orderpoint.rule_ids.route_id, self.warehouse.service_van_route_id
        )
        orderpoint.action_replenish()
        move = self.env["stock.move"].search(
            [
                ("product_id", "=", self.part.id),
                ("location_final_id", "=", self.van_b.id),
            ]
        )
        self.assertEqual(len(move), 1)
        picking = move.picking_id
        self.assertTrue(picking)
        self.assertEqual(picking.picking_type_id.code, "internal")
        self.assertEqual(picking.location_id, self.stock)
        self.assertEqual(move.location_id, self.stock)
        self.assertEqual(move.location_dest_id, self.van_b)
        self.assertEqual(move.product_uom_qty, 4)
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._qty(self.part, self.van_b), 6)
        self.assertEqual(self._qty(self.part, self.stock), 6)

    def test_scheduler_restocks_the_van(self):
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.part.id,
                "location_id": self.van_a.id,
                "warehouse_id": self.warehouse.id,
                "product_min_qty": 6,
                "product_max_qty": 8,
            }
        )
        self.env["procurement.group"].run_scheduler()
        move = self.env["stock.move"].search(
            [
                ("product_id", "=", self.part.id),
                ("location_dest_id", "=", self.van_a.id),
            ]
        )
        self.assertEqual(move.location_id, self.stock)
        self.assertEqual(move.product_uom_qty, 3)
        self.assertEqual(move.picking_id.picking_type_id.sequence_code, "VAN")

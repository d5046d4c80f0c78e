from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ServiceStockCase


@tagged("post_install", "-at_install")
class TestCompletion(ServiceStockCase):
    def test_completion_consumes_from_the_technicians_van(self):
        order = self._started_order(
            [{"product_id": self.part.id, "qty_planned": 2, "qty_used": 2}]
        )
        line = order.line_ids
        self.assertEqual(line.employee_id, self.tech_a, "the lead by default")
        self.assertEqual(line.source_location_id, self.van_a)
        order.with_user(self.tech_user_a).action_complete()
        self.assertEqual(order.state, "done")
        self.assertEqual(self._qty(self.part, self.van_a), 3)
        self.assertEqual(self._qty(self.part, self.customers), 2)
        move = order.stock_move_ids
        self.assertEqual(len(move), 1)
        self.assertEqual(move.state, "done")
        self.assertEqual(move.location_id, self.van_a)
        self.assertEqual(move.location_dest_id, self.customers)
        self.assertEqual(move.service_order_line_id, line)
        self.assertEqual(move.quantity, 2)
        self.assertEqual(line.source_location_id, self.van_a)
        self.assertEqual(order.with_user(self.dispatcher).stock_move_count, 1)
        action = order.with_user(self.dispatcher).action_view_stock_moves()
        self.assertEqual(
            self.env["stock.move"].with_user(self.dispatcher).search(action["domain"]),
            move,
        )

    def test_crew_member_uses_his_own_van(self):
        order = self._started_order(
            [
                {"product_id": self.part.id, "qty_used": 1},
                {
                    "product_id": self.part.id,
                    "qty_used": 2,
                    "employee_id": self.tech_b.id,
                },
            ],
            crew_ids=[(6, 0, self.tech_b.ids)],
        )
        order.action_complete()
        self.assertEqual(self._qty(self.part, self.van_a), 4)
        self.assertEqual(self._qty(self.part, self.van_b), 0)

    def test_labour_and_unused_lines_move_nothing(self):
        order = self._started_order(
            [
                {"product_id": self.product_labour.id, "qty_used": 2},
                {"product_id": self.part.id, "qty_planned": 3, "qty_used": 0},
            ]
        )
        order.action_complete()
        self.assertEqual(order.state, "done")
        self.assertFalse(order.stock_move_ids)
        self.assertEqual(self._qty(self.part, self.van_a), 5)

    def test_missing_part_is_refused_and_nothing_is_written(self):
        order = self._started_order([{"product_id": self.part.id, "qty_used": 6}])
        with self.assertRaisesMessage(
            UserError,
            r"6.0 Units of Test compressor needed, only 5.0 in the van "
            r".*Alice Tech",
        ):
            order.with_user(self.tech_user_a).action_complete()
        self.assertEqual(order.state, "in_progress")
        self.assertFalse(order.date_done)
        self.assertFalse(order.stock_move_ids)
        self.assertEqual(self._qty(self.part, self.van_a), 5)

    def test_two_lines_share_the_van(self):
        # 3 + 3 from a van of 5: the second line lacks one, the whole
        # completion is refused
        order = self._started_order(
            [
                {"product_id": self.part.id, "qty_used": 3},
                {"product_id": self.part.id, "qty_used": 3},
            ]
        )
        with self.assertRaisesMessage(UserError, r"only 2.0 in the van"):
            order.action_complete()
        self.assertEqual(order.state, "in_progress")
        self.assertFalse(order.stock_move_ids)

    def test_technician_without_van_is_refused(self):
        self.tech_a.van_location_id = False
        self.assertFalse(self.tech_a.van_location_id)
        order = self._started_order([{"product_id": self.part.id, "qty_used": 1}])
        with self.assertRaisesMessage(UserError, r"Alice Tech has no van"):
            order.action_complete()
        self.assertEqual(order.state, "in_progress")

    def test_warehouse_fallback_off_then_on(self):
        order = self._started_order([{"product_id": self.part.id, "qty_used": 7}])
        self.assertFalse(self.company.service_stock_warehouse_fallback)
        with self.assertRaisesMessage(UserError, r"only 5.0 in the van"):
            order.action_complete()
        self.assertEqual(self._qty(self.part, self.stock), 10)
        self.company.service_stock_warehouse_fallback = True
        order.with_user(self.tech_user_a).action_complete()
        self.assertEqual(order.state, "done")
        self.assertEqual(self._qty(self.part, self.van_a), 0)
        self.assertEqual(self._qty(self.part, self.stock), 8)
        from_stock = order.stock_move_ids.filtered(
            lambda m: m.location_id == self.stock
        )
        self.assertEqual(from_stock.quantity, 2)
        self.assertEqual(from_stock.picking_type_id, self.warehouse.out_type_id)
        self.assertEqual(from_stock.state, "done")

    def test_warehouse_fallback_short_too(self):
        self.company.service_stock_warehouse_fallback = True
        order = self._started_order([{"product_id": self.part.id, "qty_used": 16}])
        with self.assertRaisesMessage(
            UserError, r"16.0 Units .* 5.0 in the van .* and 10.0 in WH/Stock"
        ):
            order.action_complete()
        self.assertEqual(order.state, "in_progress")
        self.assertEqual(self._qty(self.part, self.stock), 10)
        self.assertEqual(self._qty(self.part, self.van_a), 5)

    def test_reopen_returns_the_parts(self):
        order = self._started_order([{"product_id": self.part.id, "qty_used": 2}])
        order.action_complete()
        self.assertEqual(self._qty(self.part, self.van_a), 3)
        with self.assertRaises(AccessError):
            order.with_user(self.tech_user_a).action_reopen()
        self.assertEqual(order.state, "done")
        order.with_user(self.dispatcher).action_reopen()
        self.assertEqual(order.state, "in_progress")
        self.assertFalse(order.date_done)
        self.assertEqual(self._qty(self.part, self.van_a), 5)
        self.assertEqual(self._qty(self.part, self.customers), 0)
        consumed, returned = order.stock_move_ids.sorted("id")
        self.assertEqual(returned.origin_returned_move_id, consumed)
        self.assertEqual(returned.location_dest_id, self.van_a)
        self.assertEqual(returned.state, "done")
        self.assertEqual(order.line_ids.source_location_id, self.van_a)
        # corrected, completed again: one unit this time
        order.line_ids.qty_used = 1
        order.with_user(self.tech_user_a).action_complete()
        self.assertEqual(self._qty(self.part, self.van_a), 4)
        # a second reopen returns only what the second completion took
        order.with_user(self.dispatcher).action_reopen()
        self.assertEqual(self._qty(self.part, self.van_a), 5)
        self.assertEqual(len(order.stock_move_ids), 4)

    def test_reopen_only_done_orders(self):
        order = self._started_order([{"product_id": self.part.id, "qty_used": 1}])
        with self.assertRaisesMessage(UserError, r"cannot be reopened"):
            order.with_user(self.dispatcher).action_reopen()
        self.assertEqual(order.state, "in_progress")

    def test_reopen_returns_to_the_warehouse_what_came_from_it(self):
        self.company.service_stock_warehouse_fallback = True
        order = self._started_order([{"product_id": self.part.id, "qty_used": 6}])
        order.action_complete()
        self.assertEqual(self._qty(self.part, self.stock), 9)
        order.action_reopen()
        self.assertEqual(self._qty(self.part, self.stock), 10)
        self.assertEqual(self._qty(self.part, self.van_a), 5)

    def test_van_of_another_company_is_not_used(self):
        tech_other = self.env["hr.employee"].create(
            {
                "name": "Other company tech",
                "is_field_technician": True,
                "company_id": self.company2.id,
            }
        )
        van_other = tech_other.van_location_id
        self.assertEqual(van_other.company_id, self.company2)
        self.env["stock.quant"]._update_available_quantity(self.part, van_other, 50)
        # the company-B technician cannot be the one using a part on A's order
        order = self._started_order([{"product_id": self.part.id, "qty_used": 6}])
        with self.assertRaises(UserError):
            order.line_ids.employee_id = tech_other
        self.assertEqual(order.line_ids.employee_id, self.tech_a)
        # and A's completion does not reach into B's van
        with self.assertRaisesMessage(UserError, r"only 5.0 in the van"):
            order.action_complete()
        self.assertEqual(self._qty(self.part, van_other), 50)
        self.assertEqual(order.state, "in_progress")

    def test_van_stock_for_the_phone(self):
        stock = (
            self.env["service.order"]
            .with_user(self.tech_user_a)
            ._get_van_stock(self.tech_a)
        )
        self.assertEqual(
            sorted((row["product_name"], row["lot_name"], row["qty"]) for row in stock),
            [("Test compressor", False, 5.0), ("Test heat pump", "HPT-A1", 1.0)],
        )
        row = next(r for r in stock if r["lot_id"])
        self.assertEqual(row["lot_id"], self.serial_a.id)
        self.assertEqual(row["product_id"], self.unit.id)
        self.assertEqual(self.env["service.order"]._get_van_stock(self.tech_c), [])
        # the van, one grouped read of its quants, the names of its products
        # and lots: the same for any number of products
        self.env.invalidate_all()
        with self.assertQueryCount(6):
            self.env["service.order"]._get_van_stock(self.tech_b)

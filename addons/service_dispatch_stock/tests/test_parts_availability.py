from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.service_dispatch.tests.common import DispatchCase


@tagged("post_install", "-at_install")
class TestPartsAvailability(DispatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.filter_part, cls.motor = Product.create(
            [
                {"name": "Van filter", "type": "consu", "is_storable": True},
                {"name": "Van motor", "type": "consu", "is_storable": True},
            ]
        )
        Quant = cls.env["stock.quant"]
        # Alice: everything; Bob: 1 filter, no motor; Carl: nothing
        Quant._update_available_quantity(cls.filter_part, cls.tech_a.van_location_id, 4)
        Quant._update_available_quantity(cls.motor, cls.tech_a.van_location_id, 1)
        Quant._update_available_quantity(cls.filter_part, cls.tech_b.van_location_id, 1)
        cls.order = cls._create_order(
            site_id=cls.site.id,
            duration=1.0,
            line_ids=[
                Command.create({"product_id": cls.filter_part.id, "qty_planned": 2}),
                Command.create({"product_id": cls.motor.id, "qty_planned": 1}),
                Command.create({"product_id": cls.product_labour.id, "qty_planned": 3}),
            ],
        )
        cls.techs = cls.tech_a | cls.tech_b | cls.tech_c

    def test_ok_partial_missing(self):
        parts = self.order._get_parts_availability(self.techs)
        self.assertEqual(
            [parts[self.order.id, tech.id] for tech in self.techs],
            ["ok", "partial", "missing"],
        )

    def test_two_lines_of_one_product_add_up(self):
        self.order.line_ids[1].unlink()
        self.order.line_ids = [
            Command.create({"product_id": self.filter_part.id, "qty_planned": 3})
        ]
        parts = self.order._get_parts_availability(self.techs)
        # 5 filters needed, Alice has 4
        self.assertEqual(parts[self.order.id, self.tech_a.id], "partial")

    def test_no_planned_storable_parts_no_badge(self):
        order = self._create_order(
            site_id=self.site.id,
            line_ids=[Command.create({"product_id": self.product_part.id})],
        )
        self.assertEqual(order._get_parts_availability(self.techs), {})

    @freeze_time("2026-01-13 06:00:00")  # the window must not lie in the past
    def test_board_and_suggestions_show_it(self):
        booked = self._book(self.tech_b, 13, 9, 11, site_id=self.site.id)
        booked.line_ids = [
            Command.create({"product_id": self.motor.id, "qty_planned": 1})
        ]
        data = (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .get_dispatch_board_data("2026-01-12 00:00:00", "2026-01-17 00:00:00")
        )
        block = next(b for b in data["blocks"] if b["id"] == booked.id)
        self.assertEqual(block["parts"], "missing")
        suggestions = self.order.with_user(self.dispatcher).get_dispatch_suggestions(
            "2026-01-13 08:00:00", "2026-01-16 17:00:00", limit=100
        )
        by_tech = {s["technician_id"]: s["parts"] for s in suggestions}
        self.assertEqual(by_tech[self.tech_a.id], "ok")
        self.assertEqual(by_tech[self.tech_b.id], "partial")

    def _queries(self, count):
        orders = self.env["service.order"].create(
            [
                self._order_values(
                    site_id=self.site.id,
                    line_ids=[
                        Command.create(
                            {"product_id": self.filter_part.id, "qty_planned": 1}
                        )
                    ],
                )
                for _i in range(count)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        parts = orders._get_parts_availability(self.techs)
        self.assertEqual(len(parts), 3 * count)
        return self.cr.sql_log_count - start

    def test_constant_queries_10_vs_100(self):
        self._queries(2)
        few, many = self._queries(10), self._queries(100)
        self.assertEqual(few, many)
        self.env.invalidate_all()
        orders = self.env["service.order"].search([("id", "=", self.order.id)])
        self.env.invalidate_all()
        # the lines, their products and units, the vans, the quants
        with self.assertQueryCount(6):
            orders._get_parts_availability(self.techs)

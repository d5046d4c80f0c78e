from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.service_mobile.tests.common import MobileCase
from odoo.addons.service_mobile.tests.test_tour_mobile import MobileTourCase
from odoo.addons.service_stock.tests.common import ServiceStockCase


@tagged("post_install", "-at_install")
class TestVanParts(MobileCase, ServiceStockCase):
    """Alice leads the dispatched order (Bob is crew); Alice's van: 5
    compressors and heat pump HPT-A1, Bob's: 2 compressors and HPT-B1."""

    def my_day(self, user, day="2026-01-13"):
        return self.env["service.order"].with_user(user).mobile_my_day(day)

    def _part(self, user, payload, order=None):
        order = order or self.order
        return self.apply(user, self.action(order, "part", payload=payload))

    def _parts(self, day, order=None):
        order = order or self.order
        job = next(job for job in day["jobs"] if job["id"] == order.id)
        return [
            (part["product_name"], part["qty"], part["lot_name"])
            for part in job["parts"]
        ]

    @freeze_time("2026-01-13 07:00:00")
    def test_my_day_lists_the_technicians_own_van(self):
        van = {
            item["product_id"]: item
            for item in self.my_day(self.tech_user_a)["extras"]["van"]
        }
        self.assertEqual(van[self.part.id]["qty"], 5)
        self.assertEqual(van[self.part.id]["tracking"], "none")
        self.assertEqual(van[self.part.id]["lots"], [])
        self.assertEqual(van[self.unit.id]["tracking"], "serial")
        self.assertEqual(
            van[self.unit.id]["lots"],
            [{"id": self.serial_a.id, "name": "HPT-A1", "qty": 1.0}],
        )
        bob = {
            item["product_id"]: item
            for item in self.my_day(self.tech_user_b)["extras"]["van"]
        }
        self.assertEqual(bob[self.part.id]["qty"], 2)
        self.assertEqual([lot["name"] for lot in bob[self.unit.id]["lots"]], ["HPT-B1"])
        # a user without employee has no van (and no day)
        self.assertEqual(self.my_day(self.dispatcher)["extras"], {})

    @freeze_time("2026-01-13 09:05:00")
    def test_serial_from_the_van(self):
        results = self._part(
            self.tech_user_a,
            {"product_id": self.unit.id, "qty": 1, "lot_id": self.serial_a.id},
        )
        self.assertStatuses(results, "done")
        line = self.order.line_ids.filtered(lambda line: line.product_id == self.unit)
        self.assertEqual(line.lot_id, self.serial_a)
        self.assertEqual(line.employee_id, self.tech_a)
        self.assertEqual(line.qty_used, 1)
        self.assertIn(
            ("Test heat pump", 1.0, "HPT-A1"),
            self._parts(self.my_day(self.tech_user_a)),
        )
        job = next(
            job
            for job in self.my_day(self.tech_user_a)["jobs"]
            if job["id"] == self.order.id
        )
        serial_part = next(part for part in job["parts"] if part["lot_id"])
        self.assertTrue(serial_part["serial"], "no +1 on a serial's line")
        refusals = {
            "already": {"lot_id": self.serial_a.id},
            "not in your van (0 there)": {"lot_id": self.serial_b.id},
            "Pick the lot or serial number": {},
            "does not exist": {"lot_id": 999999999},
            "one unit": {"lot_id": self.serial_a.id, "qty": 2},
        }
        for message, payload in refusals.items():
            with self.subTest(message):
                results = self._part(
                    self.tech_user_a,
                    {"product_id": self.unit.id, "qty": 1, **payload},
                )
                self.assertStatuses(results, "refused")
                self.assertIn(message, results[0]["message"])
        # nothing of the refusals was written
        unit_lines = self.order.line_ids.filtered(
            lambda line: line.product_id == self.unit
        )
        self.assertEqual(unit_lines, line)
        self.assertEqual(line.qty_used, 1)
        # a lot on an untracked part, a lot of another product
        for payload, message in (
            ({"product_id": self.part.id, "lot_id": self.serial_a.id}, "no lots"),
        ):
            results = self._part(self.tech_user_a, {"qty": 1, **payload})
            self.assertStatuses(results, "refused")
            self.assertIn(message, results[0]["message"])
        other = self.env["product.product"].create(
            {"name": "Other pump", "is_storable": True, "tracking": "serial"}
        )
        results = self._part(
            self.tech_user_a,
            {"product_id": other.id, "qty": 1, "lot_id": self.serial_a.id},
        )
        self.assertStatuses(results, "refused")
        self.assertIn("is not a lot or serial number of", results[0]["message"])

    @freeze_time("2026-01-13 09:05:00")
    def test_crew_parts_leave_his_own_van(self):
        self.assertStatuses(
            self._part(self.tech_user_a, {"product_id": self.part.id, "qty": 1}),
            "done",
        )
        self.assertStatuses(
            self._part(self.tech_user_b, {"product_id": self.part.id, "qty": 2}),
            "done",
        )
        self.assertStatuses(
            self._part(
                self.tech_user_b,
                {"product_id": self.unit.id, "qty": 1, "lot_id": self.serial_b.id},
            ),
            "done",
        )
        lines = self.order.line_ids.filtered(lambda line: line.qty_used)
        self.assertEqual(
            sorted(
                (line.employee_id.name, line.product_id.name, line.qty_used)
                for line in lines
            ),
            sorted(
                [
                    (self.tech_a.name, "Test compressor", 1.0),
                    (self.tech_b.name, "Test compressor", 2.0),
                    (self.tech_b.name, "Test heat pump", 1.0),
                ]
            ),
        )
        self.order.checklist_item_ids.is_done = True
        self.order.action_start()
        self.order.action_complete()
        self.assertEqual(self.order.state, "done")
        self.assertEqual(self._qty(self.part, self.van_a), 4)
        self.assertEqual(self._qty(self.part, self.van_b), 0)
        self.assertEqual(self._qty(self.unit, self.van_b, self.serial_b), 0)
        self.assertEqual(self._qty(self.unit, self.customers, self.serial_b), 1)

    @freeze_time("2026-01-13 09:05:00")
    def test_more_than_the_van_holds_is_refused_at_the_tap(self):
        self.assertStatuses(
            self._part(self.tech_user_a, {"product_id": self.part.id, "qty": 4}),
            "done",
        )
        results = self._part(self.tech_user_a, {"product_id": self.part.id, "qty": 2})
        self.assertStatuses(results, "refused")
        # quantities as the technician counts them: "5", not "5.0"
        self.assertIn("Your van holds 5 of", results[0]["message"])
        self.assertIn("uses 4 already", results[0]["message"])
        self.assertStatuses(
            self._part(self.tech_user_a, {"product_id": self.part.id, "qty": 1}),
            "done",
        )
        # the job can still be completed from the phone
        line = self.order.line_ids.filtered(lambda line: line.product_id == self.part)
        self.assertEqual(line.qty_used, 5)
        # a company that takes missing parts from the warehouse lets it through
        self.order.company_id.service_stock_warehouse_fallback = True
        self.assertStatuses(
            self._part(self.tech_user_a, {"product_id": self.part.id, "qty": 2}),
            "done",
        )

    @freeze_time("2026-01-13 09:05:00")
    def test_planned_line_takes_the_first_lot(self):
        planned = self.env["service.order.line"].create(
            {"order_id": self.order.id, "product_id": self.unit.id, "qty_planned": 1}
        )
        self.assertStatuses(
            self._part(
                self.tech_user_a,
                {"product_id": self.unit.id, "qty": 1, "lot_id": self.serial_a.id},
            ),
            "done",
        )
        self.assertEqual(planned.lot_id, self.serial_a)
        self.assertEqual(planned.qty_used, 1)
        self.assertEqual(
            len(
                self.order.line_ids.filtered(lambda line: line.product_id == self.unit)
            ),
            1,
        )

    @freeze_time("2026-01-13 09:05:00")
    def test_a_lot_is_looked_up_once_per_tap(self):
        # the tap's check finds the lot, the line's search and values reuse
        # it (the second look-up is the order line's own guard on create)
        Lot = type(self.env["stock.lot"])
        with patch.object(
            Lot, "exists", autospec=True, side_effect=Lot.exists
        ) as exists:
            results = self._part(
                self.tech_user_a,
                {"product_id": self.unit.id, "qty": 1, "lot_id": self.serial_a.id},
            )
        self.assertStatuses(results, "done")
        self.assertEqual(
            [call.args[0].ids for call in exists.call_args_list],
            [self.serial_a.ids] * 2,
        )

    @freeze_time("2026-01-13 07:00:00")
    def test_my_day_queries_do_not_grow_with_the_van(self):
        def queries():
            self.env.flush_all()  # the set-up's pending computations
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.my_day(self.tech_user_a)
            return self.env.cr.sql_log_count - start

        queries()  # warm-up
        few = queries()
        Quant = self.env["stock.quant"]
        for index in range(10):
            product = self.env["product.product"].create(
                {
                    "name": f"Van part {index}",
                    "is_storable": True,
                    "tracking": "lot" if index % 2 else "none",
                }
            )
            lot = (
                self.env["stock.lot"].create(
                    {"name": f"LOT-{index}", "product_id": product.id}
                )
                if index % 2
                else None
            )
            Quant._update_available_quantity(product, self.van_a, 3, lot_id=lot)
        queries()  # warm-up again, as for the first count
        many = queries()
        self.assertEqual(len(self.my_day(self.tech_user_a)["extras"]["van"]), 12)
        self.assertEqual(few, many, "as many queries for 12 products as for 2")


@tagged("post_install", "-at_install")
class TestVanTour(MobileTourCase):
    def test_parts_from_the_van_on_the_phone(self):
        filter_part, pump = self.env["product.product"].create(
            [
                {"name": "Van Tour Filter", "is_storable": True},
                {"name": "Van Tour Pump", "is_storable": True, "tracking": "serial"},
            ]
        )
        serials = self.env["stock.lot"].create(
            [{"name": name, "product_id": pump.id} for name in ("VT-1", "VT-2")]
        )
        van = self.employee.van_location_id
        Quant = self.env["stock.quant"]
        Quant._update_available_quantity(filter_part, van, 4)
        for serial in serials:
            Quant._update_available_quantity(pump, van, 1, lot_id=serial)
        order = self._dispatched_order("Van Tour Plant", 8, ["Check"])
        self.start_tour(
            "/odoo/my-day", "service_mobile_stock_van_tour", login=self.tech_user.login
        )
        lines = order.line_ids.filtered("qty_used")
        self.assertEqual(
            sorted(
                (line.product_id.name, line.qty_used, line.lot_id.name)
                for line in lines
            ),
            [("Van Tour Filter", 1.0, False), ("Van Tour Pump", 1.0, "VT-1")],
        )
        self.assertEqual(lines.employee_id, self.employee)

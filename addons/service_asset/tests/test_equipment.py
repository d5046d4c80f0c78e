from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceAssetCase


@tagged("post_install", "-at_install")
class TestEquipment(ServiceAssetCase):
    def test_site_defaults_to_the_customers_service_address(self):
        unit = self.env["maintenance.equipment"].create(
            {"name": "New unit", "partner_id": self.customer.id}
        )
        # the customer's delivery address is where its units are serviced
        self.assertEqual(unit.site_id, self.site)
        unit.site_id = self.other_site
        self.assertEqual(unit.site_id, self.other_site, "an explicit site is kept")

    def test_site_of_another_customer_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "not an address of"):
            self.rtu.site_id = self.other_customer
        self.assertEqual(self.rtu.site_id, self.site)

    def test_part_follows_its_parent_site(self):
        self.assertEqual(self.compressor.site_id, self.site)
        self.assertEqual(self.rtu.child_ids, self.compressor)
        self.rtu.site_id = self.other_site
        self.assertEqual(self.compressor.site_id, self.other_site)

    def test_parent_must_be_same_customer_and_acyclic(self):
        with self.assertRaisesMessage(ValidationError, "its parent unit"):
            self.other_unit.parent_id = self.rtu
        self.assertFalse(self.other_unit.parent_id)
        with self.assertRaisesMessage(ValidationError, "part of itself"):
            self.rtu.parent_id = self.compressor
        self.assertFalse(self.rtu.parent_id)

    def test_warranty_cannot_end_before_install(self):
        with self.assertRaisesMessage(ValidationError, "cannot end"):
            self.rtu.warranty_date = date(2025, 2, 1)
        self.assertEqual(self.rtu.warranty_date, date(2026, 2, 28))

    def test_is_under_warranty_edge_dates(self):
        unit = self.rtu
        self.assertFalse(unit._is_under_warranty(date(2025, 2, 28)), "before install")
        self.assertTrue(unit._is_under_warranty(date(2025, 3, 1)), "install day")
        self.assertTrue(unit._is_under_warranty(date(2026, 2, 28)), "last day")
        self.assertFalse(unit._is_under_warranty(date(2026, 3, 1)), "day after")
        self.assertFalse(self.shop_unit._is_under_warranty(date(2026, 1, 1)))
        # a recordset: one unit under warranty is enough
        self.assertTrue((unit | self.shop_unit)._is_under_warranty(date(2026, 1, 1)))

    def test_under_warranty_today_and_filter(self):
        units = self.rtu | self.shop_unit | self.compressor
        Equipment = self.env["maintenance.equipment"]
        with freeze_time("2026-02-28 12:00:00"):
            units.invalidate_recordset(["under_warranty"])
            self.assertTrue(self.rtu.under_warranty)
            self.assertEqual(
                Equipment.search(
                    [("id", "in", units.ids), ("under_warranty", "=", True)]
                ),
                self.rtu,
            )
            self.assertEqual(
                Equipment.search(
                    [("id", "in", units.ids), ("under_warranty", "=", False)]
                ),
                self.shop_unit | self.compressor,
            )
        with freeze_time("2026-03-01 12:00:00"):
            units.invalidate_recordset(["under_warranty"])
            self.assertFalse(self.rtu.under_warranty)
            self.assertFalse(
                Equipment.search(
                    [("id", "in", units.ids), ("under_warranty", "=", True)]
                )
            )
        with self.assertRaisesMessage(UserError, "Unsupported search"):
            Equipment.search([("under_warranty", ">", 1)])

    def test_service_history(self):
        done = self._unit_order(self.rtu, **self._planned_values())
        self.env["service.order.line"].create(
            [
                {
                    "order_id": done.id,
                    "product_id": self.product_part.id,
                    "qty_used": 2,
                },
                {
                    "order_id": done.id,
                    "product_id": self.product_labour.id,
                    "qty_used": 1.5,
                },
            ]
        )
        with freeze_time("2026-01-13 10:00:00"):
            done.action_schedule()
            done.action_dispatch()
            done.action_start()
        done.checklist_item_ids.is_done = True
        with freeze_time("2026-01-13 11:30:00"):
            done.action_complete()
        done.resolution = "<p>Replaced the capacitor</p>"
        opened = self._unit_order(self.rtu | self.compressor)
        cancelled = self._unit_order(self.rtu)
        cancelled.action_cancel()
        self.rtu.invalidate_recordset()
        self.assertEqual(self.rtu.service_order_ids, done | opened | cancelled)
        self.assertEqual(self.rtu.service_order_count, 3)
        self.assertEqual(self.rtu.open_order_count, 1)
        self.assertEqual(self.rtu.last_service_date, date(2026, 1, 13))
        self.assertEqual(
            self.rtu.service_part_line_ids.product_id,
            self.product_part,
            "parts used only, not labour",
        )
        self.assertEqual(self.rtu.service_technician_ids, self.tech_a)
        self.assertEqual(self.compressor.open_order_count, 1)
        self.assertFalse(self.compressor.last_service_date)
        self.assertFalse(self.shop_unit.service_order_count)
        action = self.rtu.action_view_service_orders()
        self.assertEqual(
            self.env["service.order"].search(action["domain"]),
            done | opened | cancelled,
        )
        self.assertEqual(action["context"]["default_site_id"], self.site.id)

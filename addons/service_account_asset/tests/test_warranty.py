from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.service_account.tests.common import ServiceAccountCase


@tagged("post_install", "-at_install")
class TestWarrantyCoverage(ServiceAccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env["maintenance.equipment"].create(
            {
                "name": "Rooftop unit",
                "partner_id": cls.customer.id,
                "site_id": cls.site.id,
                "install_date": date(2025, 3, 1),
                "warranty_date": date(2026, 2, 28),
            }
        )

    def _unit_order(self, received, **values):
        return self._done_order(
            [(self.code_diag, 1), (self.part, 2)],
            site_id=self.site.id,
            equipment_ids=[(6, 0, self.unit.ids)],
            date_received=received,
            **values,
        )

    def test_order_under_warranty_is_no_charge(self):
        order = self._unit_order(datetime(2026, 1, 10, 9, 0))
        self.assertTrue(order.is_warranty)
        self.assertEqual(order.invoice_status, "no_charge")
        items = order._get_invoice_data()[order.id]
        self.assertEqual([i["discount"] for i in items], [100.0, 100.0])
        self.assertIn("warranty of Rooftop unit", items[0]["name"])
        with self.assertRaisesMessage(UserError, "Nothing to invoice"):
            order.action_create_invoice()
        self.assertFalse(order.invoice_ids)
        order.action_create_invoice_anyway()
        self.assertEqual(len(order.invoice_ids), 1)
        self.assertAlmostEqual(order.invoice_ids.amount_total, 0.0)

    def test_time_and_materials_labour_covered(self):
        order = self._unit_order(
            datetime(2026, 1, 10, 9, 0),
            order_type_id=self.tm_type.id,
            logs=[(self.tech_a, "work", self.day, 60)],
        )
        items = order._get_invoice_data()[order.id]
        labour = [i for i in items if i["kind"] == "labour"]
        self.assertEqual(len(labour), 1)
        self.assertEqual(labour[0]["discount"], 100.0)
        self.assertEqual(order.invoice_status, "no_charge")

    def test_after_the_warranty_billed(self):
        order = self._unit_order(datetime(2026, 3, 1, 9, 0))
        self.assertFalse(order.is_warranty)
        self.assertEqual(order.invoice_status, "to_invoice")
        order.action_create_invoice()
        self.assertAlmostEqual(order.invoice_ids.amount_untaxed, 89.0 + 64.0)

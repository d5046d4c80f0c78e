from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import ServiceAssetCase


@tagged("post_install", "-at_install")
class TestOrderEquipment(ServiceAssetCase):
    def test_units_must_be_at_the_order_site(self):
        order = self._create_order(site_id=self.site.id)
        with self.assertRaisesMessage(ValidationError, "not installed at the order"):
            order.equipment_ids = self.rtu | self.shop_unit
        self.assertFalse(order.equipment_ids)
        self.assertEqual(order.site_id, self.site)
        with self.assertRaisesMessage(ValidationError, "not installed at the order"):
            self._create_order(
                site_id=self.site.id,
                equipment_ids=[Command.set((self.rtu | self.shop_unit).ids)],
            )
        self.assertFalse(
            self.env["service.order"].search(
                [("equipment_ids", "=", self.shop_unit.id)]
            )
        )

    def test_picking_units_sets_the_site(self):
        order = self._unit_order(self.shop_unit)
        self.assertEqual(order.site_id, self.other_site)
        self.assertEqual(self.shop_unit.service_order_ids, order)

    def test_domain_offers_only_units_at_the_site(self):
        form = Form(self.env["service.order"])
        form.partner_id = self.customer
        form.order_type_id = self.plain_type
        form.site_id = self.site
        domain = self.env["service.order"]._fields["equipment_ids"].domain
        self.assertEqual(domain, "[('site_id', '=', site_id)]")
        offered = self.env["maintenance.equipment"].search(
            [("site_id", "=", form.site_id.id)]
        )
        self.assertEqual(offered, self.rtu | self.compressor)
        form.equipment_ids.add(self.rtu)
        order = form.save()
        self.assertEqual(order.equipment_ids, self.rtu)

    def test_warranty_flag_edge_dates_in_site_time_zone(self):
        # warranty ends 2026-02-28; the site is in Brussels (UTC+1 in winter)
        last_evening = self._unit_order(
            self.rtu, date_received=datetime(2026, 2, 28, 23, 30)
        )
        self.assertFalse(
            last_evening.is_warranty, "23:30 UTC = 00:30 on March 1st in Brussels"
        )
        last_day = self._unit_order(
            self.rtu, date_received=datetime(2026, 2, 28, 22, 59)
        )
        self.assertTrue(last_day.is_warranty, "23:59 on the last day in Brussels")
        before_install = self._unit_order(
            self.rtu, date_received=datetime(2025, 2, 28, 12, 0)
        )
        self.assertFalse(before_install.is_warranty)
        no_unit = self._create_order(date_received=datetime(2026, 1, 1, 12, 0))
        self.assertFalse(no_unit.is_warranty)
        # extending the warranty flags the stored orders again
        self.rtu.warranty_date = date(2026, 3, 31)
        self.assertTrue(last_evening.is_warranty)
        self.assertEqual(
            self.env["service.order"].search(
                [("is_warranty", "=", True), ("equipment_ids", "in", self.rtu.ids)]
            ),
            last_evening | last_day,
        )

    def test_warranty_of_any_unit_flags_the_order(self):
        order = self._create_order(
            site_id=self.site.id,
            date_received=datetime(2026, 1, 10, 9, 0),
            equipment_ids=[Command.set((self.rtu | self.compressor).ids)],
        )
        self.assertTrue(order.is_warranty)
        order.equipment_ids = self.compressor
        self.assertFalse(order.is_warranty, "the compressor has no warranty date")

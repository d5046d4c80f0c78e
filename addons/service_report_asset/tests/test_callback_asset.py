from datetime import timedelta

from odoo import Command
from odoo.tests import tagged

from odoo.addons.service_report.tests.common_kpi import ReportCase, at


@tagged("post_install", "-at_install")
class TestCallbackOnUnits(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.units = cls.env["maintenance.equipment"].create(
            [
                {"name": name, "partner_id": cls.customer.id, "site_id": cls.site.id}
                for name in ("Cold room", "Oven")
            ]
        )
        cls.cold_room, cls.oven = cls.units
        cls.original = cls._done_order(
            at(5),
            at(5, 10),
            at(5, 12),
            equipment_ids=[Command.set(cls.cold_room.ids)],
        )

    def test_same_unit_any_type(self):
        callback = self._new_order(
            self.original.date_done + timedelta(days=30),
            order_type_id=self.signed_type.id,
            equipment_ids=[Command.set(self.cold_room.ids)],
        )
        self.assertEqual(callback.callback_of_id, self.original)
        self.assertFalse(self.original.is_first_time_fix)

    def test_another_unit_same_site_and_type(self):
        other = self._new_order(
            self.original.date_done + timedelta(days=2),
            equipment_ids=[Command.set(self.oven.ids)],
        )
        self.assertFalse(other.callback_of_id)
        self.assertTrue(self.original.is_first_time_fix)

    def test_past_the_window(self):
        late = self._new_order(
            self.original.date_done + timedelta(days=31),
            equipment_ids=[Command.set(self.cold_room.ids)],
        )
        self.assertFalse(late.callback_of_id)

    def test_no_unit_falls_back_on_site_and_type(self):
        plain = self._new_order(self.original.date_done + timedelta(days=1))
        self.assertEqual(plain.callback_of_id, self.original)

    def test_batch_mixes_both_rules(self):
        orders = self.env["service.order"].create(
            [
                self._order_values(
                    date_received=self.original.date_done + timedelta(days=1),
                    equipment_ids=[Command.set(self.oven.ids)],
                ),
                self._order_values(
                    date_received=self.original.date_done + timedelta(days=1),
                    order_type_id=self.signed_type.id,
                    equipment_ids=[Command.set(self.cold_room.ids)],
                ),
            ]
        )
        self.assertEqual(orders.mapped("callback_of_id"), self.original)
        self.assertFalse(orders[0].callback_of_id)

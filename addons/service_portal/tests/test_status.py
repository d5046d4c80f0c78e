from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.service_portal.models.service_order import ServiceOrder

from .common import setup_portal_data


@tagged("post_install", "-at_install")
class TestPortalLiveStatus(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)

    def _status(self, order):
        """The status as the customer reads it (his own record, his rights)."""
        order.invalidate_recordset()
        seen = order.with_user(self.portal_user)
        return seen.portal_status, seen.portal_status_label

    def _travel(self, order, minutes_ago=10):
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(
            minutes=minutes_ago
        )
        self.env["service.order.timelog"].create(
            {
                "order_id": order.id,
                "employee_id": self.tech.id,
                "kind": "travel",
                "date_start": start,
            }
        )
        return start

    def test_states_in_the_customers_words(self):
        new = self.env["service.order"].create(
            {"partner_id": self.customer.id, "order_type_id": self.order_type.id}
        )
        self.assertEqual(self._status(new), ("received", "Request received"))
        self.assertEqual(self._status(self.order), ("scheduled", "Scheduled"))
        self.order.action_dispatch()
        self.assertEqual(self._status(self.order), ("assigned", "Technician assigned"))
        self.order.action_start()
        self.assertEqual(self._status(self.order), ("on_site", "On site"))
        self.order.action_complete()
        self.assertEqual(self._status(self.order), ("done", "Done"))

    def test_technician_on_the_way_with_expected_arrival(self):
        self.order.action_dispatch()
        self._travel(self.order)
        status, label = self._status(self.order)
        self.assertEqual(status, "on_the_way")
        # no estimate of the drive: the scheduled start is the expected arrival
        expected = self.order.date_scheduled_start.strftime("%H:%M")
        self.assertEqual(label, f"Technician on the way, expected around {expected}")
        self.assertEqual(
            self.order.portal_expected_arrival, self.order.date_scheduled_start
        )

    def test_expected_arrival_from_the_travel_estimate(self):
        self.order.action_dispatch()
        start = self._travel(self.order, minutes_ago=5)
        with patch.object(
            ServiceOrder,
            "_get_portal_travel_minutes",
            lambda orders: {self.order.id: 25},
        ):
            status, label = self._status(self.order)
            self.assertEqual(status, "on_the_way")
            arrival = start + timedelta(minutes=25)
            self.assertEqual(self.order.portal_expected_arrival, arrival)
            self.assertIn(arrival.strftime("%H:%M"), label)

    def test_travel_ended_means_no_longer_on_the_way(self):
        self.order.action_dispatch()
        self._travel(self.order)
        self.order.timelog_ids.date_end = fields.Datetime.now()
        self.assertEqual(self._status(self.order)[0], "assigned")

    def test_first_name_and_window_in_the_customers_time_zone(self):
        self.site.tz = "Asia/Kolkata"  # UTC+05:30, no daylight saving
        seen = self.order.with_user(self.portal_user)
        self.assertEqual(seen.portal_technician_name, "Marie-Claire")
        local_start = self.order.date_scheduled_start + timedelta(hours=5, minutes=30)
        local_end = self.order.date_scheduled_end + timedelta(hours=5, minutes=30)
        self.assertIn(local_start.strftime("%H:%M"), seen.portal_window_display)
        self.assertIn(local_end.strftime("%H:%M"), seen.portal_window_display)
        self.assertIn("Asia/Kolkata", seen.portal_window_display)

    def test_window_in_the_readers_zone_when_the_customer_has_none(self):
        (self.site | self.customer).tz = False
        self.portal_user.tz = "Asia/Kolkata"
        seen = self.order.with_user(self.portal_user)
        local_start = self.order.date_scheduled_start + timedelta(hours=5, minutes=30)
        self.assertIn(local_start.strftime("%H:%M"), seen.portal_window_display)
        self.assertIn("Asia/Kolkata", seen.portal_window_display)

    def test_status_of_many_orders_in_constant_queries(self):
        orders = self.env["service.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "site_id": (self.site if i % 2 else self.site_2).id,
                    "order_type_id": self.order_type.id,
                    "technician_id": self.tech.id,
                    "date_scheduled_start": self.order.date_scheduled_start
                    + timedelta(days=3 + i),
                    "date_scheduled_end": self.order.date_scheduled_end
                    + timedelta(days=3 + i),
                }
                for i in range(20)
            ]
        )

        def count(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            for fname in (
                "portal_status_label",
                "portal_technician_name",
                "portal_window_display",
            ):
                records.mapped(fname)
            return self.env.cr.sql_log_count - before

        orders.action_schedule()
        self.assertLessEqual(count(orders), count(orders[:2]))

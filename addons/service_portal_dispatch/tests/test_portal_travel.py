import math
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.service_dispatch.utils.travel import haversine_km, travel_minutes
from odoo.addons.service_portal.tests.common import as_portal_check, setup_portal_data

# Brussels (home) and Antwerp (the site): about 41 km apart
HOME = (50.8466, 4.3528)
SITE = (51.2194, 4.4025)
# Mechelen: a job done earlier today, between the two
PREVIOUS = (51.0259, 4.4776)


@tagged("post_install", "-at_install")
class TestPortalTravel(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        cls.company.write({"dispatch_road_factor": 1.4, "dispatch_avg_speed_kmh": 60})
        cls.tech.write({"home_latitude": HOME[0], "home_longitude": HOME[1]})
        cls.site.write({"partner_latitude": SITE[0], "partner_longitude": SITE[1]})

    def _on_the_way(self, order, started):
        order.action_dispatch()
        self.env["service.order.timelog"].create(
            {
                "order_id": order.id,
                "kind": "travel",
                "date_start": started,
                "employee_id": self.tech.id,
            }
        )
        order.invalidate_recordset(["portal_status", "portal_expected_arrival"])
        return as_portal_check(order)

    @staticmethod
    def _expected(origin):
        km = haversine_km(*origin, *SITE)
        return math.ceil(travel_minutes(km, road_factor=1.4, speed_kmh=60))

    def test_arrival_from_home(self):
        started = fields.Datetime.now().replace(microsecond=0) - timedelta(minutes=5)
        order = self._on_the_way(self.order, started)
        minutes = self._expected(HOME)
        self.assertGreater(minutes, 30)
        self.assertEqual(order._get_portal_travel_minutes(), {order.id: minutes})
        self.assertEqual(order.portal_status, "on_the_way")
        self.assertEqual(
            order.portal_expected_arrival, started + timedelta(minutes=minutes)
        )

    def test_arrival_from_previous_job(self):
        mechelen = self.env["res.partner"].create(
            {
                "name": "Mechelen shop",
                "parent_id": self.customer_2.id,
                "type": "delivery",
                "partner_latitude": PREVIOUS[0],
                "partner_longitude": PREVIOUS[1],
            }
        )
        self.order_2.site_id = mechelen
        self.order_2.action_dispatch()
        self.order_2.action_start()
        self.order_2.action_complete()
        started = fields.Datetime.now().replace(microsecond=0)
        order = self._on_the_way(self.order, started)
        minutes = self._expected(PREVIOUS)
        self.assertLess(minutes, self._expected(HOME))
        self.assertEqual(
            order.portal_expected_arrival, started + timedelta(minutes=minutes)
        )

    def test_no_coordinates_falls_back_to_the_scheduled_start(self):
        self.site.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        order = self._on_the_way(self.order, fields.Datetime.now())
        self.assertEqual(order._get_portal_travel_minutes(), {})
        self.assertEqual(order.portal_expected_arrival, self.order.date_scheduled_start)

    def test_batched(self):
        """The estimate of 20 orders costs the queries of 2 (5: orders,
        technicians, previous jobs, sites, company settings)."""
        Order = self.env["service.order"]

        def make(count):
            orders = Order.create(
                [
                    {
                        "partner_id": self.customer.id,
                        "site_id": self.site.id,
                        "order_type_id": self.order_type.id,
                        "technician_id": self.tech.id,
                    }
                    for _i in range(count)
                ]
            )
            orders.invalidate_recordset()
            return as_portal_check(orders)

        few, many = make(2), make(20)
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            few._get_portal_travel_minutes()
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            many._get_portal_travel_minutes()

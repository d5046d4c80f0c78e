from odoo.tests import HttpCase, new_test_user, tagged

from .common import DISPATCHER_GROUP


@tagged("post_install", "-at_install")
class TestDispatcherTour(HttpCase):
    """A dispatcher takes a request in the web client and schedules it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, "tour_dispatcher", groups=DISPATCHER_GROUP)
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Bakery", "is_company": True}
        )
        cls.env["service.order.type"].create(
            {"name": "Tour Repair", "default_duration": 2.0}
        )
        cls.tech = cls.env["hr.employee"].create(
            {"name": "Tina Tour", "is_field_technician": True}
        )

    def test_dispatcher_creates_and_schedules_an_order(self):
        self.start_tour(
            "/odoo/action-service_order.service_order_action",
            "service_order_dispatcher_tour",
            login="tour_dispatcher",
        )
        order = self.env["service.order"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "scheduled")
        self.assertEqual(order.technician_id, self.tech)
        self.assertEqual(order.duration, 2.0)

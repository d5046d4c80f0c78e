from datetime import datetime

from odoo import Command
from odoo.tests import tagged

from .common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestSmartButtons(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_order = cls._create_order(**cls._planned_values())
        # each at its own time: a technician is never booked twice at once
        cls.crew_order = cls._create_order(
            **cls._planned_values(
                technician_id=cls.tech_b.id,
                crew_ids=[Command.set(cls.tech_a.ids)],
                date_scheduled_start=datetime(2026, 1, 13, 13, 0),
                date_scheduled_end=datetime(2026, 1, 13, 15, 0),
            )
        )
        cls.cancelled = cls._create_order(
            **cls._planned_values(
                date_scheduled_start=datetime(2026, 1, 14, 9, 0),
                date_scheduled_end=datetime(2026, 1, 14, 11, 0),
            )
        )
        cls.cancelled.action_cancel()
        cls.other = cls._create_order(partner_id=cls.other_customer.id)

    def _orders(self, action):
        return self.env["service.order"].search(action["domain"])

    def test_employee_counts_lead_and_crew(self):
        self.assertEqual(self.tech_a.service_order_count, 2, "cancelled not counted")
        self.assertEqual(self.tech_b.service_order_count, 1)
        self.assertEqual(self.tech_c.service_order_count, 0)
        orders = self._orders(self.tech_a.action_view_service_orders())
        self.assertEqual(orders, self.lead_order | self.crew_order | self.cancelled)

    def test_customer_and_site_counts(self):
        # the orders' site is the customer's delivery address
        self.assertEqual(self.lead_order.site_id, self.site)
        self.assertEqual(self.customer.service_order_count, 3)
        self.assertEqual(self.site.service_order_count, 3)
        self.assertEqual(self.other_customer.service_order_count, 1)
        action = self.customer.action_view_service_orders()
        self.assertEqual(
            self._orders(action), self.lead_order | self.crew_order | self.cancelled
        )
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_type_counts(self):
        self.assertEqual(self.plain_type.order_count, 4)
        self.assertEqual(
            self._orders(self.plain_type.action_view_orders()),
            self.lead_order | self.crew_order | self.cancelled | self.other,
        )

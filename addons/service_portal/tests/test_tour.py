from odoo.tests import HttpCase, tagged

from .common import setup_portal_data


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)

    def test_customer_submits_a_request_and_sees_it_listed(self):
        self.start_tour("/my", "service_portal_request_tour", login="sp_portal")
        order = self.env["service.order"].search(
            [("portal_user_id", "=", self.portal_user.id)]
        )
        self.assertEqual(len(order), 1)
        self.assertEqual(order.channel, "portal")
        self.assertEqual(order.site_id, self.site_2)
        self.assertIn("Freezer alarm", order.description)

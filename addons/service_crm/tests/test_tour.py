from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.service_order.tests.common import DISPATCHER_GROUP


@tagged("post_install", "-at_install")
class TestCrmTours(HttpCase):
    """In the web client: an opportunity becomes a service order, and the
    customer's contact shows its service tab."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            "tour_crm_dispatcher",
            groups=f"{DISPATCHER_GROUP},sales_team.group_sale_manager",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Bakery", "is_company": True, "street": "Tour street 1"}
        )
        cls.env["service.order.type"].create({"name": "Tour Repair", "sequence": -99})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Tour oven",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "email_from": "tour@bakery.example.com",
                "user_id": cls.user.id,
            }
        )

    def test_lead_to_order(self):
        self.start_tour(
            f"/odoo/action-crm.crm_lead_opportunities/{self.lead.id}",
            "service_crm_lead_to_order_tour",
            login="tour_crm_dispatcher",
        )
        order = self.env["service.order"].search([("lead_id", "=", self.lead.id)])
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.channel, "crm")
        self.assertEqual(order.contact_email, "tour@bakery.example.com")
        self.assertEqual(self.lead.service_order_count, 1)

    def test_customer_view(self):
        self.lead.action_create_service_order()
        self.start_tour(
            f"/odoo/action-contacts.action_contacts/{self.customer.id}",
            "service_crm_customer_view_tour",
            login="tour_crm_dispatcher",
        )

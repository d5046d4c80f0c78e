from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ServiceCrmCase


@tagged("post_install", "-at_install")
class TestLeadToOrder(ServiceCrmCase):
    def _orders_of(self, lead):
        return self.env["service.order"].search([("lead_id", "=", lead.id)])

    def test_order_from_lead_carries_the_data_over(self):
        lead = self.lead.with_user(self.sales_dispatcher)
        action = lead.action_create_service_order()
        order = self._orders_of(self.lead)
        self.assertEqual(len(order), 1)
        self.assertEqual(action["res_model"], "service.order")
        self.assertEqual(action["res_id"], order.id)
        self.assertEqual(order.partner_id, self.customer)
        # the customer's delivery address is the site
        self.assertEqual(order.site_id, self.site)
        self.assertEqual(order.channel, "crm")
        self.assertEqual(order.order_type_id, self.plain_type)
        self.assertIn("deck oven", order.description)
        self.assertEqual(order.contact_name, "Paula Baker")
        self.assertEqual(order.contact_phone, "+32 2 555 01 99")
        self.assertEqual(order.contact_email, "paula@bakery.example.com")
        self.assertEqual(order.create_uid, self.sales_dispatcher)
        self.assertEqual(order.state, "new")
        # the lead lists its orders
        self.assertEqual(self.lead.service_order_ids, order)
        self.assertEqual(self.lead.service_order_count, 1)
        orders = self.env["service.order"].search(
            lead.action_view_service_orders()["domain"]
        )
        self.assertEqual(orders, order)
        self.assertIn(order.name, self.lead.message_ids[0].body)

    def test_lead_without_description_gives_its_title(self):
        self.lead.description = False
        self.lead.with_user(self.sales_dispatcher).action_create_service_order()
        order = self._orders_of(self.lead)
        self.assertIn("New oven and its installation", order.description)

    def test_lead_without_customer_creates_it(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Leaking cold room",
                "type": "lead",
                "partner_name": "Frites & Co",
                "contact_name": "Jean Friet",
                "street": "Place Flagey 7",
                "city": "Ixelles",
                "phone": "+32 2 555 77 00",
                "user_id": self.sales_dispatcher.id,
            }
        )
        lead.with_user(self.sales_dispatcher).action_create_service_order()
        order = self._orders_of(lead)
        self.assertEqual(len(order), 1)
        # as crm's conversion: the company and its contact
        self.assertEqual(lead.partner_id, order.partner_id)
        self.assertEqual(order.partner_id.name, "Jean Friet")
        self.assertEqual(order.partner_id.parent_id.name, "Frites & Co")
        self.assertEqual(order.site_id.street, "Place Flagey 7")
        self.assertEqual(order.contact_name, "Jean Friet")
        self.assertEqual(order.contact_phone, "+32 2 555 77 00")

    def test_lead_without_customer_nor_name_is_refused(self):
        lead = self.env["crm.lead"].create(
            {"name": "Someone called", "type": "lead", "street": "Somewhere 1"}
        )
        partners = self.env["res.partner"].search_count([])
        with self.assertRaisesMessage(UserError, "has no customer"):
            lead.with_user(self.sales_dispatcher).action_create_service_order()
        self.assertFalse(self._orders_of(lead))
        self.assertFalse(lead.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_site_without_address_is_refused(self):
        bare = self.env["res.partner"].create({"name": "No Address Ltd"})
        lead = self.env["crm.lead"].create(
            {"name": "Repair", "type": "opportunity", "partner_id": bare.id}
        )
        with self.assertRaisesMessage(UserError, "no address"):
            lead.with_user(self.sales_dispatcher).action_create_service_order()
        self.assertFalse(self._orders_of(lead))
        # a new customer without an address: refused before it is created
        lead = self.env["crm.lead"].create(
            {"name": "Repair", "type": "lead", "contact_name": "Nowhere Man"}
        )
        with self.assertRaisesMessage(UserError, "no address"):
            lead.with_user(self.sales_dispatcher).action_create_service_order()
        self.assertFalse(lead.partner_id)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Nowhere Man")]))

    def test_lost_lead_is_refused(self):
        self.lead.action_archive()
        with self.assertRaisesMessage(UserError, "lost or archived"):
            self.lead.with_user(self.sales_dispatcher).action_create_service_order()
        self.assertFalse(self._orders_of(self.lead.with_context(active_test=False)))

    def test_salesman_without_service_rights_cannot_create_orders(self):
        self.lead.user_id = self.salesman
        lead = self.lead.with_user(self.salesman)
        with self.assertRaisesMessage(AccessError, "Only service dispatchers"):
            lead.action_create_service_order()
        self.assertFalse(self._orders_of(self.lead))
        # nor does he see the lead's service orders
        with self.assertRaises(AccessError):
            lead.read(["service_order_ids"])

    def test_salesman_does_not_create_the_customer_either(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Leak",
                "type": "lead",
                "contact_name": "New Caller",
                "street": "Rue Neuve 1",
                "user_id": self.salesman.id,
            }
        )
        with self.assertRaises(AccessError):
            lead.with_user(self.salesman).action_create_service_order()
        self.assertFalse(lead.partner_id)

    def test_technician_cannot_read_leads(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.tech_user_a).read(["name"])
        with self.assertRaises(AccessError):
            self.lead.with_user(self.tech_user_a).action_create_service_order()
        self.assertFalse(self._orders_of(self.lead))

    def test_dispatcher_without_sales_rights_cannot_open_the_lead(self):
        with self.assertRaises(AccessError):
            self.lead.with_user(self.dispatcher).action_create_service_order()
        self.assertFalse(self._orders_of(self.lead))

    def test_order_cannot_point_at_a_hidden_lead(self):
        salesman_lead = self.env["crm.lead"].create(
            {"name": "Sam's own lead", "user_id": self.salesman.id}
        )
        # a dispatcher who sells, restricted to his own leads
        seller = self.sales_dispatcher
        seller.groups_id -= self.env.ref("sales_team.group_sale_manager")
        seller.groups_id -= self.env.ref("sales_team.group_sale_salesman_all_leads")
        self.assertFalse(salesman_lead.with_user(seller).has_access("read"))
        orders = self.env["service.order"].search_count([])
        with self.assertRaisesMessage(AccessError, "lead you can see"):
            self.env["service.order"].with_user(seller).create(
                self._order_values(lead_id=salesman_lead.id)
            )
        self.assertEqual(self.env["service.order"].search_count([]), orders)

    def test_lead_of_another_company(self):
        partner_b = self.env["res.partner"].create(
            {
                "name": "B customer",
                "street": "B street 1",
                "company_id": self.company2.id,
            }
        )
        type_b = self.env["service.order.type"].create(
            {
                "name": "B repair",
                "company_id": self.company2.id,
                "default_priority": "0",
            }
        )
        lead_b = self.env["crm.lead"].create(
            {
                "name": "B lead",
                "type": "opportunity",
                "partner_id": partner_b.id,
                "company_id": self.company2.id,
                "user_id": False,
            }
        )
        seller = self.sales_dispatcher
        # a user of company A only does not see company B's lead
        with self.assertRaises(AccessError):
            lead_b.with_user(seller).action_create_service_order()
        self.assertFalse(self._orders_of(lead_b))
        seller.company_ids |= self.company2
        lead_b.with_user(seller).with_context(
            allowed_company_ids=[self.company2.id, self.company.id]
        ).action_create_service_order()
        order = self._orders_of(lead_b)
        self.assertEqual(order.company_id, self.company2)
        self.assertEqual(order.order_type_id, type_b)

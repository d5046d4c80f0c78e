from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import ServiceCrmCase


@tagged("post_install", "-at_install")
class TestRecommendToSales(ServiceCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            **cls._planned_values(), contact_name="Paula Baker"
        )
        cls.order.action_schedule()
        cls.order.action_dispatch()
        cls.order_b = cls._create_order(
            **cls._planned_values(technician_id=cls.tech_b.id)
        )

    def _opportunities(self, order):
        return self.env["crm.lead"].search([("service_order_id", "in", order.ids)])

    def _recommend(self, user, order, **values):
        action = order.with_user(user).action_recommend_to_sales()
        self.assertEqual(action["res_model"], "service.crm.recommendation")
        wizard = Form(
            self.env["service.crm.recommendation"]
            .with_user(user)
            .with_context(**action["context"])
        )
        wizard.kind = values.get("kind", "replacement")
        wizard.name = values.get("name", "Replace the compressor")
        wizard.note = values.get("note", "Compressor is 14 years old.\nShort-cycles.")
        return wizard.save().action_confirm()

    def test_technician_recommends_on_his_order(self):
        result = self._recommend(self.tech_user_a, self.order)
        self.assertEqual(result["tag"], "display_notification")
        lead = self._opportunities(self.order)
        self.assertEqual(len(lead), 1)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.name, "Replace the compressor")
        self.assertEqual(lead.partner_id, self.customer)
        self.assertEqual(lead.company_id, self.order.company_id)
        self.assertEqual(lead.service_recommendation_kind, "replacement")
        self.assertEqual(lead.contact_name, "Paula Baker")
        # the customer's salesperson and his team, not the technician
        self.assertEqual(lead.user_id, self.salesman)
        self.assertEqual(lead.team_id, self.team)
        self.assertIn("Compressor is 14 years old.", lead.description)
        self.assertIn("Tech A", lead.description)
        self.assertIn(self.order.name, lead.description)
        self.assertIn("Bakery kitchen", lead.description)
        # the technician does not follow (nor read) the opportunity
        self.assertNotIn(self.tech_user_a.partner_id, lead.message_partner_ids)
        with self.assertRaises(AccessError):
            lead.with_user(self.tech_user_a).read(["name"])
        # the order logs it and shows it to the sales team
        self.assertIn("Recommended to sales", self.order.message_ids[0].body)
        self.assertEqual(self.order.opportunity_ids, lead)
        self.assertEqual(self.order.opportunity_count, 1)
        action = self.order.with_user(self.salesman).action_view_opportunities()
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), lead)
        self.assertEqual(lead.with_user(self.salesman).service_order_id, self.order)

    def test_dispatcher_recommends(self):
        self._recommend(
            self.dispatcher, self.order_b, kind="extra_work", name="Second unit"
        )
        lead = self._opportunities(self.order_b)
        self.assertEqual(lead.service_recommendation_kind, "extra_work")
        self.assertIn("Dispatcher", lead.description)
        self.assertEqual(lead.partner_id, self.customer)

    def test_no_salesperson_gives_the_company_team(self):
        self.customer.user_id = False
        self._recommend(self.tech_user_a, self.order)
        lead = self._opportunities(self.order)
        self.assertFalse(lead.user_id)
        self.assertTrue(lead.team_id.use_opportunities)

    def test_technician_cannot_recommend_on_a_colleagues_order(self):
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.tech_user_a).action_recommend_to_sales()
        # nor through a hand-made wizard: refused at create (the wizard
        # would show the order's customer and units)
        Wizard = self.env["service.crm.recommendation"].with_user(self.tech_user_a)
        count = Wizard.sudo().search_count([])
        with self.assertRaises(AccessError):
            Wizard.create({"order_id": self.order_b.id, "name": "Steal a lead"})
        self.assertEqual(Wizard.sudo().search_count([]), count)
        self.assertFalse(self._opportunities(self.order_b))

    def test_client_context_does_not_reach_the_opportunity(self):
        wizard = (
            self.env["service.crm.recommendation"]
            .with_user(self.tech_user_a)
            .create({"order_id": self.order.id, "name": "Extra valve"})
        )
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        wizard.with_context(
            default_stage_id=won.id,
            default_user_id=self.tech_user_a.id,
            default_probability=100,
            default_expected_revenue=1e9,
        ).action_confirm()
        lead = self._opportunities(self.order)
        self.assertNotEqual(lead.stage_id, won)
        self.assertEqual(lead.user_id, self.salesman)
        self.assertFalse(lead.expected_revenue)

    def test_bad_input(self):
        wizard = (
            self.env["service.crm.recommendation"]
            .with_user(self.tech_user_a)
            .create({"order_id": self.order.id, "name": "   "})
        )
        with self.assertRaisesMessage(UserError, "what the sales team should offer"):
            wizard.action_confirm()
        wizard.name = "x" * 500
        with self.assertRaisesMessage(UserError, "keep it under"):
            wizard.action_confirm()
        with self.assertRaises(ValidationError):
            self.env["service.crm.recommendation"].with_user(self.tech_user_a).create(
                {"order_id": "not an id", "name": "A"}
            )
        self.order_b.action_cancel()
        with self.assertRaisesMessage(UserError, "cancelled"):
            self.order_b.with_user(self.dispatcher).action_recommend_to_sales()
        self.assertFalse(self._opportunities(self.order | self.order_b))

    def test_technician_cannot_set_the_links_by_hand(self):
        with self.assertRaises(AccessError):
            self.order.with_user(self.tech_user_a).write({"lead_id": self.lead.id})
        # a salesman cannot point an opportunity at an order he cannot see
        with self.assertRaises(AccessError):
            self.lead.with_user(self.sales_dispatcher).write(
                {"service_order_id": 999999999}
            )

    def test_order_of_another_company(self):
        type_b = self.env["service.order.type"].create(
            {"name": "B repair", "company_id": self.company2.id}
        )
        customer_b = self.env["res.partner"].create(
            {"name": "B customer", "company_id": self.company2.id}
        )
        team_b = self.env["crm.team"].create(
            {"name": "B sales", "company_id": self.company2.id}
        )
        order_b = self.env["service.order"].create(
            {
                "partner_id": customer_b.id,
                "order_type_id": type_b.id,
                "company_id": self.company2.id,
            }
        )
        # a dispatcher of company A does not reach company B's order
        with self.assertRaises(AccessError):
            order_b.with_user(self.dispatcher).action_recommend_to_sales()
        dispatcher_b = new_test_user(
            self.env,
            "crm_dispatcher_b",
            groups="service_order.group_service_dispatcher",
            company_id=self.company2.id,
            company_ids=[Command.set(self.company2.ids)],
        )
        self._recommend(dispatcher_b, order_b, name="B upsell")
        lead = self._opportunities(order_b)
        self.assertEqual(lead.company_id, self.company2)
        self.assertEqual(lead.team_id, team_b)
        self.assertFalse(self._opportunities(self.order))

    def test_technician_corrects_the_contact_email(self):
        self.order.with_user(self.tech_user_a).contact_email = "site@bakery.example.com"
        self.assertEqual(self.order.contact_email, "site@bakery.example.com")

"""Defects found by the review of service_crm (issue 11 follow-up): each test
failed before its fix."""

from odoo import Command
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user

from .common import ServiceCrmCase


@tagged("post_install", "-at_install")
class TestLeadToOrderFixes(ServiceCrmCase):
    def _orders_of(self, lead):
        return self.env["service.order"].search([("lead_id", "=", lead.id)])

    def test_default_type_is_not_the_emergency(self):
        # an emergency type first by sequence, as in the demo data
        self.env["service.order.type"].create(
            {"name": "Test emergency", "sequence": -1000, "default_priority": "3"}
        )
        self.env["service.order.type"].create(
            {"name": "Test callback", "sequence": -2000, "is_callback": True}
        )
        lead = self.lead.with_user(self.sales_dispatcher)
        action = lead.action_create_service_order()
        order = self._orders_of(self.lead)
        self.assertEqual(order.order_type_id, self.plain_type)
        self.assertEqual(order.order_type_id.default_priority, "0")
        # the order opens in its form, where the dispatcher changes the type
        self.assertEqual((action["res_id"], action["view_mode"]), (order.id, "form"))
        with Form(order.with_user(self.sales_dispatcher)) as form:
            form.order_type_id = self.order_type
        self.assertEqual(order.order_type_id, self.order_type)

    def test_type_flagged_default_for_crm(self):
        self.order_type.is_crm_default = True
        self.lead.with_user(self.sales_dispatcher).action_create_service_order()
        self.assertEqual(self._orders_of(self.lead).order_type_id, self.order_type)

    def test_client_defaults_do_not_reach_the_order(self):
        self.lead.with_user(self.sales_dispatcher).with_context(
            default_technician_id=self.tech_a.id,
            default_priority="3",
            default_state="done",
        ).action_create_service_order()
        order = self._orders_of(self.lead)
        self.assertFalse(order.technician_id)
        self.assertEqual(order.state, "new")
        self.assertEqual(order.priority, self.plain_type.default_priority)

    def test_second_order_from_the_same_lead_is_refused(self):
        lead = self.lead.with_user(self.sales_dispatcher)
        lead.action_create_service_order()
        order = self._orders_of(self.lead)
        with self.assertRaisesMessage(UserError, order.name):
            lead.action_create_service_order()
        self.assertEqual(self._orders_of(self.lead), order)
        # the lead's smart button opens it
        self.assertEqual(
            self.env["service.order"].search(
                lead.action_view_service_orders()["domain"]
            ),
            order,
        )
        # once it is closed, a new visit may be planned from the lead
        order.action_cancel()
        lead.action_create_service_order()
        self.assertEqual(len(self._orders_of(self.lead)), 2)

    def test_dispatcher_without_email_creates_the_order(self):
        self.sales_dispatcher.partner_id.email = False
        self.company.email = "office@contractor.example.com"
        self.lead.with_user(self.sales_dispatcher).with_context(
            tracking_disable=False, mail_create_nolog=False, mail_notrack=False
        ).action_create_service_order()
        order = self._orders_of(self.lead)
        self.assertEqual(len(order), 1)
        note = self.lead.message_ids.filtered(lambda m: order.name in (m.body or ""))
        self.assertEqual(note.author_id, self.sales_dispatcher.partner_id)
        self.assertIn("office@contractor.example.com", note.email_from)

    def test_salesman_cannot_write_the_recommendation_links(self):
        order = self._create_order()
        for user in (self.salesman, self.sales_dispatcher):
            lead = self.lead.with_user(user)
            for vals in (
                {"service_recommendation_kind": "replacement"},
                {"service_recommendation_kind": False},
                {"service_order_id": order.id},
            ):
                with self.subTest(user=user.name, vals=vals):
                    with self.assertRaises(AccessError):
                        lead.write(vals)
                    with self.assertRaises(AccessError):
                        self.env["crm.lead"].with_user(user).create(
                            dict(vals, name="Fake recommendation")
                        )
        self.assertFalse(self.lead.service_recommendation_kind)
        self.assertFalse(self.lead.service_order_id)
        self.assertFalse(
            self.env["crm.lead"].search([("name", "=", "Fake recommendation")])
        )

    def test_garbage_ids_are_refused(self):
        Partner = self.env["res.partner"].with_user(self.dispatcher)
        for ids in ([[47]], [{}], [None], "47", [True]):
            with self.subTest(ids=ids), self.assertRaises(ValidationError):
                Partner.browse(ids).action_view_service_orders()
        missing = 999999999
        with self.assertRaises(MissingError):
            Partner.browse(missing).action_view_service_orders()
        for method in (
            "action_view_service_open_orders",
            "action_view_service_callbacks",
        ):
            with self.subTest(method=method), self.assertRaises(MissingError):
                getattr(Partner.browse(missing), method)()
        with self.assertRaises(MissingError):
            self.env["crm.lead"].with_user(self.sales_dispatcher).browse(
                missing
            ).action_create_service_order()
        Order = self.env["service.order"].with_user(self.dispatcher)
        for ids in ([0], [-1], [missing]):
            with self.subTest(ids=ids), self.assertRaises(UserError):
                Order.browse(ids).action_recommend_to_sales()
            with self.subTest(ids=ids), self.assertRaises(UserError):
                Order.browse(ids).with_user(self.salesman).action_view_opportunities()
        # a real partner still works
        action = Partner.browse(self.customer.id).action_view_service_orders()
        self.assertEqual(action["res_model"], "service.order")


@tagged("post_install", "-at_install")
class TestRecommendationFixes(ServiceCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(**cls._planned_values())
        cls.order_b = cls._create_order(
            **cls._planned_values(technician_id=cls.tech_b.id)
        )
        type_b = cls.env["service.order.type"].create(
            {"name": "B repair", "company_id": cls.company2.id}
        )
        customer_b = cls.env["res.partner"].create(
            {"name": "B secret customer", "company_id": cls.company2.id}
        )
        cls.order_company_b = cls.env["service.order"].create(
            {
                "partner_id": customer_b.id,
                "order_type_id": type_b.id,
                "company_id": cls.company2.id,
            }
        )
        cls.Wizard = cls.env["service.crm.recommendation"]

    def _opportunities(self, order):
        return self.env["crm.lead"].search([("service_order_id", "in", order.ids)])

    def test_hidden_orders_are_refused_at_create(self):
        Wizard = self.Wizard.with_user(self.tech_user_a)
        count = self.Wizard.search_count([])
        for order in (self.order_b, self.order_company_b):
            with self.subTest(order=order.name):
                with self.assertRaises(AccessError):
                    Wizard.create({"order_id": order.id, "name": "Peek"})
                # nor read through a wizard being edited
                with self.assertRaises(AccessError):
                    Wizard.new({"order_id": order.id}).partner_id.name  # noqa: B018
        self.assertEqual(self.Wizard.search_count([]), count)
        # nor by moving a wizard of his own order to another order
        wizard = Wizard.create({"order_id": self.order.id, "name": "Valve"})
        with self.assertRaises(AccessError):
            wizard.write({"order_id": self.order_b.id})
        self.assertEqual(wizard.order_id, self.order)
        self.assertEqual(wizard.partner_id, self.customer)
        self.assertFalse(self._opportunities(self.order_b | self.order_company_b))

    def test_a_recommendation_form_is_its_authors(self):
        wizard = self.Wizard.with_user(self.tech_user_a).create(
            {"order_id": self.order.id, "name": "Draft note on the valve"}
        )
        for user in (self.tech_user_b, self.dispatcher):
            with self.subTest(user=user.login):
                Wizard = self.Wizard.with_user(user)
                self.assertFalse(Wizard.search([("id", "=", wizard.id)]))
                with self.assertRaises(AccessError):
                    Wizard.browse(wizard.id).read(["name", "note"])
                with self.assertRaises(AccessError):
                    Wizard.browse(wizard.id).action_confirm()
        self.assertFalse(self._opportunities(self.order))

    def test_a_wizard_gives_one_opportunity(self):
        wizard = self.Wizard.with_user(self.tech_user_a).create(
            {"order_id": self.order.id, "name": "New compressor"}
        )
        wizard.action_confirm()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.sudo().lead_id, self._opportunities(self.order))
        for _attempt in range(2):
            with self.assertRaisesMessage(UserError, "already sent"):
                wizard.action_confirm()
        self.assertEqual(len(self._opportunities(self.order)), 1)
        # the client cannot reset it
        with self.assertRaises(AccessError):
            wizard.write({"state": "draft"})
        with self.assertRaises(AccessError):
            self.Wizard.with_user(self.tech_user_a).create(
                {"order_id": self.order.id, "name": "X", "state": "done"}
            )
        self.assertEqual(wizard.state, "done")

    def test_technician_without_email_recommends(self):
        self.tech_user_a.partner_id.email = False
        self.company.email = "office@contractor.example.com"
        # with mail on (the chatter note is what needed the e-mail address)
        wizard = (
            self.Wizard.with_user(self.tech_user_a)
            .with_context(
                tracking_disable=False, mail_create_nolog=False, mail_notrack=False
            )
            .create({"order_id": self.order.id, "name": "New fan"})
        )
        wizard.action_confirm()
        lead = self._opportunities(self.order)
        self.assertEqual(len(lead), 1)
        note = self.order.message_ids.filtered(
            lambda m: "Recommended to sales" in (m.body or "")
        )
        self.assertEqual(note.author_id, self.tech_user_a.partner_id)
        self.assertIn("office@contractor.example.com", note.email_from)

    def test_opportunity_needs_no_iap_enrichment(self):
        self.Wizard.with_user(self.tech_user_a).create(
            {"order_id": self.order.id, "name": "New fan"}
        ).action_confirm()
        lead = self._opportunities(self.order)
        if "iap_enrich_done" in lead._fields:
            self.assertTrue(lead.iap_enrich_done)

    def test_dispatcher_of_both_companies(self):
        dispatcher = new_test_user(
            self.env,
            "crm_fix_dispatcher_ab",
            groups="service_order.group_service_dispatcher",
            company_id=self.company.id,
            company_ids=[Command.set((self.company | self.company2).ids)],
        )
        wizard = (
            self.Wizard.with_user(dispatcher)
            .with_context(allowed_company_ids=[self.company2.id, self.company.id])
            .create({"order_id": self.order_company_b.id, "name": "B upsell"})
        )
        self.assertEqual(wizard.partner_id.name, "B secret customer")

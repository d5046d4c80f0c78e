from odoo.tests import HttpCase, new_test_user, tagged

from .common import DISPATCHER_GROUP, TECH_GROUP


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


@tagged("post_install", "-at_install")
class TestLandingApp(HttpCase):
    """After login, suite users land in Field Service, not in Discuss."""

    def _home_action(self, login):
        self.authenticate(login, login)
        response = self.url_open(
            "/web/session/get_session_info",
            data="{}",
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]["home_action_id"]

    def test_home_action_per_group(self):
        new_test_user(self.env, "landing_tech", groups=TECH_GROUP)
        new_test_user(self.env, "landing_dispatcher", groups=DISPATCHER_GROUP)
        new_test_user(self.env, "landing_user", groups="base.group_user")
        # service_mobile (when installed) sends technicians to My Day instead
        tech_home = self.env.ref(
            "service_mobile.action_my_day", raise_if_not_found=False
        ) or self.env.ref("service_order.service_order_action_my")
        self.assertEqual(self._home_action("landing_tech"), tech_home.id)
        self.assertEqual(
            self._home_action("landing_dispatcher"),
            self.env.ref("service_order.service_order_action").id,
        )
        self.assertFalse(self._home_action("landing_user"))
        # a home action the user chose himself wins
        own = self.env.ref("service_order.service_order_action_calendar")
        self.env["res.users"].search(
            [("login", "=", "landing_tech")]
        ).action_id = own.id
        self.assertEqual(self._home_action("landing_tech"), own.id)


@tagged("post_install", "-at_install")
class TestIntakeKeyboardTour(HttpCase):
    """A new caller's call taken with the keyboard alone (issue 11 review)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, "tour_phone_dispatcher", groups=DISPATCHER_GROUP)
        cls.order_type = cls.env["service.order.type"].create(
            {"name": "Keyboard Repair", "default_duration": 1.0}
        )

    def test_new_caller_call_with_the_keyboard_alone(self):
        Partner = self.env["res.partner"]
        self.assertFalse(Partner.search([("name", "=", "Keyboard Bakery")]))
        self.start_tour(
            "/odoo/action-service_order.service_order_action",
            "service_intake_keyboard_tour",
            login="tour_phone_dispatcher",
        )
        caller = Partner.search([("name", "=", "Keyboard Bakery")])
        self.assertEqual(len(caller), 1)
        self.assertEqual(caller.phone, "0470 99 88 77")
        site = caller.child_ids
        self.assertEqual(site.name, "Rue du Clavier 5, Ghent")
        self.assertEqual(
            (site.street, site.zip, site.city), ("Rue du Clavier 5", "9000", "Ghent")
        )
        order = self.env["service.order"].search([("partner_id", "=", caller.id)])
        # one order: Enter in the fields saved nothing on the way
        self.assertEqual(len(order), 1)
        self.assertEqual(order.site_id, site)
        self.assertEqual(order.order_type_id, self.order_type)
        self.assertEqual(order.channel, "phone")
        self.assertIn("Cold room is warm", order.description)

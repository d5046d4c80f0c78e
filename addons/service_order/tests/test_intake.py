"""Phone intake (issue 11): the office takes a call in one dialog, as the
dispatcher who does it."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import new_test_user
from odoo.tools import escape_psql

from ..wizards.service_intake import phone_digits, site_name
from .common import ServiceOrderCase

# Friday 2026-01-09 15:00 UTC (the common calendar: Mon 12th is a holiday)
FRIDAY_3PM = datetime(2026, 1, 9, 15, 0)

# queries of one site summary (with service_asset and service_contract
# installed), never more with more orders on the site
SUMMARY_BUDGET = 12


@tagged("post_install", "-at_install")
class TestIntake(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.phone = "+32 2 555 01 23"
        cls.Intake = cls.env["service.intake"].with_user(cls.dispatcher)

    def _form(self, query=None):
        form = Form(self.Intake)
        if query is not None:
            form.caller_query = query
        return form

    def _done_order(self, days_ago, site=None):
        """An order completed ``days_ago`` days before FRIDAY_3PM."""
        done_at = FRIDAY_3PM - timedelta(days=days_ago)
        order = self._create_order(
            site_id=(site or self.site).id,
            **self._planned_values(
                date_scheduled_start=done_at - timedelta(hours=2),
                date_scheduled_end=done_at - timedelta(hours=1),
            ),
        )
        order.action_schedule()
        order.action_dispatch()
        with freeze_time(done_at - timedelta(hours=2)):
            order.with_user(self.tech_user_a).action_start()
        with freeze_time(done_at):
            order.with_user(self.tech_user_a).action_complete()
        self.assertEqual(order.state, "done")
        return order

    # ------------------------------------------------------------------
    # Finding the caller
    # ------------------------------------------------------------------
    def test_phone_digits(self):
        self.assertEqual(phone_digits("+32 2 555 01 23"), "25550123")
        self.assertEqual(phone_digits("02/555.01.23"), "25550123")
        self.assertEqual(phone_digits("0123"), "123")
        self.assertEqual(phone_digits("12"), "")
        self.assertEqual(phone_digits("Bakery 12"), "")
        self.assertEqual(phone_digits(None), "")

    def test_caller_found_by_phone_in_any_format_or_by_name(self):
        for query in ("+32 2 555 01 23", "02 555 01 23", "0255501 23", "2555 0123"):
            with self.subTest(query=query):
                form = self._form(query)
                self.assertEqual(form.partner_id, self.customer)
                # the customer's delivery address is the site
                self.assertEqual(form.site_id, self.site)
        form = self._form("cool air")
        self.assertEqual(form.partner_id, self.customer)
        # found by the site's own phone: that site, for its customer
        self.site.phone = "0499 12 34 56"
        form = self._form("499123456")
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.site_id, self.site)

    def test_several_matches_are_listed_not_picked(self):
        twin = self.env["res.partner"].create(
            {"name": "Cool Air Annex", "phone": "+32 2 555 99 23"}
        )
        form = self._form("cool air")
        self.assertFalse(form.partner_id)
        self.assertGreaterEqual(form.match_count, 2)
        self.assertEqual(form.candidate_ids[:], self.customer | twin)
        form.partner_id = twin
        self.assertEqual(form.site_id, twin)
        # the customer, his own site and contact match: the customer, picked
        nadia = self.env["res.partner"].create(
            {"name": "Nadjeschda", "type": "contact", "parent_id": self.customer.id}
        )
        form.caller_query = "Cool Air Bakery"
        self.assertIn(nadia, form.candidate_ids[:])
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.site_id, self.site)
        # the contact by her own name
        form.caller_query = "nadjeschda"
        self.assertEqual(form.partner_id, nadia)

    def test_caller_of_another_company_is_not_found(self):
        self.env["res.partner"].create(
            {
                "name": "Foreign Bakery",
                "phone": "+33 1 777 88 99",
                "company_id": self.company2.id,
            }
        )
        self.dispatcher.write(
            {"company_ids": [(4, self.company2.id)], "company_id": self.company.id}
        )
        form = self._form("01 777 88 99")
        self.assertFalse(form.partner_id)
        self.assertEqual(form.match_count, 0)
        form.caller_query = "Foreign Bakery"
        self.assertEqual(form.match_count, 0)

    # ------------------------------------------------------------------
    # Hints: duplicate and callback
    # ------------------------------------------------------------------
    def test_duplicate_hint_open_order_on_the_site(self):
        form = self._form("555 01 23")
        self.assertFalse(form.duplicate_warning)
        order = self._create_order(site_id=self.site.id, description="Leak")
        form = self._form("555 01 23")
        self.assertIn(order.name, form.duplicate_warning)
        self.assertEqual(form.save().open_order_ids, order)
        self.assertIn(order.name, form.summary_html)
        # another site of the same customer: no duplicate
        other_site = self.env["res.partner"].create(
            {"name": "Bakery depot", "type": "delivery", "parent_id": self.customer.id}
        )
        form.site_id = other_site
        self.assertFalse(form.duplicate_warning)

    def test_callback_hint_done_order_on_the_site_within_the_window(self):
        old = self._done_order(days_ago=45)
        with freeze_time(FRIDAY_3PM):
            form = self._form("555 01 23")
            self.assertFalse(form.callback_of_id)
            self.assertFalse(form.callback_warning)
            self.assertIn(old.name, form.summary_html)
        recent = self._done_order(days_ago=6)
        with freeze_time(FRIDAY_3PM):
            form = self._form("555 01 23")
            self.assertEqual(form.callback_of_id, recent)
            self.assertIn(recent.name, form.callback_warning)
            # a wider window does not change the most recent visit
            form.callback_days = 60
            self.assertEqual(form.callback_of_id, recent)
            form.callback_days = 3
            self.assertFalse(form.callback_of_id)
            form.callback_days = 30
            form.order_type_id = self.plain_type
            form.description = "Still leaking"
            wizard = form.save()
            action = wizard.action_save()
        order = self.env["service.order"].browse(action["res_id"])
        self.assertEqual(order.callback_of_id, recent)
        self.assertEqual(order.channel, "phone")
        self.assertEqual(recent.callback_count, 1)

    # ------------------------------------------------------------------
    # SLA preview
    # ------------------------------------------------------------------
    def test_sla_preview_equals_the_saved_order(self):
        with freeze_time(FRIDAY_3PM):
            form = self._form("555 01 23")
            self.assertFalse(form.response_deadline)
            form.order_type_id = self.order_type
            # the type's default priority (High) has the policy
            self.assertEqual(form.priority, "2")
            self.assertEqual(form.response_deadline, datetime(2026, 1, 13, 10, 0))
            self.assertEqual(form.resolution_deadline, datetime(2026, 1, 14, 15, 0))
            self.assertFalse(form.sla_note)
            form.description = "No cooling"
            wizard = form.save()
            preview = (wizard.response_deadline, wizard.resolution_deadline)
        with freeze_time(FRIDAY_3PM + timedelta(minutes=3)):
            action = wizard.action_save()
        order = self.env["service.order"].browse(action["res_id"])
        self.assertEqual((order.response_deadline, order.resolution_deadline), preview)
        self.assertEqual(order.date_received, FRIDAY_3PM)
        self.assertEqual(order.priority, "2")
        # another priority: another policy, the same answer as the order's
        with freeze_time(FRIDAY_3PM):
            form = self._form("555 01 23")
            form.order_type_id = self.order_type
            form.priority = "0"
            form.description = "Low"
            wizard = form.save()
            preview = (wizard.response_deadline, wizard.resolution_deadline)
            order = self.env["service.order"].browse(wizard.action_save()["res_id"])
        self.assertEqual((order.response_deadline, order.resolution_deadline), preview)
        # no policy at all: the preview says so
        self.env["service.sla.policy"].search([("order_type_id", "=", False)]).unlink()
        form = self._form("555 01 23")
        form.order_type_id = self.plain_type
        self.assertFalse(form.resolution_deadline)
        self.assertTrue(form.sla_note)

    # ------------------------------------------------------------------
    # A new caller and a new site, in place
    # ------------------------------------------------------------------
    def test_new_caller_and_site_created_in_place(self):
        form = self._form("0470 11 22 33")
        self.assertFalse(form.partner_id)
        self.assertEqual(form.new_caller_phone, "0470 11 22 33")
        form.new_caller_name = "Ice Cream Corner"
        form.new_caller_is_company = True
        form.new_site_street = "Place du Jeu de Balle 3"
        form.new_site_city = "Brussels"
        wizard = form.save()
        action = wizard.action_create_caller()
        self.assertEqual(action["res_id"], wizard.id)
        caller = wizard.partner_id
        self.assertEqual(caller.name, "Ice Cream Corner")
        self.assertEqual(caller.phone, "0470 11 22 33")
        self.assertEqual(caller.company_id, self.company)
        site = wizard.site_id
        self.assertEqual(site.parent_id, caller)
        self.assertEqual(site.type, "delivery")
        self.assertEqual(site.street, "Place du Jeu de Balle 3")
        # the new caller is found again by his number
        self.assertEqual(self._form("470112233").partner_id, caller)
        # a second site for the same caller, then the order on it
        wizard.write({"new_site_street": "Rue Blaes 10"})
        wizard.action_add_site()
        self.assertEqual(wizard.site_id.street, "Rue Blaes 10")
        self.assertEqual(wizard.site_id.parent_id, caller)
        wizard.write({"order_type_id": self.plain_type.id, "description": "Freezer"})
        order = self.env["service.order"].browse(wizard.action_save()["res_id"])
        self.assertEqual(order.partner_id, caller)
        self.assertEqual(order.site_id.street, "Rue Blaes 10")
        self.assertIn("Freezer", order.description)

    def test_new_caller_saved_directly_with_the_order(self):
        form = self._form("0470 55 66 77")
        form.new_caller_name = "Walk-in Florist"
        form.order_type_id = self.plain_type
        form.description = "Cold room"
        order = self.env["service.order"].browse(form.save().action_save()["res_id"])
        self.assertEqual(order.partner_id.name, "Walk-in Florist")
        self.assertEqual(order.partner_id.phone, "0470 55 66 77")
        self.assertEqual(order.user_id, self.dispatcher)

    # ------------------------------------------------------------------
    # Bad input: a clear error, nothing created
    # ------------------------------------------------------------------
    def test_bad_input_clear_error_nothing_created(self):
        Partner = self.env["res.partner"]
        Order = self.env["service.order"]
        partners_before = Partner.search_count([])
        orders_before = Order.search_count([])
        cases = [
            ({}, "Choose the caller"),
            (
                {"new_caller_name": "Nobody", "order_type_id": self.plain_type.id},
                "Describe",
            ),
            (
                {
                    "new_caller_name": "Nobody",
                    "description": "x",
                    "order_type_id": self.plain_type.id,
                    "new_site_city": "Ghent",
                },
                "needs at least a street",
            ),
            (
                {"partner_id": self.customer.id, "description": "  "},
                "type of the order",
            ),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                wizard = self.Intake.create(values)
                with self.assertRaisesMessage(UserError, message):
                    wizard.action_save_and_plan()
        wizard = self.Intake.create({})
        with self.assertRaisesMessage(UserError, "new caller's name"):
            wizard.action_create_caller()
        with self.assertRaisesMessage(UserError, "Choose or create the caller"):
            wizard.action_add_site()
        self.assertEqual(Partner.search_count([]), partners_before)
        self.assertEqual(Order.search_count([]), orders_before)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_technician_cannot_take_calls_dispatcher_can(self):
        Intake = self.env["service.intake"]
        outsider = new_test_user(
            self.env, "no_service_rights", groups="base.group_user"
        )
        for user in (self.tech_user_a, outsider):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Intake.with_user(user).create({"caller_query": "555"})
                with self.assertRaises(AccessError):
                    Intake.with_user(user).default_get(["caller_query"])
        wizard = self.Intake.create({"caller_query": "555 01 23"})
        self.assertEqual(wizard.partner_id, self.customer)
        # a forged context unlocks nothing
        forged = Intake.with_user(self.tech_user_a).with_context(
            is_dispatcher=True, force_dispatch=True
        )
        with self.assertRaises(AccessError):
            forged.create({})
        # the technician cannot run another dispatcher's call either
        with self.assertRaises(AccessError):
            wizard.with_user(self.tech_user_a).action_save_and_plan()
        # nor can another dispatcher see this one's call
        other = new_test_user(
            self.env, "dispatcher_2", groups="service_order.group_service_dispatcher"
        )
        with self.assertRaises(AccessError):
            wizard.with_user(other).read(["caller_query"])
        # the menu is the office's
        menu = self.env.ref("service_order.menu_service_intake")
        self.assertTrue(menu.with_user(self.dispatcher)._filter_visible_menus())
        self.assertFalse(menu.with_user(self.tech_user_a)._filter_visible_menus())

    def test_save_and_plan_without_dispatch_opens_the_order(self):
        wizard = self.Intake.create(
            {
                "partner_id": self.customer.id,
                "order_type_id": self.plain_type.id,
                "description": "Noise",
            }
        )
        # the core's answer (service_dispatch overrides it with the suggestions)
        order = wizard._save_order()
        action = self.env["service.intake"]._get_intake_next_action(order, plan=False)
        self.assertEqual(action["res_model"], "service.order")
        self.assertEqual(action["res_id"], order.id)
        self.assertEqual(order.channel, "phone")
        self.assertEqual(order.site_id, self.site)

    # ------------------------------------------------------------------
    # Performance
    # ------------------------------------------------------------------
    def _summary_queries(self, wizard):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        summary = wizard._get_intake_site_summary()
        return self.cr.sql_log_count - start, summary

    def test_summary_queries_constant_10_vs_100_orders(self):
        wizard = self.Intake.create({"partner_id": self.customer.id})
        self.env["service.order"].create(
            [self._order_values(site_id=self.site.id) for _n in range(10)]
        )
        self._summary_queries(wizard)  # warm the rule caches
        q10, summary10 = self._summary_queries(wizard)
        self.assertEqual(summary10["open_count"], 10)
        self.env["service.order"].create(
            [self._order_values(site_id=self.site.id) for _n in range(90)]
        )
        q100, summary100 = self._summary_queries(wizard)
        self.assertEqual(summary100["open_count"], 100)
        self.assertEqual(len(summary100["open_orders"]), 5)
        self.assertEqual(q10, q100, f"{q10} queries at 10 orders, {q100} at 100")
        self.env.invalidate_all()
        with self.assertQueryCount(SUMMARY_BUDGET):
            wizard._get_intake_site_summary()

    # ------------------------------------------------------------------
    # Found by the review of the dialog (fresh context, as a dispatcher)
    # ------------------------------------------------------------------
    def test_call_time_is_the_dialog_opening_in_working_hours(self):
        opened = datetime(2026, 1, 13, 9, 0)
        with freeze_time(opened):
            form = self._form("555 01 23")
            form.order_type_id = self.order_type
            form.description = "No cooling"
            preview = (form.response_deadline, form.resolution_deadline)
        # the dispatcher saves seven minutes later
        with freeze_time(opened + timedelta(minutes=7)):
            wizard = form.save()
            order = self.env["service.order"].browse(wizard.action_save()["res_id"])
        self.assertEqual(order.date_received, opened)
        self.assertEqual((order.response_deadline, order.resolution_deadline), preview)

    def test_a_search_matching_nobody_drops_the_previous_customer(self):
        form = self._form("555 01 23")
        self.assertEqual(form.partner_id, self.customer)
        form.caller_query = "0488 12 12 12"
        self.assertFalse(form.partner_id)
        self.assertFalse(form.site_id)
        self.assertEqual(form.new_caller_phone, "0488 12 12 12")

    def test_callback_must_be_a_done_order_of_the_same_site(self):
        other_site = self.env["res.partner"].create(
            {
                "name": "Other Site",
                "type": "delivery",
                "parent_id": self.customer.id,
                "street": "Rue Haute 1",
                "city": "Brussels",
            }
        )
        elsewhere = self._done_order(days_ago=3, site=other_site)
        open_order = self._create_order()
        Order = self.env["service.order"]
        before = Order.search_count([])
        for callback in (elsewhere, open_order):
            with self.subTest(callback=callback.name):
                wizard = self.Intake.create(
                    {
                        "caller_query": "555 01 23",
                        "partner_id": self.customer.id,
                        "site_id": self.site.id,
                        "order_type_id": self.plain_type.id,
                        "description": "Leak",
                        "callback_of_id": callback.id,
                    }
                )
                with self.assertRaisesRegex(UserError, "callback of a done order"):
                    wizard.action_save()
        self.assertEqual(Order.search_count([]), before)
        # an id that does not exist: a clear message, no foreign-key error
        with self.assertRaisesRegex(ValidationError, "no record with id"):
            self.Intake.create({"description": "Leak", "callback_of_id": 99999999})

    # ------------------------------------------------------------------
    # The review's low findings (a dispatcher taking calls)
    # ------------------------------------------------------------------
    def test_no_caller_found_hint_and_the_caller_created_from_it(self):
        Partner = self.env["res.partner"]
        # a name that finds nobody: the hint, and the name is the new caller's
        form = self._form("Nobody Bakery")
        self.assertEqual(form.match_count, 0)
        self.assertIn("No caller found", form.no_match_hint)
        self.assertIn("Nobody Bakery", form.no_match_hint)
        self.assertEqual(form.new_caller_name, "Nobody Bakery")
        self.assertFalse(form.new_caller_phone)
        form.new_caller_phone = "0470 31 41 59"
        form.new_site_street = "Rue Neuve 1"
        wizard = form.save()
        wizard.action_create_caller()
        caller = wizard.partner_id
        self.assertEqual(caller.name, "Nobody Bakery")
        self.assertEqual(caller.phone, "0470 31 41 59")
        # found now: no hint, no new caller proposed
        form = self._form("Nobody Bakery")
        self.assertEqual(form.partner_id, caller)
        self.assertFalse(form.no_match_hint)
        self.assertFalse(form.new_caller_name)
        # a number that finds nobody: the hint names it, the number is his phone
        form = self._form("0488 77 66 55")
        self.assertIn("0488 77 66 55", form.no_match_hint)
        self.assertFalse(form.new_caller_name)
        self.assertEqual(form.new_caller_phone, "0488 77 66 55")
        # nothing typed yet, or too little to search: no hint
        self.assertFalse(self._form().no_match_hint)
        self.assertFalse(self._form("x").no_match_hint)
        # what is no name is not proposed as one
        for query in ("12", "%%", "99-"):
            with self.subTest(query=query):
                # whatever the database holds (a committed "Race tech 123…"
                # of the concurrency tests): nobody matches in this test
                literal = escape_psql(query)
                Partner.search(
                    [
                        "|",
                        ("complete_name", "ilike", literal),
                        ("phone", "ilike", literal),
                    ]
                ).action_archive()
                form = self._form(query)
                self.assertTrue(form.no_match_hint)
                self.assertFalse(form.new_caller_name)
        # several matches: a choice, not a new caller
        Partner.create({"name": "Cool Air Annex"})
        form = self._form("cool air")
        self.assertFalse(form.no_match_hint)
        self.assertFalse(form.new_caller_name)

    def test_percent_and_underscore_in_the_search_match_literally(self):
        Partner = self.env["res.partner"]
        percent = Partner.create({"name": "100% Fresh"})
        Partner.create({"name": "1000 Fresh"})
        underscore = Partner.create({"name": "Kaffee A_B"})
        Partner.create({"name": "Kaffee AxB"})
        mail = Partner.create({"name": "Mailer", "email": "ice_cream@example.com"})
        Partner.create({"name": "Mailer Two", "email": "iceXcream@example.com"})
        cases = [
            ("100% fresh", percent),
            ("a_b", underscore),
            ("ice_cream@", mail),
        ]
        for query, partner in cases:
            with self.subTest(query=query):
                form = self._form(query)
                self.assertEqual(form.match_ids[:], partner)
                self.assertEqual(form.partner_id, partner)
        # a lone wildcard finds nobody, not everybody
        self.assertEqual(self._form("%%").match_count, 0)
        self.assertEqual(self._form("__").match_count, 0)

    def test_messages_say_one_order_or_several_orders(self):
        first = self._create_order(site_id=self.site.id, description="Leak")
        form = self._form("555 01 23")
        self.assertEqual(
            form.duplicate_warning,
            f"An open order on this site already: {first.name}. "
            "Is this the same problem?",
        )
        second = self._create_order(site_id=self.site.id, description="Noise")
        form = self._form("555 01 23")
        self.assertTrue(form.duplicate_warning.startswith("2 open orders on"))
        self.assertIn(first.name, form.duplicate_warning)
        self.assertIn(second.name, form.duplicate_warning)
        # the most recent done order is the callback: the oldest first
        for days_ago, text in (
            (6, "6 days ago"),
            (1, "a day ago"),
            (0, "less than a day ago"),
        ):
            with self.subTest(days_ago=days_ago):
                done = self._done_order(days_ago=days_ago)
                with freeze_time(FRIDAY_3PM):
                    form = self._form("555 01 23")
                    form.callback_days = 30
                    self.assertEqual(form.callback_of_id, done)
                    self.assertEqual(
                        form.callback_warning,
                        f"{done.name} was completed on this site {text}: "
                        "is this a callback for it?",
                    )

    def test_new_sites_are_named_by_street_and_city(self):
        self.assertEqual(
            site_name(" Rue Blaes 10 ", " Brussels "), "Rue Blaes 10, Brussels"
        )
        self.assertEqual(site_name("Rue Blaes 10", False), "Rue Blaes 10")
        form = self._form("0470 11 22 44")
        form.new_caller_name = "Ice Cream Corner"
        form.new_site_street = "Place du Jeu de Balle 3"
        form.new_site_zip = "1000"
        form.new_site_city = "Brussels"
        wizard = form.save()
        wizard.action_create_caller()
        site = wizard.site_id
        self.assertEqual(site.name, "Place du Jeu de Balle 3, Brussels")
        self.assertEqual(
            site.display_name, "Ice Cream Corner, Place du Jeu de Balle 3, Brussels"
        )
        wizard.write({"new_site_street": "Rue Haute 7"})
        wizard.action_add_site()
        self.assertEqual(wizard.site_id.name, "Rue Haute 7")
        # the site picker lists them by that name
        sites = (
            self.env["res.partner"]
            .with_user(self.dispatcher)
            .name_search("Rue Haute", [("id", "child_of", wizard.partner_id.id)])
        )
        self.assertEqual(
            [name for _id, name in sites], ["Ice Cream Corner, Rue Haute 7"]
        )

    def test_callback_window_is_the_company_setting(self):
        company = self.env["res.company"].create({"name": "New Contractor"})
        self.assertEqual(company.service_callback_days, 30)
        # the manager sets it in the settings
        self.env["res.config.settings"].create({"service_callback_days": 10}).execute()
        self.assertEqual(self.company.service_callback_days, 10)
        with self.assertRaises(ValidationError):
            self.company.service_callback_days = 3651
        with self.assertRaises(ValidationError):
            self.company.service_callback_days = -1
        recent = self._done_order(days_ago=6)
        with freeze_time(FRIDAY_3PM):
            # the dialog takes the company's window
            form = self._form("555 01 23")
            self.assertEqual(form.callback_days, 10)
            self.assertEqual(form.callback_of_id, recent)
            self.company.service_callback_days = 5
            form = self._form("555 01 23")
            self.assertEqual(form.callback_days, 5)
            self.assertFalse(form.callback_of_id)
            self.assertFalse(form.callback_warning)
            # widened for this call only
            form.callback_days = 7
            self.assertEqual(form.callback_of_id, recent)
        self.assertEqual(self.company.service_callback_days, 5)
        # 0 turns the detection off
        self.company.service_callback_days = 0
        with freeze_time(FRIDAY_3PM):
            self.assertFalse(self._form("555 01 23").callback_of_id)

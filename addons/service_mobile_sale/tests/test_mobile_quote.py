from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from odoo.addons.service_mobile.tests.common import MobileCase
from odoo.addons.service_mobile.tests.test_tour_mobile import MobileTourCase

SALESMAN_GROUP = "sales_team.group_sale_salesman"


@tagged("post_install", "-at_install")
@freeze_time("2026-01-13 12:00:00")
class TestMobileQuote(MobileCase):
    def _quotes(self, order=None):
        return self.env["sale.order"].search(
            [("service_order_id", "=", (order or self.order).id)]
        )

    def _followups(self, order=None):
        return self.env["service.order"].search(
            [("followup_of_id", "=", (order or self.order).id)]
        )

    def _extra_work(self, payload, user=None):
        return self.apply(
            user or self.tech_user_a,
            self.action(self.order, "arrive", "2026-01-13 09:00:00"),
            self.action(self.order, "extra_work", payload=payload),
        )

    def test_quote_from_the_field(self):
        self.dispatcher.groups_id += self.env.ref(SALESMAN_GROUP)
        results = self._extra_work({"note": "  The duct leaks too  ", "quote": True})
        self.assertStatuses(results, "done", "done")
        quote = self._quotes()
        # a draft for the order's customer, for the responsible who sells
        self.assertEqual(len(quote), 1)
        self.assertEqual(quote.state, "draft")
        self.assertEqual(quote.partner_id, self.customer)
        self.assertEqual(quote.partner_shipping_id, self.site)
        self.assertEqual(quote.user_id, self.dispatcher)
        self.assertEqual(quote.service_description, "The duct leaks too")
        self.assertEqual(quote.order_line.display_type, "line_note")
        self.assertEqual(quote.activity_ids.user_id, self.dispatcher)
        # the technician sells nothing: he is neither salesperson nor follower
        self.assertNotIn(self.tech_user_a.partner_id, quote.message_partner_ids)
        # no follow-up until the customer accepts; then once
        self.assertFalse(self._followups())
        quote.action_confirm()
        followup = self._followups()
        self.assertEqual(len(followup), 1)
        self.assertIn("duct", followup.description)
        self.assertIn("duct", " ".join(self.order.message_ids.mapped("body")))

    def test_salesperson_fallbacks(self):
        # the responsible does not sell: the customer's salesperson
        seller = new_test_user(self.env, "ms_seller", groups=SALESMAN_GROUP)
        self.customer.user_id = seller
        self._extra_work({"note": "Second unit rusty", "quote": True})
        self.assertEqual(self._quotes().user_id, seller)
        self.assertEqual(self._quotes().activity_ids.user_id, seller)

    def test_nobody_sells(self):
        self._extra_work({"note": "Second unit rusty", "quote": True})
        quote = self._quotes()
        self.assertFalse(quote.user_id)
        self.assertFalse(quote.activity_ids)
        # the responsible dispatcher is told on the order
        activity = self.order.activity_ids.filtered(
            lambda act: quote.name in (act.summary or "")
        )
        self.assertEqual(activity.user_id, self.dispatcher)

    def test_bad_payloads_write_nothing(self):
        messages = len(self.order.message_ids)
        for payload in (
            {"note": "Leak", "quote": True, "followup": True},
            {"note": "Leak", "quote": "yes"},
            {"note": "  ", "quote": True},
        ):
            with self.subTest(payload=payload):
                results = self.apply(
                    self.tech_user_a,
                    self.action(self.order, "extra_work", payload=payload),
                )
                self.assertStatuses(results, "refused")
                self.assertTrue(results[0]["message"])
        self.assertFalse(self._quotes())
        self.assertFalse(self._followups())
        self.assertEqual(len(self.order.message_ids), messages)
        # a follow-up alone still works as before
        results = self._extra_work({"note": "Leak", "followup": True})
        self.assertStatuses(results, "done", "done")
        self.assertFalse(self._quotes())
        self.assertEqual(len(self._followups()), 1)

    def test_only_his_workable_orders(self):
        outsider = new_test_user(
            self.env, "ms_out", groups="service_order.group_service_technician"
        )
        self.env["hr.employee"].create(
            {"name": "Out", "user_id": outsider.id, "is_field_technician": True}
        )
        results = self.apply(
            outsider,
            self.action(self.order, "extra_work", payload={"note": "x", "quote": True}),
        )
        self.assertStatuses(results, "stale")
        self.order.action_cancel()
        results = self.apply(
            self.tech_user_a,
            self.action(self.order, "extra_work", payload={"note": "x", "quote": True}),
        )
        self.assertIn(results[0]["status"], ("refused", "stale"))
        self.assertFalse(self._quotes())


@tagged("post_install", "-at_install")
class TestQuoteTour(MobileTourCase):
    def test_quotation_asked_from_the_phone(self):
        order = self._dispatched_order("Quote Tour Hotel", 8, ["Check"])
        self.start_tour(
            "/odoo/my-day",
            "service_mobile_sale_quote_tour",
            login=self.tech_user.login,
        )
        quote = self.env["sale.order"].search([("service_order_id", "=", order.id)])
        self.assertEqual(len(quote), 1)
        self.assertEqual(quote.state, "draft")
        self.assertFalse(
            self.env["service.order"].search([("followup_of_id", "=", order.id)]),
            "a quotation, not a follow-up order yet",
        )

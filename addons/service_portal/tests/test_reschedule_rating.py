from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import as_portal_check, complete, local_input, setup_portal_data


@tagged("post_install", "-at_install")
class TestPortalReschedule(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        cls.activity_type = cls.env.ref("service_portal.mail_activity_type_reschedule")

    def _ask(self, order=None, **form):
        start = fields.Datetime.now().replace(second=0, microsecond=0) + timedelta(
            days=5
        )
        values = {
            "window_start": local_input(start),
            "window_end": local_input(start + timedelta(hours=2)),
            "note": "Mornings are better",
        }
        values.update(form)
        order = as_portal_check(order or self.order)
        return order._portal_request_reschedule(self.portal_user.partner_id, values)

    def test_request_makes_an_activity_and_moves_nothing(self):
        before = (
            self.order.date_scheduled_start,
            self.order.date_scheduled_end,
            self.order.state,
            self.order.technician_id,
        )
        self.assertEqual(self._ask(), {})
        activity = self.order.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.dispatcher)
        self.assertIn("Mornings are better", activity.note)
        self.assertIn("Paula Portal", activity.note)
        self.order.invalidate_recordset()
        self.assertEqual(
            (
                self.order.date_scheduled_start,
                self.order.date_scheduled_end,
                self.order.state,
                self.order.technician_id,
            ),
            before,
        )
        # the customer's request is in the chatter, by him
        message = self.order.message_ids.filtered(
            lambda m: m.author_id == self.portal_user.partner_id
        )
        self.assertTrue(message)

    def test_one_pending_request_at_a_time(self):
        self.assertEqual(self._ask(), {})
        errors = self._ask()
        self.assertRegex(errors["general"], "already with our dispatcher")
        self.assertEqual(len(self.order.activity_ids), 1)

    def test_order_without_responsible_goes_to_the_portal_dispatcher(self):
        self.order.user_id = False
        self.assertEqual(self._ask(), {})
        self.assertEqual(self.order.activity_ids.user_id, self.dispatcher)

    def test_bad_window_is_refused_without_activity(self):
        errors = self._ask(window_end="")
        self.assertIn("window", errors)
        errors = self._ask(
            window_start=local_input(fields.Datetime.now() - timedelta(days=2)),
            window_end=local_input(fields.Datetime.now() - timedelta(days=1)),
        )
        self.assertRegex(errors["window"], "past")
        self.assertFalse(self.order.activity_ids)

    def test_started_or_closed_orders_cannot_be_rescheduled(self):
        self.order.action_dispatch()
        self.order.action_start()
        errors = self._ask()
        self.assertRegex(errors["general"], "no longer be rescheduled")
        self.assertFalse(self.order.activity_ids)


@tagged("post_install", "-at_install")
class TestPortalRating(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)

    def _rate(self, score, feedback="", order=None):
        order = as_portal_check(order or self.order)
        return order._portal_rate(self.portal_user.partner_id, score, feedback)

    def test_only_a_done_order_is_rated(self):
        errors = self._rate("5")
        self.assertRegex(errors["general"], "completed visit")
        self.assertFalse(self.order.sudo().rating_ids)

    def test_rate_once_and_the_back_office_sees_it(self):
        complete(self.order)
        self.assertTrue(as_portal_check(self.order)._portal_can_rate())
        self.assertEqual(self._rate("4", "Friendly and quick"), {})
        self.order.invalidate_recordset()
        self.assertEqual(self.order.rating_last_value, 4)
        self.assertEqual(self.order.rating_count, 1)
        rating = self.order.rating_ids
        self.assertEqual(rating.partner_id, self.portal_user.partner_id)
        self.assertEqual(rating.feedback, "Friendly and quick")
        self.assertTrue(rating.consumed)
        # the dispatcher reads it on the order (KPI field, stored)
        seen = self.order.with_user(self.dispatcher)
        self.assertEqual(seen.rating_last_value, 4)
        self.assertEqual(
            self.env["service.order"]
            .with_user(self.dispatcher)
            .search_count([("rating_last_value", "=", 4), ("id", "=", self.order.id)]),
            1,
        )
        # once only
        errors = self._rate("1")
        self.assertRegex(errors["general"], "rated already")
        self.order.invalidate_recordset()
        self.assertEqual(self.order.rating_last_value, 4)
        self.assertEqual(len(self.order.rating_ids), 1)
        self.assertFalse(as_portal_check(self.order)._portal_can_rate())

    def test_bad_scores(self):
        complete(self.order)
        for bad in ("0", "6", "abc", "", "4.5", "-1", "99999999999"):
            with self.subTest(score=bad):
                errors = self._rate(bad)
                self.assertIn("rating", errors)
        self.assertFalse(self.order.rating_ids.filtered("consumed"))

    def test_ratings_smart_button(self):
        complete(self.order)
        self._rate("5")
        action = self.order.with_user(self.dispatcher).action_view_portal_ratings()
        self.assertEqual(
            self.env["rating.rating"].search(action["domain"]), self.order.rating_ids
        )

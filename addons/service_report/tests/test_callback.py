from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_kpi import ReportCase, at


@tagged("post_install", "-at_install")
class TestCallbackDetection(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.original = cls._done_order(at(5), at(5, 10), at(5, 12))
        cls.done_at = cls.original.date_done

    def _activities(self, orders):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "service.order"),
                ("res_id", "in", orders.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("service_report.mail_activity_type_callback").id,
                ),
            ]
        )

    def test_first_time_fix_on_completion(self):
        self.assertTrue(self.original.is_first_time_fix)
        open_order = self._new_order(at(1, month=3), site_id=self.site2.id)
        self.assertFalse(open_order.is_first_time_fix)

    def test_exactly_at_the_window_boundary(self):
        callback = self._new_order(
            self.done_at + timedelta(days=30), technician_id=self.tech_b.id
        )
        self.assertEqual(callback.callback_of_id, self.original)
        self.assertEqual(callback.callback_state, "detected")
        self.assertFalse(self.original.is_first_time_fix)
        # both technicians are told, each on the order he can read
        activities = self._activities(self.original | callback)
        self.assertEqual(
            {(a.res_id, a.user_id) for a in activities},
            {
                (self.original.id, self.tech_user_a),
                (callback.id, self.tech_user_b),
            },
        )

    def test_one_day_past_the_window(self):
        late = self._new_order(self.done_at + timedelta(days=31))
        self.assertFalse(late.callback_of_id)
        self.assertFalse(late.callback_state)
        self.assertTrue(self.original.is_first_time_fix)
        self.assertFalse(self._activities(self.original | late))

    def test_before_the_completion_is_no_callback(self):
        early = self._new_order(self.done_at - timedelta(hours=1))
        self.assertFalse(early.callback_of_id)

    def test_another_site_or_type(self):
        other_site = self._new_order(
            self.done_at + timedelta(days=2), site_id=self.site2.id
        )
        other_type = self._new_order(
            self.done_at + timedelta(days=2), order_type_id=self.signed_type.id
        )
        self.assertFalse(other_site.callback_of_id)
        self.assertFalse(other_type.callback_of_id)
        self.assertTrue(self.original.is_first_time_fix)

    def test_cancelled_original(self):
        cancelled = self._new_order(at(2, month=2), site_id=self.site2.id)
        cancelled.action_cancel()
        again = self._new_order(at(3, month=2), site_id=self.site2.id)
        self.assertFalse(again.callback_of_id)

    def test_window_of_the_type_and_off(self):
        self.plain_type.callback_days = 3
        later = self._new_order(self.done_at + timedelta(days=4))
        self.assertFalse(later.callback_of_id)
        self.plain_type.callback_days = 0
        self.company.service_callback_days = 0
        off = self._new_order(self.done_at + timedelta(days=1))
        self.assertFalse(off.callback_of_id)

    def test_longer_window_of_the_type_reaches_the_next_order(self):
        """The longest window of the types bounds the search; it is cached
        in the registry, and a type's new window clears it."""
        first = self._new_order(self.done_at + timedelta(days=45))
        self.assertFalse(first.callback_of_id, "past the company's 30 days")
        self.plain_type.callback_days = 60
        second = self._new_order(self.done_at + timedelta(days=45))
        self.assertEqual(second.callback_of_id, self.original)

    def test_other_company_is_no_callback(self):
        order_b = self.env["service.order"].create(
            {
                "partner_id": self.env["res.partner"]
                .create({"name": "B customer", "company_id": self.company2.id})
                .id,
                "order_type_id": self.plain_type.id,
                "company_id": self.company2.id,
                "date_received": self.done_at + timedelta(days=1),
            }
        )
        self.assertFalse(order_b.callback_of_id)

    def test_latest_completed_original_wins(self):
        second = self._done_order(at(8), at(8, 10), at(8, 12))
        # the second visit is itself a callback of the first
        self.assertEqual(second.callback_of_id, self.original)
        third = self._new_order(at(9))
        self.assertEqual(third.callback_of_id, second)

    def test_created_as_callback_is_confirmed(self):
        order = self._create_order(
            callback_of_id=self.original.id, site_id=self.site2.id
        )
        self.assertEqual(order.callback_state, "confirmed")
        self.assertFalse(self.original.is_first_time_fix)

    def test_create_callback_button(self):
        action = self.original.with_user(self.dispatcher).action_create_callback()
        order = self.env["service.order"].browse(action["res_id"])
        self.assertEqual(order.callback_of_id, self.original)
        self.assertEqual(order.callback_state, "confirmed")
        self.assertFalse(self.original.is_first_time_fix)
        # an open order: the plain form, its link checked on save
        open_order = self._new_order(at(6), site_id=self.site2.id)
        action = open_order.with_user(self.dispatcher).action_create_callback()
        self.assertNotIn("res_id", action)
        with self.assertRaisesMessage(UserError, "not completed"):
            self.env["service.order"].with_user(self.dispatcher).with_context(
                **action["context"]
            ).create({})
        with self.assertRaises(AccessError):
            self.original.with_user(self.tech_user_a).action_create_callback()

    def test_default_link_by_hand_is_reviewed(self):
        """The button's context sent by a client links for review only."""
        order = (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .with_context(default_callback_of_id=self.original.id)
            .create(self._order_values(site_id=self.site2.id))
        )
        self.assertEqual(order.callback_of_id, self.original)
        self.assertEqual(order.callback_state, "detected")
        self.assertTrue(self._activities(order | self.original))

    def test_first_time_fix_is_not_written_by_hand(self):
        callback = self._new_order(self.done_at + timedelta(days=1))
        self.assertFalse(self.original.is_first_time_fix)
        with self.assertRaisesMessage(UserError, "not written by hand"):
            self.original.with_user(self.dispatcher).write({"is_first_time_fix": True})
        with self.assertRaisesMessage(UserError, "not written by hand"):
            self.env["service.order"].with_user(self.dispatcher).create(
                self._order_values(is_first_time_fix=True)
            )
        self.assertFalse(self.original.is_first_time_fix)
        self.assertEqual(callback.callback_of_id, self.original)

    def test_hand_link_is_reviewed_and_checked(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        order = self._new_order(self.done_at + timedelta(days=2), site_id=self.site2.id)
        order.with_user(self.dispatcher).write({"callback_of_id": self.original.id})
        self.assertEqual(order.callback_state, "detected")
        self.assertFalse(order.callback_review_uid)
        self.assertTrue(self._activities(order | self.original))
        # cleared through the review only
        with self.assertRaisesMessage(UserError, "Review Callback"):
            order.with_user(self.dispatcher).write({"callback_of_id": False})
        # an original not completed, or completed after the reception
        open_order = self._new_order(at(6), site_id=self.site2.id)
        other = self._new_order(at(6, 11), site_id=self.site2.id)
        with self.assertRaisesMessage(UserError, "not completed"):
            other.with_user(self.dispatcher).write({"callback_of_id": open_order.id})
        early = self._new_order(self.done_at - timedelta(days=1), site_id=self.site2.id)
        with self.assertRaisesMessage(UserError, "completed after"):
            early.with_user(self.dispatcher).write({"callback_of_id": self.original.id})
        with self.assertRaisesMessage(UserError, "completed after"):
            orders.create(
                self._order_values(
                    callback_of_id=self.original.id,
                    date_received=self.done_at - timedelta(days=1),
                )
            )
        with self.assertRaisesMessage(ValidationError, "no such service order"):
            other.with_user(self.dispatcher).write({"callback_of_id": 2147483647})
        self.assertFalse(other.callback_of_id | early.callback_of_id)
        # a closed order keeps its link
        second = self._done_order(at(8), at(8, 10), at(8, 12), site_id=self.site2.id)
        with self.assertRaisesMessage(UserError, "is closed"):
            second.with_user(self.dispatcher).write(
                {"callback_of_id": self.original.id}
            )
        self.assertFalse(second.callback_of_id)
        self.assertTrue(self.original.exists())

    def test_stamps_are_not_written_by_hand(self):
        callback = self._new_order(self.done_at + timedelta(days=1))
        for vals in (
            {"callback_state": "cleared"},
            {"quality_state": "passed"},
            {"callback_reason": "mine"},
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesMessage(UserError, "not written by hand"):
                    callback.with_user(self.dispatcher).write(vals)
        self.assertEqual(callback.callback_state, "detected")
        with self.assertRaisesMessage(UserError, "not written by hand"):
            self.env["service.order"].with_user(self.dispatcher).create(
                self._order_values(quality_state="passed")
            )

    def test_two_callbacks_of_one_original_in_a_batch(self):
        """Two orders created together on the completed order's site: both
        are its callbacks, and its technician gets one activity naming both
        (two would subscribe him twice to the order in one insert)."""
        callbacks = self.env["service.order"].create(
            [
                self._order_values(
                    date_received=self.done_at + timedelta(days=day),
                    technician_id=self.tech_b.id,
                )
                for day in (1, 2)
            ]
        )
        self.assertEqual(callbacks.callback_of_id, self.original)
        on_original = self._activities(self.original)
        self.assertEqual(on_original.user_id, self.tech_user_a)
        self.assertEqual(len(on_original), 1)
        for callback in callbacks:
            self.assertIn(callback.name, on_original.note)
        self.assertEqual(
            self.original.message_partner_ids & self.tech_user_a.partner_id,
            self.tech_user_a.partner_id,
        )
        self.assertEqual(len(self._activities(callbacks)), 2)

    def test_batch_detection_in_constant_queries(self):
        """create(vals_list) of callbacks for 10 or 100 originals: the same
        number of queries."""
        counts = []
        for size, day in ((5, 2), (10, 10), (100, 20)):  # the first warms up
            sites = self.env["res.partner"].create(
                [
                    {
                        "name": f"Site {size}-{i}",
                        "type": "delivery",
                        "parent_id": self.customer.id,
                    }
                    for i in range(size)
                ]
            )
            originals = self.env["service.order"]
            for site in sites:
                # plain records marked done by the lifecycle's own write
                originals |= self._create_order(site_id=site.id)
            originals._write_lifecycle(
                {"state": "done", "date_done": at(day, 8), "date_received": at(day, 7)}
            )
            self.env.flush_all()
            self.env.invalidate_all()
            vals_list = [
                self._order_values(
                    site_id=site.id,
                    technician_id=self.tech_b.id,
                    date_received=at(day, 9 + i % 5),
                )
                for i, site in enumerate(sites)
            ]
            before = self.env.cr.sql_log_count
            callbacks = self.env["service.order"].create(vals_list)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(callbacks.callback_of_id, originals)
            self.assertFalse(any(originals.mapped("is_first_time_fix")))
        self.assertEqual(counts[1], counts[2], f"queries 10 vs 100: {counts[1:]}")


@tagged("post_install", "-at_install")
class TestCallbackReview(ReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.original = cls._done_order(at(5), at(5, 10), at(5, 12))
        cls.callback = cls._new_order(at(7), technician_id=cls.tech_b.id)

    def _review(self, user, decision, reason="Same compressor fault"):
        wizard = (
            self.env["service.callback.review.wizard"]
            .with_user(user)
            .create(
                {"order_id": self.callback.id, "decision": decision, "reason": reason}
            )
        )
        return wizard.action_apply()

    def test_confirm(self):
        self._review(self.dispatcher, "confirm")
        self.assertEqual(self.callback.callback_state, "confirmed")
        self.assertEqual(self.callback.callback_review_uid, self.dispatcher)
        self.assertEqual(self.callback.callback_reason, "Same compressor fault")
        self.assertFalse(self.original.is_first_time_fix)
        self.assertFalse(
            self.callback.activity_ids.filtered(
                lambda a: a.activity_type_id.name == "Callback"
            )
        )

    def test_clear_restores_first_time_fix(self):
        self._review(self.dispatcher, "clear", "New fault: a broken door seal")
        self.assertEqual(self.callback.callback_state, "cleared")
        self.assertFalse(self.callback.callback_of_id)
        self.assertTrue(self.original.is_first_time_fix)
        self.assertIn("broken door seal", self.callback.message_ids[0].body)

    def test_review_action_on_missing_or_foreign_order(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        with self.assertRaisesMessage(UserError, "does not exist"):
            orders.browse(2147483647).action_review_callback()
        foreign = self._create_order(company_id=self.company2.id)
        with self.assertRaises(AccessError):
            orders.browse(foreign.id).action_review_callback()
        with self.assertRaises(AccessError):
            orders.browse(foreign.id).action_quality_check()
        action = self.callback.with_user(self.dispatcher).action_review_callback()
        self.assertEqual(action["context"]["default_order_id"], self.callback.id)

    def test_technician_cannot_review(self):
        with self.assertRaises(AccessError):
            self._review(self.tech_user_b, "clear")
        self.assertEqual(self.callback.callback_state, "detected")
        self.assertFalse(self.original.is_first_time_fix)
        with self.assertRaises(AccessError):
            self.callback.with_user(self.tech_user_b).action_review_callback()

    def test_reason_is_required(self):
        with self.assertRaisesMessage(UserError, "reason"):
            self._review(self.dispatcher, "clear", "   ")
        self.assertEqual(self.callback.callback_state, "detected")

    def test_not_a_callback(self):
        other = self._new_order(at(1, month=4), site_id=self.site2.id)
        wizard = (
            self.env["service.callback.review.wizard"]
            .with_user(self.dispatcher)
            .create({"order_id": other.id, "decision": "confirm", "reason": "x"})
        )
        with self.assertRaisesMessage(UserError, "not flagged"):
            wizard.action_apply()
        self.assertFalse(other.callback_state)

    def test_order_form_buttons(self):
        action = self.callback.with_user(self.dispatcher).action_review_callback()
        self.assertEqual(action["res_model"], "service.callback.review.wizard")
        self.assertEqual(action["context"]["default_order_id"], self.callback.id)

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.service_report.utils.sampling import is_sampled

from .common_kpi import ReportCase, at


@tagged("post_install", "-at_install")
class TestQualityChecks(ReportCase):
    def _quality_activities(self, orders):
        return orders.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("service_report.mail_activity_type_quality")
            )
        )

    def test_share_zero_checks_only_callbacks(self):
        original = self._done_order(at(5), at(5, 10), at(5, 12))
        self.assertFalse(original.quality_state)
        callback = self._done_order(at(6), at(6, 10), at(6, 12))
        self.assertEqual(callback.callback_of_id, original)
        self.assertEqual(callback.quality_state, "to_check")
        activity = self._quality_activities(callback)
        self.assertEqual(len(activity), 1)
        # the order's responsible follows the check up
        self.assertEqual(activity.user_id, callback.user_id)

    def test_full_share_of_the_type(self):
        self.plain_type.quality_share = 100
        orders = self._done_order(at(5), at(5, 10), at(5, 12), site_id=self.site2.id)
        self.assertEqual(orders.quality_state, "to_check")
        self.assertTrue(self._quality_activities(orders))

    def test_sample_follows_the_seed(self):
        self.plain_type.quality_share = 40
        orders = self.env["service.order"]
        sites = self.env["res.partner"].create(
            [
                {
                    "name": f"Q site {i}",
                    "type": "delivery",
                    "parent_id": self.customer.id,
                }
                for i in range(12)
            ]
        )
        for i, site in enumerate(sites):
            orders |= self._done_order(
                at(5 + i // 4, 8 + 2 * (i % 4)),
                at(5 + i // 4, 8 + 2 * (i % 4), 30),
                at(5 + i // 4, 9 + 2 * (i % 4)),
                site_id=site.id,
            )
        for order in orders:
            with self.subTest(order=order.name):
                expected = is_sampled(order.id, 7, 40)
                self.assertEqual(bool(order.quality_state), expected)

    def test_record_pass_and_fail(self):
        self.plain_type.quality_share = 100
        order = self._done_order(at(5), at(5, 10), at(5, 12))
        Wizard = self.env["service.quality.check.wizard"].with_user(self.dispatcher)
        with self.assertRaisesMessage(UserError, "what failed"):
            Wizard.create({"order_id": order.id, "result": "failed"}).action_apply()
        self.assertEqual(order.quality_state, "to_check")
        Wizard.create(
            {"order_id": order.id, "result": "failed", "notes": "Leak at the valve"}
        ).action_apply()
        self.assertEqual(order.quality_state, "failed")
        self.assertEqual(order.quality_notes, "Leak at the valve")
        self.assertEqual(order.quality_uid, self.dispatcher)
        self.assertTrue(order.quality_date)
        self.assertFalse(self._quality_activities(order))
        failed = self.env["service.order"].search([("quality_state", "=", "failed")])
        self.assertIn(order, failed)
        # a recorded result is not overwritten
        with self.assertRaisesMessage(UserError, "already recorded"):
            Wizard.create({"order_id": order.id, "result": "passed"}).action_apply()
        self.assertEqual(order.quality_state, "failed")
        self.assertEqual(order.quality_notes, "Leak at the valve")

    def test_unsampled_order_checked_on_purpose(self):
        order = self._done_order(at(5), at(5, 10), at(5, 12))
        self.assertFalse(order.quality_state)
        self.env["service.quality.check.wizard"].with_user(self.dispatcher).create(
            {"order_id": order.id, "result": "passed"}
        ).action_apply()
        self.assertEqual(order.quality_state, "passed")
        self.assertEqual(order.quality_uid, self.dispatcher)
        self.assertIn("Quality check Passed", order.message_ids[0].body)

    def test_only_completed_orders_and_dispatchers(self):
        self.plain_type.quality_share = 100
        order = self._done_order(at(5), at(5, 10), at(5, 12))
        with self.assertRaises(AccessError):
            self.env["service.quality.check.wizard"].with_user(self.tech_user_a).create(
                {"order_id": order.id, "result": "passed"}
            )
        with self.assertRaises(AccessError):
            order.with_user(self.tech_user_a).action_quality_check()
        self.assertEqual(order.quality_state, "to_check")
        open_order = self._new_order(at(1, month=3), site_id=self.site2.id)
        wizard = (
            self.env["service.quality.check.wizard"]
            .with_user(self.dispatcher)
            .create({"order_id": open_order.id, "result": "passed"})
        )
        with self.assertRaisesMessage(UserError, "not completed"):
            wizard.action_apply()
        self.assertFalse(open_order.quality_state)

    def test_technician_completes_a_sampled_order(self):
        """The technician completes his job; the check lands on the
        dispatcher's desk without the technician being able to read it."""
        self.plain_type.quality_share = 100
        order = self._create_order(**self._planned_values())
        order.action_schedule()
        order.action_dispatch()
        mine = order.with_user(self.tech_user_a)
        mine.action_start()
        mine.action_complete()
        self.assertEqual(order.quality_state, "to_check")
        self.assertTrue(self._quality_activities(order))

    def test_settings_bounds(self):
        with self.assertRaisesMessage(Exception, "between 0 and 100"):
            self.company.service_quality_share = 150
        with self.assertRaisesMessage(Exception, "finite"):
            self.plain_type.write({"quality_share": float("nan")})
        with self.assertRaisesMessage(Exception, "between 0"):
            self.plain_type.write({"quality_share": 101})
        with self.assertRaisesMessage(Exception, "callback window"):
            self.plain_type.write({"callback_days": -2})

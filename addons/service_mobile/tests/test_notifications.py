"""The technician is told when a job is assigned to him, moved or
cancelled: a live update of My Day over the bus, an e-mail if he wants one."""

import json
from datetime import datetime

from odoo.tests import tagged

from .common import MobileCase

DAY_CHANGED = "service_mobile/day_changed"


@tagged("post_install", "-at_install")
class TestNotifications(MobileCase):
    def _sent(self, user):
        """The day_changed messages of ``user`` sent at commit (run now)."""
        self.env.cr.precommit.run()
        notifications = (
            self.env["bus.bus"]
            .sudo()
            .search(
                [("channel", "like", f'"res.partner",{user.partner_id.id}]')],
                order="id",
            )
        )
        messages = []
        for notification in notifications:
            payload = json.loads(notification.message)
            if payload["type"] == DAY_CHANGED:
                messages.append(payload["payload"])
        return messages

    def setUp(self):
        super().setUp()
        self.env.cr.precommit.run()
        self.env["bus.bus"].sudo().search([]).unlink()

    def test_assigned_moved_cancelled(self):
        order = self.order.with_user(self.dispatcher)
        new = self._dispatched_order(start=datetime(2026, 1, 14, 9, 0), crew=False)
        self.env.cr.precommit.run()
        self.env["bus.bus"].sudo().search([]).unlink()
        # a booking made by a dispatcher
        new.with_user(self.dispatcher).crew_ids = [(4, self.tech_b.id)]
        self.assertEqual(
            self._sent(self.tech_user_b), [{"order_ids": new.ids, "reason": "assigned"}]
        )
        self.env["bus.bus"].sudo().search([]).unlink()
        order.date_scheduled_start = datetime(2026, 1, 13, 13, 0)
        for user in (self.tech_user_a, self.tech_user_b):
            self.assertEqual(
                self._sent(user), [{"order_ids": order.ids, "reason": "moved"}]
            )
        self.env["bus.bus"].sudo().search([]).unlink()
        order.action_cancel()
        self.assertEqual(
            self._sent(self.tech_user_a),
            [{"order_ids": order.ids, "reason": "cancelled"}],
        )

    def test_own_actions_are_silent(self):
        # what the technician does himself is no news to him
        order = self._dispatched_order(start=datetime(2026, 1, 16, 9, 0), crew=False)
        self.env.cr.precommit.run()
        self.env["bus.bus"].sudo().search([]).unlink()
        self.apply(self.tech_user_a, self.action(order, "start_travel"))
        self.assertFalse(self._sent(self.tech_user_a))

    def test_email_by_preference(self):
        Mail = self.env["mail.mail"].sudo()
        self.tech_user_b.partner_id.email = "bob@example.com"
        before = Mail.search([])
        self.order.with_user(self.dispatcher).date_scheduled_start = datetime(
            2026, 1, 13, 13, 0
        )
        self.env.cr.precommit.run()
        self.assertFalse(Mail.search([]) - before, "no e-mail unless asked for")
        # he asks for e-mails in his preferences
        self.tech_user_b.with_user(self.tech_user_b).service_job_notify_email = True
        self.order.with_user(self.dispatcher).date_scheduled_start = datetime(
            2026, 1, 13, 14, 0
        )
        self.env.cr.precommit.run()
        mails = Mail.search([]) - before
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.tech_user_b.partner_id)
        self.assertIn(self.order.name, mails.subject)
        self.assertIn("14:00", mails.body_html)

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import setup_portal_data


@tagged("post_install", "-at_install")
class TestVisitReminder(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        # other companies' and the demo data's visits out of the way: only
        # this test's orders are due
        cls.env["res.company"].search([("id", "!=", cls.company.id)]).write(
            {"service_portal_reminder_days": 0}
        )
        others = cls.env["service.order"].search(
            [
                ("id", "not in", (cls.order | cls.order_2).ids),
                ("state", "in", ("scheduled", "dispatched")),
            ]
        )
        for other in others:
            other.portal_reminder_start = other.date_scheduled_start
        cls.now = fields.Datetime.now().replace(second=0, microsecond=0)
        Order = cls.env["service.order"]

        def planned(days, customer=None, site=None):
            start = cls.now + timedelta(days=days)
            return {
                "partner_id": (customer or cls.customer).id,
                "site_id": (site or cls.site).id,
                "order_type_id": cls.order_type.id,
                "technician_id": cls.tech.id,
                "date_scheduled_start": start,
                "date_scheduled_end": start + timedelta(hours=1),
            }

        # a PM visit tomorrow (PM orders are scheduled orders), one in ten
        # days (too far), one not planned
        cls.pm_visit = Order.create(planned(1, site=cls.site_2))
        cls.pm_visit.action_schedule()
        cls.far_visit = Order.create(planned(10))
        cls.far_visit.action_schedule()
        cls.unplanned = Order.create(
            {"partner_id": cls.customer.id, "order_type_id": cls.order_type.id}
        )
        cls.template = cls.env.ref("service_portal.mail_template_visit_reminder")

    def _reminders(self):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "service.order"),
                ("subject", "ilike", "Your service visit"),
            ]
        )

    def test_sent_once_per_window(self):
        Order = self.env["service.order"]
        self.assertEqual(Order._cron_send_visit_reminders(), 3)
        mails = self._reminders()
        self.assertEqual(
            sorted(mails.mapped("res_id")),
            sorted((self.order | self.order_2 | self.pm_visit).ids),
        )
        mail = mails.filtered(lambda m: m.res_id == self.order.id)
        # to the customer, with the confirmed window
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(self.order.portal_window_display, mail.body_html)
        self.assertIn("Marie-Claire", mail.body_html)
        self.assertTrue(self.order.portal_reminder_sent)
        self.assertFalse(self.far_visit.portal_reminder_sent)
        # the second run sends nothing
        self.assertEqual(Order._cron_send_visit_reminders(), 0)
        self.assertEqual(self._reminders(), mails)

        # rescheduling re-arms the reminder of that visit only
        new_start = self.order.date_scheduled_start + timedelta(hours=8)
        self.order.with_user(self.dispatcher).write(
            {
                "date_scheduled_start": new_start,
                "date_scheduled_end": new_start + timedelta(hours=2),
            }
        )
        self.assertFalse(self.order.portal_reminder_sent)
        self.assertEqual(Order._cron_send_visit_reminders(), 1)
        self.assertEqual(len(self._reminders()), 4)
        self.assertEqual(self.order.portal_reminder_start, new_start)
        self.assertEqual(Order._cron_send_visit_reminders(), 0)

    def test_batches_make_no_duplicates(self):
        Order = self.env["service.order"]
        sent = []
        while True:
            count = Order._cron_send_visit_reminders(batch_size=2)
            if not count:
                break
            sent.append(count)
        self.assertEqual(sent, [2, 1])
        self.assertEqual(len(self._reminders()), 3)
        self.assertEqual(
            len(set(self._reminders().mapped("res_id"))), 3, "one mail per visit"
        )

    def test_a_failed_run_sends_nothing_twice(self):
        """A run that breaks after the mails were written rolls back both the
        mails and the markers: the next run sends each reminder once."""
        Order = self.env["service.order"]
        with self.assertRaises(RuntimeError), self.env.cr.savepoint():
            Order._cron_send_visit_reminders()
            raise RuntimeError("crash after the batch")
        self.env.invalidate_all()
        self.assertFalse(self._reminders())
        self.assertEqual(Order._cron_send_visit_reminders(), 3)
        self.assertEqual(len(self._reminders()), 3)

    def test_reminder_off_and_days_setting(self):
        Order = self.env["service.order"]
        self.company.service_portal_reminder_days = 0
        self.assertEqual(Order._cron_send_visit_reminders(), 0)
        # one day ahead: only tomorrow's PM visit
        self.company.service_portal_reminder_days = 1
        self.assertEqual(Order._cron_send_visit_reminders(), 1)
        self.assertEqual(self._reminders().res_id, self.pm_visit.id)

    def test_queries_do_not_grow_with_the_batch(self):
        Order = self.env["service.order"]
        for _i in range(12):
            visit = Order.create(
                {
                    "partner_id": self.customer.id,
                    "site_id": self.site.id,
                    "order_type_id": self.order_type.id,
                    "date_scheduled_start": self.now + timedelta(days=2),
                    "date_scheduled_end": self.now + timedelta(days=2, hours=1),
                }
            )
            visit._write_lifecycle({"state": "scheduled"})
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        self.assertEqual(Order._cron_send_visit_reminders(batch_size=3), 3)
        small = self.env.cr.sql_log_count - before
        before = self.env.cr.sql_log_count
        self.assertEqual(Order._cron_send_visit_reminders(batch_size=12), 12)
        large = self.env.cr.sql_log_count - before
        # per mail: rendering and the mail record; no search per order
        self.assertLess(large, small * 4 + 20)

    def test_portal_request_reminds_the_requester(self):
        self.order.portal_user_id = self.portal_user
        self.env["service.order"]._cron_send_visit_reminders()
        mail = self._reminders().filtered(lambda m: m.res_id == self.order.id)
        self.assertEqual(mail.recipient_ids, self.portal_user.partner_id)
        # the link of the email opens the order with its token
        self.assertIn(
            f"/my/service/orders/{self.order.id}?access_token=", mail.body_html
        )

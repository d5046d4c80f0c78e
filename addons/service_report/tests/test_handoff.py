from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import new_test_user
from odoo.tools import mute_logger

from odoo.addons.service_order.tests.common import DISPATCHER_GROUP

from .common import ServiceReportCase

HANDOFF_REPORT = "service_report.action_report_shift_handoff"


@tagged("post_install", "-at_install")
class TestShiftHandoff(ServiceReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rcompany.service_shift_hours = "6,14,22"
        cls.night_dispatcher = new_test_user(
            cls.env,
            "r_night",
            groups=DISPATCHER_GROUP,
            name="Nina Night",
            email="nina@report-test.example",
            company_id=cls.rcompany.id,
            company_ids=[Command.set(cls.rcompany.ids)],
        )
        cls.Handoff = cls.env["service.shift.handoff"]

    def _handoffs(self):
        return self.Handoff.search([("company_id", "=", self.rcompany.id)])

    def _mails(self, handoffs):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "service.shift.handoff"),
                    ("res_id", "in", handoffs.ids),
                ]
            )
        )

    def test_outgoing_dispatcher_notes_then_cron_sends_once(self):
        waiting = self._rorder(technician_id=self.rtech.id)
        waiting.with_user(self.rdispatcher).waiting_parts = True
        unassigned = self._rorder()
        with freeze_time("2026-03-04 12:30:00"):
            action = (
                self.Handoff.with_user(self.rdispatcher)
                .with_company(self.rcompany)
                .action_open_current()
            )
            handoff = self.Handoff.browse(action["res_id"])
            self.assertEqual(handoff.user_id, self.rdispatcher)
            self.assertEqual(
                (handoff.shift_start, handoff.shift_end),
                (datetime(2026, 3, 4, 6), datetime(2026, 3, 4, 14)),
            )
            handoff.with_user(self.rdispatcher).note = "<p>Call the laundry back</p>"
            # opening it again finds the same one
            again = (
                self.Handoff.with_user(self.rdispatcher)
                .with_company(self.rcompany)
                .action_open_current()
            )
            self.assertEqual(again["res_id"], handoff.id)
            # during the shift the cron sends the previous shift's handoff
            # (nothing open to say then, but sent once)
            self.Handoff._cron_send_shift_handoff()
            self.assertEqual(handoff.state, "draft")
        self.assertEqual(handoff.open_count, 2)
        self.assertEqual(handoff.unassigned_count, 1)
        self.assertEqual(handoff.waiting_parts_count, 1)
        with (
            freeze_time("2026-03-04 14:05:00"),
            mute_logger("odoo.addons.base.models.ir_actions_report"),
        ):
            self.Handoff._cron_send_shift_handoff()
            self.Handoff._cron_send_shift_handoff()
        self.assertEqual(handoff.state, "sent")
        mails = self._mails(handoff)
        self.assertEqual(len(mails), 1, "cron twice: one e-mail")
        # every dispatcher but the author (no next shift configured)
        self.assertEqual(mails.recipient_ids, self.night_dispatcher.partner_id)
        self.assertEqual(len(mails.attachment_ids), 1)
        self.assertIn("Call the laundry back", mails.body_html)
        self.assertEqual(handoff.recipient_ids, self.night_dispatcher)
        # what was sent stays as sent
        for vals in ({"note": "<p>Changed afterwards</p>"}, {"user_id": False}):
            with self.assertRaisesMessage(UserError, "was sent"):
                handoff.with_user(self.rdispatcher).write(vals)
        self.assertIn("Call the laundry back", handoff.note)
        self.assertEqual(handoff.user_id, self.rdispatcher)
        # one handoff per shift, whatever the number of runs
        self.assertEqual(
            len(self._handoffs().filtered(lambda h: h.shift_key == handoff.shift_key)),
            1,
        )
        self.assertTrue(unassigned)

    def test_a_failed_send_is_sent_by_the_next_run(self):
        """A crash while sending one company's handoff leaves it open (and
        no e-mail); the next run sends it, once."""
        template = type(self.env["mail.template"])
        real = template.send_mail
        calls = []

        def failing(self_, res_id, *args, **kwargs):
            # the first sending of this company's handoff fails
            ours = self.Handoff.browse(res_id).company_id == self.rcompany
            if ours and not calls:
                calls.append(res_id)
                raise RuntimeError("mail server on fire")
            return real(self_, res_id, *args, **kwargs)

        with (
            freeze_time("2026-03-04 14:05:00"),
            patch.object(template, "send_mail", failing),
            mute_logger("odoo.addons.service_report.models.service_shift_handoff"),
        ):
            self.Handoff._cron_send_shift_handoff()
            handoff = self._handoffs().filtered(
                lambda h: h.shift_end == datetime(2026, 3, 4, 14)
            )
            self.assertEqual(handoff.state, "draft")
            self.assertFalse(self._mails(handoff))
            self.Handoff._cron_send_shift_handoff()
            self.Handoff._cron_send_shift_handoff()
        self.assertEqual(calls, handoff.ids)
        self.assertEqual(handoff.state, "sent")
        self.assertEqual(len(self._mails(handoff)), 1)
        self.assertEqual(len(self._handoffs()), 1)

    def test_configured_recipients_win(self):
        self.rcompany.service_handoff_user_ids = self.night_dispatcher
        with freeze_time("2026-03-04 22:10:00"):
            self.Handoff._cron_send_shift_handoff()
        handoff = self._handoffs().filtered(
            lambda h: h.shift_end == datetime(2026, 3, 4, 22)
        )
        self.assertEqual(handoff.state, "sent")
        self.assertEqual(
            self._mails(handoff).recipient_ids, self.night_dispatcher.partner_id
        )

    def test_the_pdf_lists_the_sections_and_the_note(self):
        order = self._rorder(technician_id=self.rtech.id)
        order.waiting_parts = True
        with freeze_time("2026-03-04 15:00:00"):
            handoff = self.Handoff.browse(
                self.Handoff.with_user(self.rdispatcher)
                .with_company(self.rcompany)
                .action_open_current()["res_id"]
            )
        handoff.note = "<p>Spare drum promised for Friday</p>"
        html = (
            self.env["ir.actions.report"]
            .with_user(self.rdispatcher)
            ._render_qweb_html(HANDOFF_REPORT, handoff.ids)[0]
            .decode()
        )
        for text in ("Spare drum promised for Friday", order.name, "Waiting for parts"):
            self.assertIn(text, html)

    def test_bad_shift_hours_are_refused(self):
        for bad in ("6,25", "six", "6;14"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                self.rcompany.service_shift_hours = bad
        self.assertEqual(self.rcompany.service_shift_hours, "6,14,22")

    def test_no_shifts_no_handoff(self):
        self.rcompany.service_shift_hours = ""
        with freeze_time("2026-03-04 14:05:00"):
            self.Handoff._cron_send_shift_handoff()
            with self.assertRaisesMessage(UserError, "no shift changes"):
                self.Handoff.with_user(self.rdispatcher).with_company(
                    self.rcompany
                ).action_open_current()
        self.assertFalse(self._handoffs())

    def test_rights(self):
        with freeze_time("2026-03-04 12:00:00"):
            handoff = self.Handoff.browse(
                self.Handoff.with_user(self.rdispatcher)
                .with_company(self.rcompany)
                .action_open_current()["res_id"]
            )
        # technicians see no handoff
        with self.assertRaises(AccessError):
            handoff.with_user(self.rtech_user).read(["note"])
        with self.assertRaises(AccessError):
            self.Handoff.with_user(self.rtech_user).action_open_current()
        # a dispatcher writes the note, not the sending or the shift
        for vals in ({"state": "sent"}, {"shift_key": "x"}, {"recipient_ids": []}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                handoff.with_user(self.rdispatcher).write(vals)
        self.assertEqual(handoff.state, "draft")
        with self.assertRaises(AccessError):
            self.Handoff.with_user(self.rdispatcher).create(
                {
                    "shift_start": "2026-03-04 06:00:00",
                    "shift_end": "2026-03-04 14:00:00",
                    "shift_key": "k",
                }
            )
        # another company's dispatcher does not see it
        self.assertFalse(
            self.Handoff.with_user(self.dispatcher).search([("id", "=", handoff.id)])
        )

    def test_summary_counts_once_per_company(self):
        """A list of handoffs counts the company's orders once, not once per
        handoff: the same queries for 1 and for 5 handoffs."""
        order = self._rorder(technician_id=self.rtech.id)
        order.waiting_parts = True
        handoffs = self.Handoff.browse()
        for day in range(1, 6):
            with freeze_time(f"2026-03-0{day} 15:00:00"):
                handoffs |= self.Handoff.browse(
                    self.Handoff.with_user(self.rdispatcher)
                    .with_company(self.rcompany)
                    .action_open_current()["res_id"]
                )
        self.assertEqual(len(handoffs), 5)

        def queries(records):
            records.invalidate_recordset()
            start = self.cr.sql_log_count
            counts = records.mapped("waiting_parts_count")
            return self.cr.sql_log_count - start, counts

        queries(handoffs[:1])  # warm-up of the registry caches
        one, _counts = queries(handoffs[:1])
        five, counts = queries(handoffs)
        self.assertEqual(one, five)
        self.assertEqual(counts, [1] * 5)

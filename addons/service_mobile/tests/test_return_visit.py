"""A return visit: this visit completes, the next one of the job waits in
the dispatcher's unassigned queue, pre-filled, with the reason."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MobileCase


@tagged("post_install", "-at_install")
@freeze_time("2026-01-13 12:00:00")
class TestReturnVisit(MobileCase):
    def _start(self, user=None):
        return self.apply(
            user or self.tech_user_a,
            self.action(self.order, "arrive", "2026-01-13 09:00:00"),
        )

    def test_return_visit_from_the_phone(self):
        order = self.order
        self._start()
        required = order.checklist_item_ids.filtered("required")
        required.with_user(self.tech_user_a).is_done = True
        results = self.apply(
            self.tech_user_a,
            self.action(
                order,
                "return_visit",
                "2026-01-13 10:30:00",
                payload={"reason": "Waiting for a compressor"},
            ),
        )
        self.assertEqual(results[0]["status"], "done", results[0]["message"])
        self.assertEqual(order.state, "done")
        self.assertEqual(
            self.logs(order, self.tech_a, "work").date_end.strftime("%H:%M"), "10:30"
        )
        visit = order.visit_ids - order
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.job_order_id, order)
        self.assertEqual(visit.state, "new")
        self.assertFalse(visit.technician_id)
        self.assertFalse(visit.assignment_ids)
        self.assertEqual(
            (visit.partner_id, visit.site_id, visit.order_type_id),
            (order.partner_id, order.site_id, order.order_type_id),
        )
        self.assertEqual(visit.return_reason, "Waiting for a compressor")
        # the undone items come along, the done ones not
        self.assertEqual(visit.checklist_item_ids.mapped("name"), ["Sweep floor"])
        activity = visit.activity_ids
        self.assertEqual(activity.user_id, self.dispatcher)
        self.assertIn("compressor", activity.note)
        # the visits of the job are listed on each of them
        self.assertEqual(visit.visit_ids, order | visit)
        self.assertEqual(order.visit_count, 2)
        # the second return visit stays in the same job
        visit.write(
            {
                "technician_id": self.tech_a.id,
                "date_scheduled_start": "2026-01-15 09:00:00",
            }
        )
        visit.action_schedule()
        visit.action_dispatch()
        visit.with_user(self.tech_user_a).action_start()
        third = visit.with_user(self.tech_user_a).action_return_visit("Second day")
        self.assertEqual(third.job_order_id, order)
        order.invalidate_recordset(["visit_ids"])
        self.assertEqual(order.visit_ids, order | visit | third)

    def test_same_checks_and_reason_required(self):
        order = self.order
        self._start()
        Order = order.with_user(self.tech_user_a)
        with self.assertRaisesMessage(UserError, "Isolate power"):
            Order.action_return_visit("Parts")
        with self.assertRaisesMessage(UserError, "Say why"):
            Order.action_return_visit("  ")
        self.assertEqual(order.state, "in_progress")
        self.assertFalse(
            self.env["service.order"].search([("job_order_id", "=", order.id)])
        )
        with self.assertRaisesMessage(AccessError, "lead technician"):
            order.with_user(self.tech_user_b).action_return_visit("Parts")

    def test_dispatcher_from_the_back_office(self):
        order = self.order
        self._start()
        order.checklist_item_ids.write({"is_done": True})
        visit = order.with_user(self.dispatcher).action_return_visit("Second day")
        self.assertEqual(visit.job_order_id, order)
        self.assertFalse(visit.checklist_item_ids)
        action = order.with_user(self.dispatcher).action_view_visits()
        self.assertEqual(
            self.env["service.order"].search(action["domain"]), order | visit
        )

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestLifecycle(ServiceOrderCase):
    def _planned_order(self, **values):
        return self._create_order(**self._planned_values(**values))

    def _snapshot(self, order):
        order.invalidate_recordset()
        return order.read(
            [
                "state",
                "date_state_changed",
                "date_dispatched",
                "date_started",
                "date_done",
            ]
        )[0]

    def assertRefused(self, orders, action, message):
        # no savepoint here: the checks must run before anything is written
        before = [self._snapshot(order) for order in orders]
        with self.assertRaisesRegex(UserError, message):
            getattr(orders, action)()
        self.assertEqual([self._snapshot(order) for order in orders], before)

    def test_full_lifecycle(self):
        order = self._planned_order(
            order_type_id=self.order_type.id,
            crew_ids=[Command.set(self.tech_c.ids)],
            date_received=datetime(2026, 1, 12, 16, 0),
        )
        self.assertTrue(order.name.startswith("SO/"))
        self.assertEqual(order.state, "new")
        self.assertEqual(order.priority, "2", "priority comes from the type")
        self.assertEqual(
            order.checklist_item_ids.mapped("name"), ["Isolate power", "Sweep floor"]
        )
        self.assertEqual(order.site_id, self.site, "the customer's delivery address")
        with freeze_time("2026-01-13 08:00:00"):
            order.action_schedule()
            self.assertEqual(order.state, "scheduled")
            order.action_dispatch()
            self.assertEqual(order.state, "dispatched")
            self.assertEqual(order.date_dispatched, datetime(2026, 1, 13, 8))
        with freeze_time("2026-01-13 09:00:00"):
            order.action_start()
        self.assertEqual(order.state, "in_progress")
        self.assertEqual(order.date_started, datetime(2026, 1, 13, 9))
        self.assertEqual(
            set(order.timelog_ids.mapped("employee_id").ids),
            {self.tech_a.id, self.tech_c.id},
            "one open work log for the lead and one per crew member",
        )
        self.assertFalse(any(order.timelog_ids.mapped("date_end")))
        order.checklist_item_ids.filtered("required").is_done = True
        with freeze_time("2026-01-13 10:30:00"):
            order.action_complete()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.date_done, datetime(2026, 1, 13, 10, 30))
        self.assertEqual(order.timelog_ids.mapped("duration"), [1.5, 1.5])
        self.assertEqual(order.work_hours, 3.0)
        self.assertEqual(order.sla_status, "met")

    def test_cancel_and_reset(self):
        order = self._planned_order()
        order.action_cancel()
        self.assertEqual(order.state, "cancelled")
        order.action_reset_to_new()
        self.assertEqual(order.state, "new")
        order.action_schedule()
        order.action_dispatch()
        order.action_reset_to_new()
        self.assertEqual(order.state, "new")
        self.assertFalse(order.date_dispatched)
        order.action_schedule()
        order.action_dispatch()
        order.action_start()
        order.action_cancel()
        self.assertEqual(order.state, "cancelled")
        self.assertTrue(all(order.timelog_ids.mapped("date_end")), "logs closed")

    def test_schedule_needs_technician_and_dates(self):
        order = self._create_order()
        self.assertRefused(order, "action_schedule", "has no lead technician")
        order.technician_id = self.tech_a
        self.assertRefused(order, "action_schedule", "no scheduled start and end")

    def test_refused_transitions(self):
        order = self._planned_order()
        self.assertRefused(order, "action_dispatch", "cannot be dispatched: it is New")
        self.assertRefused(order, "action_start", "cannot be started: it is New")
        self.assertRefused(order, "action_complete", "cannot be completed: it is New")
        self.assertRefused(order, "action_reset_to_new", "cannot be reset to new")
        order.action_schedule()
        self.assertRefused(order, "action_schedule", "cannot be scheduled")
        self.assertRefused(order, "action_start", "cannot be started: it is Scheduled")
        order.action_dispatch()
        self.assertRefused(order, "action_complete", "cannot be completed")
        order.action_start()
        self.assertRefused(order, "action_reset_to_new", "it is In Progress")
        order.checklist_item_ids.is_done = True
        order.action_complete()
        self.assertRefused(order, "action_complete", "cannot be completed: it is Done")
        self.assertRefused(order, "action_cancel", "cannot be cancelled: it is Done")
        self.assertRefused(order, "action_reset_to_new", "it is Done")

    def test_complete_needs_required_checklist_items(self):
        order = self._planned_order(order_type_id=self.order_type.id)
        order.action_schedule()
        order.action_dispatch()
        order.action_start()
        self.assertRefused(
            order, "action_complete", "unfinished required checklist items: Isolate"
        )
        order.checklist_item_ids.filtered("required").is_done = True
        order.action_complete()
        self.assertEqual(order.state, "done")
        item = order.checklist_item_ids.filtered("required")
        self.assertEqual(item.done_by_id, self.env.user)
        self.assertTrue(item.done_on)

    def test_complete_needs_signature_when_type_requires_it(self):
        order = self._planned_order(order_type_id=self.signed_type.id)
        order.action_schedule()
        order.action_dispatch()
        order.action_start()
        self.assertRefused(order, "action_complete", "needs the customer's signature")
        # a 1x1 PNG as the signature
        order.write(
            {
                "signature": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
                "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==",
                "signed_by": "Jane Customer",
            }
        )
        self.assertTrue(order.signed_on)
        order.action_complete()
        self.assertEqual(order.state, "done")

    def test_batch_action_is_all_or_nothing(self):
        good = self._planned_order()
        bad = self._create_order()
        orders = good | bad
        self.assertRefused(orders, "action_schedule", bad.name)
        self.assertEqual(good.state, "new", "the valid order was not moved either")

    def test_kanban_drag_goes_through_the_checks(self):
        order = self._planned_order()
        with self.assertRaisesRegex(UserError, "cannot be dispatched: it is New"):
            order.write({"state": "dispatched"})
        self.assertEqual(order.state, "new")
        order.write({"state": "scheduled"})
        self.assertEqual(order.state, "scheduled")
        order.write({"state": "dispatched"})
        self.assertEqual(order.state, "dispatched")
        self.assertTrue(order.date_dispatched)
        unplanned = self._create_order()
        with self.assertRaisesRegex(UserError, "has no lead technician"):
            unplanned.write({"state": "scheduled"})
        self.assertEqual(unplanned.state, "new")

    def test_cannot_create_in_a_later_state(self):
        with self.assertRaisesRegex(UserError, "starts as New"):
            self._create_order(state="done")

    def test_started_order_cannot_be_deleted(self):
        order = self._planned_order()
        order.action_schedule()
        order.action_dispatch()
        order.action_start()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            order.unlink()
        draft = self._create_order()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_callback(self):
        order = self._planned_order()
        callback = self._create_order(callback_of_id=order.id)
        self.assertEqual(order.callback_count, 1)
        self.assertEqual(order.callback_ids, callback)
        action = order.action_create_callback()
        self.assertEqual(action["context"]["default_callback_of_id"], order.id)

    def test_end_follows_duration_and_duration_follows_end(self):
        order = self._create_order(
            date_scheduled_start=datetime(2026, 1, 13, 9, 0),
            technician_id=self.tech_a.id,
        )
        self.assertEqual(order.duration, 1.0, "default duration of the type")
        self.assertEqual(order.date_scheduled_end, datetime(2026, 1, 13, 10, 0))
        order.duration = 3
        self.assertEqual(order.date_scheduled_end, datetime(2026, 1, 13, 12, 0))
        order.date_scheduled_end = datetime(2026, 1, 13, 10, 30)
        self.assertEqual(order.duration, 1.5)
        order.date_scheduled_start = datetime(2026, 1, 14, 9, 0)
        self.assertEqual(order.date_scheduled_end, datetime(2026, 1, 14, 10, 30))

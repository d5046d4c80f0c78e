"""Nothing a client sends unlocks a guarded write (issue 7): the lifecycle's
context token, child records fixed to their order, the technician's execution
record (own time within bounds, server-stamped signature, read-only done
orders, checklist requirements)."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.service_order import STATE_CHANGE_CTX
from .common import ServiceOrderCase

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)
# what a client can put in its context (JSON values only)
FORGED_VALUES = (True, 1, "1", "True", {"x": 1}, [1])


@tagged("post_install", "-at_install")
class TestGuardedWrites(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Alice leads order_a (with the checklist type), Bob leads order_b with
        # Alice in the crew, each at its own time
        cls.order_a = cls._create_order(
            **cls._planned_values(order_type_id=cls.order_type.id)
        )
        cls.order_b = cls._create_order(
            **cls._planned_values(
                technician_id=cls.tech_b.id,
                crew_ids=[Command.set(cls.tech_a.ids)],
                date_scheduled_start=datetime(2026, 1, 13, 13, 0),
                date_scheduled_end=datetime(2026, 1, 13, 15, 0),
            )
        )
        cls.order_colleague = cls._create_order(
            **cls._planned_values(
                technician_id=cls.tech_b.id,
                date_scheduled_start=datetime(2026, 1, 14, 9, 0),
                date_scheduled_end=datetime(2026, 1, 14, 11, 0),
            )
        )
        for order in cls.order_a | cls.order_b | cls.order_colleague:
            order.action_schedule()
            order.action_dispatch()
        cls.line_a = cls.env["service.order.line"].create(
            {"order_id": cls.order_a.id, "product_id": cls.product_part.id}
        )

    def _as(self, user, records):
        return records.with_user(user)

    def _start(self, order):
        with freeze_time("2026-01-13 09:00:00"):
            order.with_user(self.tech_user_a).action_start()

    def _complete(self, order):
        order.checklist_item_ids.write({"is_done": True})
        with freeze_time("2026-01-13 10:00:00"):
            order.with_user(self.tech_user_a).action_complete()

    # ------------------------------------------------------------------
    # 1. The lifecycle's context key cannot be forged
    # ------------------------------------------------------------------
    def test_forged_context_key_does_not_complete(self):
        for user in (self.tech_user_a, self.dispatcher):
            for forged in FORGED_VALUES:
                order = self.order_a.with_user(user).with_context(
                    **{STATE_CHANGE_CTX: forged}
                )
                with self.assertRaisesMessage(UserError, "cannot be completed"):
                    order.write({"state": "done"})
                with self.assertRaisesMessage(UserError, "not written by hand"):
                    order.write({"state": "done", "date_done": "2026-01-13 10:00:00"})
                with self.assertRaisesMessage(UserError, "not written by hand"):
                    order.write({"date_started": "2026-01-13 10:00:00"})
                self.assertEqual(self.order_a.state, "dispatched")
                self.assertFalse(self.order_a.date_done)
        # started, but the required checklist item is not done
        self._start(self.order_a)
        order = self.order_a.with_user(self.tech_user_a).with_context(
            **{STATE_CHANGE_CTX: True}
        )
        with self.assertRaisesMessage(UserError, "unfinished required checklist"):
            order.write({"state": "done"})
        self.assertEqual(self.order_a.state, "in_progress")
        self.assertFalse(self.order_a.date_done)

    def test_forged_context_key_does_not_lift_technician_rules(self):
        order = self.order_a.with_user(self.tech_user_a).with_context(
            **{STATE_CHANGE_CTX: "1"}
        )
        with self.assertRaisesMessage(AccessError, "Technicians cannot change"):
            order.write({"technician_id": self.tech_b.id})
        with self.assertRaisesMessage(AccessError, "Technicians cannot change"):
            order.write({"technician_id": str(self.tech_b.id), "state": "done"})
        self.assertEqual(self.order_a.technician_id, self.tech_a)
        self.assertEqual(self.order_a.state, "dispatched")

    def test_forged_context_key_does_not_create_done_orders(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        before = orders.search_count([])
        done_before = orders.search_count([("state", "=", "done")])
        for forged in FORGED_VALUES:
            with self.assertRaisesMessage(UserError, "starts as New"):
                orders.with_context(**{STATE_CHANGE_CTX: forged}).create(
                    self._order_values(state="done")
                )
        self.assertEqual(orders.search_count([]), before)
        self.assertEqual(orders.search_count([("state", "=", "done")]), done_before)

    def test_context_defaults_are_client_input_too(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        before = orders.search_count([])
        for key, value in (
            ("default_state", "done"),
            ("default_date_done", "2026-01-13 10:00:00"),
            ("default_signed_on", "2000-01-01 00:00:00"),
        ):
            with self.assertRaisesMessage(UserError, "cannot be given as a default"):
                orders.with_context(**{key: value}).create(self._order_values())
        self.assertEqual(orders.search_count([]), before)
        # a colleague's time, a done stamp or another order through defaults
        self._start(self.order_b)
        logs = self.env["service.order.timelog"].with_user(self.tech_user_a)
        with self.assertRaisesMessage(AccessError, "only their own time"):
            logs.with_context(default_employee_id=self.tech_b.id).create(
                {"order_id": self.order_b.id, "date_start": datetime(2026, 1, 13, 8)}
            )
        with self.assertRaises(AccessError):
            logs.with_context(default_order_id=self.order_colleague.id).create(
                {"date_start": datetime(2026, 1, 13, 8)}
            )
        self.assertEqual(len(self.order_b.timelog_ids), 2)
        self.assertFalse(self.order_colleague.timelog_ids)
        item = (
            self.env["service.order.checklist.item"]
            .with_user(self.dispatcher)
            .with_context(default_done_by_id=self.tech_user_b.id)
            .create({"order_id": self.order_b.id, "name": "Extra step"})
        )
        self.assertFalse(item.done_by_id)

    def test_server_code_writes_through_the_lifecycle(self):
        # control: the helper other addons use does write past the checks
        self._start(self.order_a)
        self._complete(self.order_a)
        order = self.order_a.with_user(self.tech_user_a)
        with self.assertRaisesMessage(UserError, "done or cancelled"):
            order.write({"resolution": "<p>late note</p>"})
        order._write_lifecycle({"resolution": "<p>stamped on completion</p>"})
        self.assertIn("stamped on completion", self.order_a.resolution)

    # ------------------------------------------------------------------
    # 2. Child records stay on their order
    # ------------------------------------------------------------------
    def test_child_records_cannot_be_moved(self):
        self._start(self.order_a)
        log = self.order_a.timelog_ids
        item = self.order_a.checklist_item_ids[0]
        target = self.order_colleague.id
        for user in (self.tech_user_a, self.dispatcher):
            for record in (self.line_a, log, item):
                for value in (target, str(target), self.order_colleague):
                    with self.assertRaisesMessage(UserError, "stays on the order"):
                        self._as(user, record).write({"order_id": value})
        with self.assertRaisesMessage(ValidationError, "record id"):
            self._as(self.tech_user_a, self.line_a).write({"order_id": [target]})
        # moving through the other order's one2many (link command) as well
        with self.assertRaisesMessage(UserError, "stays on the order"):
            self.order_colleague.with_user(self.dispatcher).write(
                {"line_ids": [Command.link(self.line_a.id)]}
            )
        self.assertEqual(self.line_a.order_id, self.order_a)
        self.assertEqual(log.order_id, self.order_a)
        self.assertEqual(item.order_id, self.order_a)
        # writing the same order is no move
        self._as(self.tech_user_a, self.line_a).write(
            {"order_id": str(self.order_a.id), "qty_used": 1}
        )
        self.assertEqual(self.line_a.qty_used, 1)

    def test_children_created_only_on_writable_orders(self):
        lines = self.env["service.order.line"].with_user(self.tech_user_a)
        before = self.env["service.order.line"].search_count([])
        for value in (self.order_colleague.id, str(self.order_colleague.id)):
            with self.assertRaises(AccessError):
                lines.create({"order_id": value, "product_id": self.product_part.id})
        with self.assertRaisesMessage(ValidationError, "record id"):
            lines.create(
                {"order_id": [self.order_a.id], "product_id": self.product_part.id}
            )
        logs = self.env["service.order.timelog"].with_user(self.tech_user_a)
        with self.assertRaises(AccessError):
            logs.create(
                {
                    "order_id": str(self.order_colleague.id),
                    "employee_id": self.tech_a.id,
                    "date_start": datetime(2026, 1, 13, 9, 0),
                }
            )
        self.assertEqual(self.env["service.order.line"].search_count([]), before)
        self.assertFalse(self.order_colleague.timelog_ids)

    # ------------------------------------------------------------------
    # 3. The execution record
    # ------------------------------------------------------------------
    def test_technician_logs_only_his_own_time(self):
        self._start(self.order_b)
        logs = self.env["service.order.timelog"].with_user(self.tech_user_a)
        bob_log = self.order_b.timelog_ids.filtered(
            lambda log: log.employee_id == self.tech_b
        )
        for employee in (self.tech_b.id, str(self.tech_b.id), self.tech_c.id):
            with self.assertRaisesMessage(AccessError, "only their own time"):
                logs.create(
                    {
                        "order_id": self.order_b.id,
                        "employee_id": employee,
                        "kind": "travel",
                        "date_start": datetime(2026, 1, 13, 8, 0),
                        "date_end": datetime(2026, 1, 13, 8, 30),
                    }
                )
        with self.assertRaisesMessage(AccessError, "only their own time"):
            bob_log.with_user(self.tech_user_a).write(
                {"date_start": datetime(2026, 1, 13, 8, 0)}
            )
        own = self.order_b.timelog_ids.filtered(
            lambda log: log.employee_id == self.tech_a
        )
        with self.assertRaisesMessage(AccessError, "only their own time"):
            own.with_user(self.tech_user_a).write({"employee_id": self.tech_b.id})
        self.assertEqual(len(self.order_b.timelog_ids), 2)
        self.assertEqual(bob_log.date_start, datetime(2026, 1, 13, 9, 0))
        self.assertEqual(own.employee_id, self.tech_a)
        # his own travel is fine
        with freeze_time("2026-01-13 12:00:00"):
            travel = logs.create(
                {
                    "order_id": self.order_b.id,
                    "kind": "travel",
                    "date_start": datetime(2026, 1, 13, 8, 0),
                    "date_end": datetime(2026, 1, 13, 8, 30),
                }
            )
        self.assertEqual(travel.employee_id, self.tech_a, "his employee by default")
        self.assertEqual(travel.duration, 0.5)

    def test_time_log_bounds(self):
        logs = self.env["service.order.timelog"].with_user(self.tech_user_a)
        values = {
            "order_id": self.order_a.id,
            "employee_id": self.tech_a.id,
            "date_start": datetime(2026, 1, 10, 8, 0),
            "date_end": datetime(2026, 1, 12, 8, 0),
        }
        with freeze_time("2026-01-13 12:00:00"):
            with self.assertRaisesMessage(ValidationError, "at most 16"):
                logs.create(values)
            with self.assertRaisesMessage(ValidationError, "in the future"):
                logs.create(dict(values, date_end=datetime(2999, 1, 1)))
            # a dispatcher may log ahead, still within the bound
            with self.assertRaisesMessage(ValidationError, "at most 16"):
                logs.with_user(self.dispatcher).create(
                    dict(values, date_end=datetime(2999, 1, 1))
                )
            with self.assertRaisesMessage(ValidationError, "in the future"):
                logs.create(
                    dict(
                        values,
                        date_start=datetime(2026, 1, 13, 13, 0),
                        date_end=False,
                    )
                )
            for bad in ("10000-01-01 00:00:00", "2026-13-45", {"a": 1}, 12.5):
                with self.assertRaises(ValidationError):
                    logs.create(dict(values, date_end=bad))
            self.assertFalse(self.order_a.timelog_ids)
            # the manager raises the bound: a 48 h log is then accepted
            self.company.service_max_timelog_hours = 48
            log = logs.create(values)
            self.assertEqual(log.duration, 48)
            with self.assertRaises(ValidationError):
                self.company.service_max_timelog_hours = float("nan")

    def test_signature_is_stamped_by_the_server(self):
        self._start(self.order_a)
        order = self.order_a.with_user(self.tech_user_a)
        order.write({"signed_on": datetime(2000, 1, 1)})
        self.assertFalse(self.order_a.signed_on, "a client's signed_on is ignored")
        with freeze_time("2026-01-13 09:30:00"):
            order.write(
                {
                    "signature": PNG,
                    "signed_by": "Jane Customer",
                    "signed_on": datetime(2000, 1, 1),
                }
            )
        self.assertEqual(self.order_a.signed_on, datetime(2026, 1, 13, 9, 30))
        with self.assertRaisesMessage(AccessError, "signed already"):
            order.write({"signed_by": "Someone Else"})
        self.assertEqual(self.order_a.signed_by, "Jane Customer")
        order.write({"signature": False})
        self.assertFalse(self.order_a.signed_on)

    def test_done_order_is_read_only_for_technicians(self):
        self._start(self.order_a)
        self._complete(self.order_a)
        order = self.order_a.with_user(self.tech_user_a)
        self.assertTrue(order.is_locked)
        self.assertFalse(self.order_a.with_user(self.dispatcher).is_locked)
        log = order.timelog_ids
        item = order.checklist_item_ids[0]
        line = self.line_a.with_user(self.tech_user_a)
        before = (log.date_start, log.date_end, item.is_done, line.qty_used)
        message = "done or cancelled"
        with self.assertRaisesMessage(UserError, message):
            order.write({"resolution": "<p>rewritten</p>"})
        with self.assertRaisesMessage(UserError, message):
            order.write(
                {"line_ids": [Command.create({"product_id": self.product_part.id})]}
            )
        with self.assertRaisesMessage(UserError, message):
            line.write({"qty_used": 7})
        with self.assertRaisesMessage(UserError, message):
            line.unlink()
        with self.assertRaisesMessage(UserError, message):
            log.write({"date_end": datetime(2026, 1, 13, 9, 30)})
        with self.assertRaisesMessage(UserError, message):
            item.write({"is_done": False})
        with self.assertRaisesMessage(UserError, message):
            self.env["service.order.line"].with_user(self.tech_user_a).create(
                {"order_id": self.order_a.id, "product_id": self.product_part.id}
            )
        self.assertEqual(
            (log.date_start, log.date_end, item.is_done, line.qty_used), before
        )
        self.assertEqual(len(self.order_a.line_ids), 1)
        self.assertFalse(self.order_a.resolution)
        # a dispatcher corrects it
        self.line_a.with_user(self.dispatcher).write({"qty_used": 2})
        self.assertEqual(self.line_a.qty_used, 2)

    def test_checklist_requirements_are_the_dispatchers(self):
        self._start(self.order_a)
        item = self.order_a.checklist_item_ids.filtered("required")
        as_tech = item.with_user(self.tech_user_a)
        for vals in ({"required": False}, {"name": "Skip"}, {"sequence": 99}):
            with self.assertRaisesMessage(AccessError, "tick checklist items"):
                as_tech.write(vals)
        with self.assertRaisesMessage(AccessError, "tick checklist items"):
            self.order_a.with_user(self.tech_user_a).write(
                {"checklist_item_ids": [Command.update(item.id, {"required": False})]}
            )
        self.assertTrue(item.required)
        self.assertEqual(item.name, "Isolate power")
        # the done stamp is the server's
        as_tech.write(
            {"note": "Breaker 4", "done_by_id": self.dispatcher.id, "done_on": False}
        )
        self.assertFalse(item.done_by_id)
        with freeze_time("2026-01-13 09:15:00"):
            as_tech.write({"is_done": True, "done_by_id": self.dispatcher.id})
        self.assertEqual(item.done_by_id, self.tech_user_a)
        self.assertEqual(item.done_on, datetime(2026, 1, 13, 9, 15))
        # the dispatcher may change the requirement
        item.with_user(self.dispatcher).write({"required": False})
        self.assertFalse(item.required)

    def test_future_tolerance_is_small(self):
        logs = self.env["service.order.timelog"].with_user(self.tech_user_a)
        now = datetime(2026, 1, 13, 12, 0)
        with freeze_time(now):
            log = logs.create(
                {
                    "order_id": self.order_a.id,
                    "date_start": now + timedelta(minutes=5),
                }
            )
        self.assertEqual(log.employee_id, self.tech_a)

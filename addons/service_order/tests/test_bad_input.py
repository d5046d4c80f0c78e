from datetime import datetime

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestBadInput(ServiceOrderCase):
    def _count(self):
        return self.env["service.order"].search_count([])

    def assertNothingCreated(self, exception, message, values):
        before = self._count()
        with self.assertRaisesMessage(exception, message):
            self.env["service.order"].create(values)
        self.assertEqual(self._count(), before)

    def test_end_before_start(self):
        self.assertNothingCreated(
            ValidationError,
            "scheduled end .* must be after the scheduled start",
            self._order_values(
                date_scheduled_start=datetime(2026, 1, 13, 11, 0),
                date_scheduled_end=datetime(2026, 1, 13, 9, 0),
            ),
        )
        order = self._create_order(**self._planned_values())
        with self.assertRaisesMessage(ValidationError, "must be after"):
            order.write({"date_scheduled_end": datetime(2026, 1, 13, 8, 0)})

    def test_requested_window_backwards(self):
        self.assertNothingCreated(
            ValidationError,
            "requested time window ends before it starts",
            self._order_values(
                window_start=datetime(2026, 1, 13, 11, 0),
                window_end=datetime(2026, 1, 13, 9, 0),
            ),
        )

    def test_negative_quantities_and_duration(self):
        self.assertNothingCreated(
            ValidationError,
            "quantities cannot be negative",
            self._order_values(
                line_ids=[
                    Command.create({"product_id": self.product_part.id, "qty_used": -1})
                ]
            ),
        )
        order = self._create_order()
        line = self.env["service.order.line"].create(
            {"order_id": order.id, "product_id": self.product_part.id}
        )
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            line.qty_planned = -2
        self.assertNothingCreated(
            ValidationError,
            "duration cannot be negative",
            self._order_values(duration=-1),
        )

    def test_unknown_technician(self):
        self.assertNothingCreated(
            ValidationError,
            "Unknown technician \\(employee id 987654321\\)",
            self._order_values(technician_id=987654321),
        )
        self.assertNothingCreated(
            ValidationError,
            "Unknown technician",
            self._order_values(crew_ids=[Command.set([987654321])]),
        )
        self.assertNothingCreated(
            ValidationError,
            "Olga Office is not a field technician",
            self._order_values(technician_id=self.office_employee.id),
        )
        self.assertNothingCreated(
            ValidationError,
            "cannot be in the crew as well",
            self._order_values(
                technician_id=self.tech_a.id, crew_ids=[Command.set(self.tech_a.ids)]
            ),
        )

    def test_site_of_another_customer(self):
        self.assertNothingCreated(
            ValidationError,
            "is not an address of the customer",
            self._order_values(site_id=self.other_customer.id),
        )

    def test_completing_twice(self):
        order = self._create_order(**self._planned_values())
        order.action_schedule()
        order.action_dispatch()
        order.action_start()
        order.action_complete()
        done_on = order.date_done
        with self.assertRaisesMessage(UserError, "cannot be completed: it is Done"):
            order.action_complete()
        self.assertEqual(order.date_done, done_on)

    def test_timelog_end_before_start(self):
        order = self._create_order()
        with self.assertRaisesMessage(ValidationError, "ends before it starts"):
            self.env["service.order.timelog"].create(
                {
                    "order_id": order.id,
                    "employee_id": self.tech_a.id,
                    "date_start": datetime(2026, 1, 13, 11, 0),
                    "date_end": datetime(2026, 1, 13, 10, 0),
                }
            )
        self.assertFalse(order.timelog_ids)

    def test_unknown_state_through_write(self):
        order = self._create_order()
        with self.assertRaises(UserError):
            order.write({"state": "teleported"})
        self.assertEqual(order.state, "new")

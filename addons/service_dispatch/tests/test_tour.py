from datetime import datetime, time

from odoo import fields
from odoo.tests import HttpCase, no_retry, tagged

from odoo.addons.service_order.tests.hoot import run_hoot_suite


@tagged("post_install", "-at_install")
class TestDispatchBoardTour(HttpCase):
    """The board as the dispatcher uses it (the demo login ``dispatcher``, at
    the default 1366 px laptop width of the test browser)."""

    def test_drag_unassigned_order_onto_technician(self):
        dispatcher = self.env.ref("service_order.user_dispatcher", False)
        if not dispatcher:
            self.skipTest("the tour runs as the demo dispatcher")
        # every day 06:00-22:00 in the dispatcher's time zone: wherever the
        # drop lands on the row (about 11:00), it is inside Aaron's hours (a
        # drop outside them asks for an override), whatever the weekday
        always = self.env["resource.calendar"].create(
            {
                "name": "Tour: every day",
                "tz": dispatcher.tz or "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 6.0,
                            "hour_to": 22.0,
                        },
                    )
                    for day in range(7)
                ],
            }
        )
        free, busy = self.env["hr.employee"].create(
            [
                {
                    "name": "Aaron Tour",
                    "is_field_technician": True,
                    "resource_calendar_id": always.id,
                },
                {
                    "name": "Abel Busy",
                    "is_field_technician": True,
                    "resource_calendar_id": always.id,
                },
            ]
        )
        customer, night_owl = self.env["res.partner"].create(
            [
                {"name": "Tour Bakery", "is_company": True},
                {"name": "Late Night Diner", "is_company": True},
            ]
        )
        order_type = self.env["service.order.type"].create(
            {"name": "Tour repair", "default_duration": 1.0}
        )
        today = fields.Date.today()
        order, blocker, late = self.env["service.order"].create(
            [
                {"partner_id": customer.id, "order_type_id": order_type.id},
                {
                    "partner_id": customer.id,
                    "order_type_id": order_type.id,
                    "technician_id": busy.id,
                    "date_scheduled_start": datetime.combine(today, time(6, 0)),
                    "date_scheduled_end": datetime.combine(today, time(20, 0)),
                },
                # after every calendar's hours: the old fixed 6-20 axis hid it
                {
                    "partner_id": night_owl.id,
                    "order_type_id": order_type.id,
                    "technician_id": free.id,
                    "date_scheduled_start": datetime.combine(today, time(21, 0)),
                    "date_scheduled_end": datetime.combine(today, time(22, 0)),
                },
            ]
        )
        self.start_tour(
            "/odoo/action-service_dispatch.action_service_dispatch_board",
            "service_dispatch_board_tour",
            login=dispatcher.login,
        )
        self.assertEqual(order.technician_id, free)
        self.assertEqual(order.state, "scheduled")
        self.assertEqual(order.date_scheduled_start.date(), today)
        self.assertEqual(order.duration, 1.0)
        self.assertEqual(blocker.technician_id, busy)
        self.assertEqual(late.technician_id, free)
        # the wizard was only opened: nothing planned by it
        self.assertEqual(late.date_scheduled_start, datetime.combine(today, time(21)))


@tagged("post_install", "-at_install")
class TestDispatchBoardUnit(HttpCase):
    """The Hoot unit tests of the board's JS (static/tests/unit): the
    time-axis maths, the override contract of a drop and its dialog."""

    @no_retry
    def test_board_js_units_hoot(self):
        run_hoot_suite(self, "service_dispatch")


@tagged("post_install", "-at_install")
class TestPhoneIntakeTour(HttpCase):
    """The office takes a phone call from a new customer to a scheduled order
    (issue 11), as the demo dispatcher."""

    def test_phone_call_from_a_new_customer_to_a_scheduled_order(self):
        dispatcher = self.env.ref("service_order.user_dispatcher", False)
        if not dispatcher:
            self.skipTest("the tour runs as the demo dispatcher")
        always = self.env["resource.calendar"].create(
            {
                "name": "Tour: every day, all day",
                "tz": dispatcher.tz or "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 0.0,
                            "hour_to": 23.99,
                        },
                    )
                    for day in range(7)
                ],
            }
        )
        ivy = self.env["hr.employee"].create(
            {
                "name": "Ivy Intake",
                "is_field_technician": True,
                "resource_calendar_id": always.id,
            }
        )
        order_type = self.env["service.order.type"].create(
            {"name": "Tour Intake Repair", "default_duration": 1.0}
        )
        self.start_tour("/odoo", "service_intake_phone_tour", login=dispatcher.login)
        caller = self.env["res.partner"].search([("name", "=", "Tour Ice Cream")])
        self.assertEqual(len(caller), 1)
        self.assertEqual(caller.phone, "0470 98 76 54")
        order = self.env["service.order"].search([("partner_id", "=", caller.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.order_type_id, order_type)
        self.assertEqual(order.channel, "phone")
        self.assertIn("freezer is warm", order.description)
        self.assertTrue(order.resolution_deadline)
        self.assertEqual(order.technician_id, ivy)
        self.assertEqual(order.state, "scheduled")
        self.assertTrue(order.date_scheduled_start)
        self.assertEqual(order.user_id, dispatcher)

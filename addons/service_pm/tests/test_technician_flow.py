from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServicePmCase

# a 1x1 PNG: the customer's signature
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestTechnicianCompletesPmOrders(ServicePmCase):
    """The field flow of a PM order, as the technician all the way (the
    dispatcher only plans): start, read the meter, tick the checklist, log the
    travel, get the signature, complete."""

    def _dispatch(self, order, when):
        as_dispatcher = order.with_user(self.dispatcher)
        as_dispatcher.write(
            {
                "technician_id": self.tech_a.id,
                "date_scheduled_start": when,
                "date_scheduled_end": when.replace(hour=when.hour + 2),
            }
        )
        as_dispatcher.action_schedule()
        as_dispatcher.action_dispatch()
        return order.with_user(self.tech_user_a)

    def _work(self, order, when, reading=None):
        """The technician's part; returns his view of the order."""
        order = self._dispatch(order, when)
        order.action_start()
        if reading is not None:
            self.env["service.asset.meter.reading"].with_user(self.tech_user_a).create(
                {
                    "meter_id": self.meter.id,
                    "date": when,
                    "value": reading,
                    "order_id": order.id,
                }
            )
        # a required item left open: the completion is refused, nothing changes
        with self.assertRaisesMessage(UserError, "unfinished required checklist"):
            order.action_complete()
        self.assertEqual(order.state, "in_progress")
        self.assertFalse(order.pm_meter_value_done)
        order.checklist_item_ids.write({"is_done": True})
        self.env["service.order.timelog"].with_user(self.tech_user_a).create(
            {
                "order_id": order.id,
                "employee_id": self.tech_a.id,
                "kind": "travel",
                "date_start": when.replace(hour=when.hour - 1),
                "date_end": when,
            }
        )
        order.write(
            {
                "signature": SIGNATURE,
                "signed_by": "Site manager",
                "resolution": "Filters replaced, coil cleaned.",
            }
        )
        order.action_complete()
        return order

    def test_meter_based_pm_order(self):
        for day, value in ((1, 0), (11, 100), (21, 200), (31, 300)):
            self._read(self.meter, date(2026, 1, day), value)
        plan = self._plan(
            trigger="meter",
            mode="floating",
            meter_id=self.meter.id,
            meter_interval=250,
            meter_start_value=0.0,
        )
        with freeze_time("2026-02-01 06:00:00"):
            plan.with_user(self.dispatcher).action_generate_now()
        order = self._orders(plan)
        self.assertEqual(order.pm_meter_threshold, 250.0)
        with freeze_time("2026-02-02 10:00:00"):
            done = self._work(order, datetime(2026, 2, 2, 9), reading=320)
        self.assertEqual(done.state, "done")
        self.assertTrue(done.signed_on)
        self.assertTrue(all(done.timelog_ids.mapped("date_end")), "logs closed")
        self.assertEqual(len(done.timelog_ids), 2, "travel + the work from start")
        # the meter's value at completion, written by the completion itself
        self.assertEqual(order.pm_meter_value_done, 320.0)
        # ... which the technician could not have written himself (an
        # AccessError, a UserError once done orders are read-only)
        with self.assertRaises(UserError):
            done.write({"pm_meter_value_done": 1.0})
        self.assertEqual(order.pm_meter_value_done, 320.0)
        # the floating plan counts its next threshold from it
        with freeze_time("2026-02-10 06:00:00"):
            plan.with_user(self.dispatcher).action_generate_now()
        self.assertEqual(
            self._orders(plan).mapped("pm_meter_threshold"), [250.0, 570.0]
        )

    def test_time_based_pm_order(self):
        plan = self._plan(mode="floating")
        with freeze_time("2026-01-25 06:00:00"):
            plan.with_user(self.dispatcher).action_generate_now()
        order = self._orders(plan)
        self.assertEqual(order.pm_due_date, date(2026, 1, 31))
        self.assertEqual(len(order.checklist_item_ids), 3)
        with freeze_time("2026-01-29 10:00:00"):
            done = self._work(order, datetime(2026, 1, 29, 9))
        self.assertEqual(done.state, "done")
        self.assertFalse(order.pm_meter_value_done)
        self.assertEqual(
            plan.with_user(self.dispatcher).last_done_date, date(2026, 1, 29)
        )
        # floating: the next PM is due one month after this completion
        with freeze_time("2026-02-25 06:00:00"):
            plan.with_user(self.dispatcher).action_generate_now()
        self.assertEqual(
            self._orders(plan).mapped("pm_due_date"),
            [date(2026, 1, 31), date(2026, 2, 28)],
        )

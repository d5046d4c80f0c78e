"""The auto-dispatch wizard plans around bookings, one per technician and
order, each with its own hours."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .test_plan_wizard import BEFORE, PlanWizardCase


def at(hour, minute=0):
    """Tuesday 2026-01-13 at ``hour`` UTC (the plan's day)."""
    return datetime(2026, 1, 13, hour, minute)


MORNING, EVENING = at(8), at(17)


@tagged("post_install", "-at_install")
class TestPlanBookings(PlanWizardCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bookings = cls.env["service.order.assignment"]

    def _gas_job(self, start, end):
        """A new one-hour gas job (Bob's trade) to do between start and end."""
        return self._orders(
            1,
            required_skill_ids=[Command.set(self.gas.ids)],
            window_start=start,
            window_end=end,
        )

    def _day_order(self, lead, start=MORNING, end=EVENING, **values):
        values.setdefault("site_id", self.sites[2].id)
        order = self._create_order(
            technician_id=lead.id,
            date_scheduled_start=start,
            date_scheduled_end=end,
            **values,
        )
        order.action_schedule()
        return order

    def test_helper_is_busy_for_his_own_hours_only(self):
        # Carl leads a job all Tuesday; Bob helps him from 9 to 11 only
        all_day = self._day_order(self.tech_c)
        helper = self.bookings.create(
            {
                "order_id": all_day.id,
                "employee_id": self.tech_b.id,
                "date_start": at(9),
                "date_end": at(11),
            }
        )
        self.assertTrue(helper.is_blocking)
        afternoon = self._gas_job(at(13), at(15))
        morning = self._gas_job(at(9), at(11))
        with freeze_time(BEFORE):
            wizard = self._wizard(afternoon | morning)
            wizard.action_plan()
        # free at 13:00 (the order's hours are not his), busy from 9 to 11
        line = wizard.line_ids.filtered(lambda item: item.order_id == afternoon)
        self.assertEqual(line.technician_id, self.tech_b)
        self.assertGreaterEqual(line.date_start, at(13))
        self.assertLessEqual(line.date_end, at(15))
        self.assertEqual(wizard.dropped_ids.order_id, morning)
        self.assertNotIn(all_day, wizard.line_ids.order_id)
        for line in wizard.line_ids.filtered(
            lambda item: item.technician_id == self.tech_b
        ):
            self.assertFalse(line.date_start < at(11) and at(9) < line.date_end)

    def test_lead_booking_stays_locked_crew_booking_only_blocks(self):
        # Alice leads a job from 8:30 to 10 and helps Carl from 13 to 15
        led = self._day_order(self.tech_a, at(8, 30), at(10), site_id=self.sites[0].id)
        helped = self._day_order(self.tech_c)
        self.bookings.create(
            {
                "order_id": helped.id,
                "employee_id": self.tech_a.id,
                "date_start": at(13),
                "date_end": at(15),
            }
        )
        hvac = self._orders(2, required_skill_ids=[Command.set(self.hvac.ids)])
        with freeze_time(BEFORE):
            wizard = self._wizard(hvac)
            wizard.action_plan()
            locked = wizard.line_ids.filtered("is_locked")
            self.assertEqual(locked.order_id, led)
            self.assertEqual(locked.technician_id, self.tech_a)
            self.assertEqual(locked.date_start, at(8, 30))
            self.assertEqual(locked.date_end, at(10))
            new = wizard.line_ids - locked
            self.assertEqual(new.order_id, hvac)
            for line in new:
                self.assertEqual(line.technician_id, self.tech_a)
                for start, end in ((at(8, 30), at(10)), (at(13), at(15))):
                    self.assertFalse(line.date_start < end and start < line.date_end)
            wizard.action_apply()
        self.assertEqual(set(hvac.mapped("state")), {"scheduled"})
        self.assertEqual(led.date_scheduled_start, at(8, 30))

    def test_done_and_cancelled_orders_do_not_block(self):
        # Bob led a job that is done and was crew on a cancelled one, all day
        done = self._day_order(self.tech_b)
        done.action_dispatch()
        done.action_start()
        done.action_complete()
        cancelled = self._day_order(
            self.tech_c, crew_ids=[Command.set(self.tech_b.ids)]
        )
        cancelled.action_cancel()
        self.assertFalse((done | cancelled).assignment_ids.filtered("is_blocking"))
        gas = self._gas_job(at(9), at(11))
        with freeze_time(BEFORE):
            wizard = self._wizard(gas)
            wizard.action_plan()
        self.assertEqual(wizard.line_ids.order_id, gas)
        self.assertFalse(wizard.line_ids.filtered("is_locked"))
        self.assertEqual(wizard.line_ids.technician_id, self.tech_b)
        self.assertFalse(wizard.dropped_ids)


@tagged("post_install", "-at_install")
class TestPlanCrew(PlanWizardCase):
    """An order that already has a crew is planned only when its lead and
    its whole crew are free (working hours, other bookings)."""

    def _crewed_gas_job(self, crew, **values):
        return self._orders(
            1,
            required_skill_ids=[Command.set(self.gas.ids)],
            crew_ids=[Command.set(crew.ids)],
            **values,
        )

    def _booked(self, lead, start, end):
        order = self._create_order(
            technician_id=lead.id,
            date_scheduled_start=start,
            date_scheduled_end=end,
            site_id=self.sites[2].id,
        )
        order.action_schedule()
        return order

    def test_crew_booked_elsewhere_moves_the_order(self):
        # Carl (not planned) is the crew of Bob's gas job, and is booked
        # elsewhere from 9 to 12: the job goes where both are free
        self._booked(self.tech_c, at(9), at(12))
        order = self._crewed_gas_job(self.tech_c)
        with freeze_time(BEFORE):
            wizard = self._wizard(order)
            wizard.action_plan()
            line = wizard.line_ids
            self.assertEqual(line.order_id, order)
            self.assertEqual(line.technician_id, self.tech_b)
            self.assertFalse(line.date_start < at(12) and at(9) < line.date_end)
            self.assertFalse(wizard.dropped_ids)
            wizard.action_apply()
        self.assertEqual(order.state, "scheduled")
        self.assertEqual(order.technician_id, self.tech_b)
        self.assertEqual(order.crew_ids, self.tech_c)
        crew_booking = order.assignment_ids.filtered(lambda b: b.role == "crew")
        self.assertTrue(crew_booking.is_blocking)
        self.assertEqual(crew_booking.date_start, line.date_start)

    def test_crew_never_free_is_dropped_with_a_reason(self):
        # Carl is booked all day: the order is not proposed, and says why
        self._booked(self.tech_c, MORNING, EVENING)
        order = self._crewed_gas_job(self.tech_c)
        with freeze_time(BEFORE):
            wizard = self._wizard(order)
            wizard.action_plan()
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.dropped_ids.order_id, order)
        self.assertEqual(wizard.dropped_ids.reason, "crew_busy")
        self.assertIn("crew", wizard.dropped_ids.explanation)

    def test_crew_member_who_also_leads_is_never_double_booked(self):
        # Alice is planned (HVAC jobs all day long) and is the crew of Bob's
        # gas job: never two places at once, never the lead of her own crew
        # job; the plan applies
        gas = self._crewed_gas_job(self.tech_a, window_start=at(8), window_end=at(12))
        hvac = self._orders(6, required_skill_ids=[Command.set(self.hvac.ids)])
        with freeze_time(BEFORE):
            wizard = self._wizard(gas | hvac)
            wizard.action_plan()
            lines = wizard.line_ids
            gas_line = lines.filtered(lambda line: line.order_id == gas)
            self.assertNotEqual(gas_line.technician_id, self.tech_a)
            alice = [
                (line.date_start, line.date_end)
                for line in lines
                if line.technician_id == self.tech_a or line.order_id == gas
            ]
            for i, (start, end) in enumerate(alice):
                for other_start, other_end in alice[i + 1 :]:
                    self.assertFalse(start < other_end and other_start < end)
            wizard.action_apply()
        self.assertEqual(set(lines.order_id.mapped("state")), {"scheduled"})

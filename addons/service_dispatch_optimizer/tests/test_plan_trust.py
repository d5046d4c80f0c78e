"""Auto-dispatch a dispatcher can trust (issue 7): every booking fixed in the
solve, apply re-checked against bookings made since, drops, the default
period, hostile values, skill levels, no stop proposed over a booking, and
the wizard for dispatchers only.

Moved from service_dispatch's test_dispatch_trust.py with the wizard."""

from datetime import datetime
from unittest.mock import patch

# imported here, not under freeze_time: the auto-dispatch solver loads VROOM
# (and pandas) lazily, and importing pandas with freezegun active takes minutes
import vroom  # noqa: F401
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.service_dispatch.tests.common import DispatchCase
from odoo.addons.service_order.tests.common import DISPATCHER_GROUP

from ..utils import vrp
from .test_plan_wizard import BEFORE, TUESDAY, WEDNESDAY, PlanWizardCase

HOSTILE_CONTEXTS = (
    {"service_order_state_change": True},
    {"is_dispatcher": True, "force_dispatch": True, "su": True},
)


@tagged("post_install", "-at_install")
class TestPlanDispatcherOnly(DispatchCase):
    def test_technician_gets_no_plan(self):
        for context in ({}, *HOSTILE_CONTEXTS):
            wizards = (
                self.env["service.dispatch.plan.wizard"]
                .with_user(self.tech_user_a)
                .with_context(**context)
            )
            with self.assertRaises(AccessError):
                wizards.default_get(["order_ids", "technician_ids", "date_from"])
            with self.assertRaises(AccessError):
                wizards.create({})
        self.assertFalse(self.env["service.dispatch.plan.wizard"].search([]))


@tagged("post_install", "-at_install")
class TestPlanTrust(PlanWizardCase):
    def test_every_booking_is_fixed_in_the_solve(self):
        # Alice holds the morning as crew of an order of Carl, and the
        # afternoon as lead; nothing new may land on either
        crew = self._create_order(
            technician_id=self.tech_c.id,
            crew_ids=[Command.set(self.tech_a.ids)],
            date_scheduled_start=datetime(2026, 1, 13, 8, 0),
            date_scheduled_end=datetime(2026, 1, 13, 12, 0),
        )
        lead = self._create_order(
            site_id=self.sites[0].id,
            technician_id=self.tech_a.id,
            date_scheduled_start=datetime(2026, 1, 13, 13, 0),
            date_scheduled_end=datetime(2026, 1, 13, 15, 0),
        )
        hvac = self._orders(3, required_skill_ids=[Command.set(self.hvac.ids)])
        with freeze_time(BEFORE):
            wizard = self._wizard(hvac)
            wizard.action_plan()
            for line in wizard.line_ids.filtered(lambda item: not item.is_locked):
                for booking in crew | lead:
                    self.assertFalse(
                        line.date_start < booking.date_scheduled_end
                        and booking.date_scheduled_start < line.date_end,
                        f"{line.order_id.name} planned over {booking.name}",
                    )
            # only 15:00-17:00 is left, after the drive from the booked job
            new = wizard.line_ids.filtered(lambda item: not item.is_locked)
            self.assertTrue(new)
            self.assertLess(wizard.planned_count, 3)
            for line in new:
                self.assertGreaterEqual(line.date_start, datetime(2026, 1, 13, 15, 0))
            wizard.action_apply()
        self.assertEqual(len(hvac.filtered(lambda o: o.state == "scheduled")), len(new))

    def test_apply_names_the_clashing_stops_and_a_drop_fixes_it(self):
        orders = self._orders(4)
        with freeze_time(BEFORE):
            wizard = self._wizard(orders)
            wizard.action_plan()
        self.assertEqual(wizard.planned_count, 4)
        line = wizard.line_ids.filtered(lambda item: not item.is_locked)[:1]
        clash = self._create_order(
            technician_id=line.technician_id.id,
            date_scheduled_start=line.date_start,
            date_scheduled_end=line.date_end,
        )
        clash.action_schedule()
        with self.assertRaises(ValidationError) as caught:
            wizard.action_apply()
        message = str(caught.exception)
        self.assertIn(line.order_id.name, message)
        self.assertIn(f"already booked on {clash.name}", message)
        self.assertEqual(set(orders.mapped("state")), {"new"})
        self.assertFalse(orders.technician_id)
        # the dispatcher drops that stop and applies the rest
        dropped_order = line.order_id
        action = line.action_drop()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.planned_count, 3)
        self.assertIn(dropped_order, wizard.dropped_ids.order_id)
        self.assertNotIn(dropped_order, wizard.line_ids.order_id)
        with freeze_time("2026-01-12 18:05:00"):
            wizard.action_apply()
        self.assertEqual(dropped_order.state, "new")
        self.assertEqual(set((orders - dropped_order).mapped("state")), {"scheduled"})

    def test_drop_is_for_dispatchers_and_new_stops(self):
        booked = self._create_order(
            site_id=self.sites[0].id,
            technician_id=self.tech_a.id,
            date_scheduled_start=datetime(2026, 1, 13, 8, 30),
            date_scheduled_end=datetime(2026, 1, 13, 9, 30),
        )
        with freeze_time(BEFORE):
            wizard = self._wizard(self._orders(1))
            wizard.action_plan()
        locked = wizard.line_ids.filtered("is_locked")
        self.assertEqual(locked.order_id, booked)
        with self.assertRaisesMessage(UserError, "already planned"):
            locked.action_drop()
        new = wizard.line_ids - locked
        with self.assertRaises(AccessError):
            new.with_user(self.tech_user_a).action_drop()
        other = new_test_user(
            self.env, "dispatcher_3", groups=DISPATCHER_GROUP, name="Dispatcher 3"
        )
        with self.assertRaises(AccessError):
            new.with_user(other).action_drop()
        self.assertEqual(wizard.planned_count, 1)
        self.assertTrue(new.exists())

    def test_default_period_is_the_next_working_period(self):
        wizards = self.env["service.dispatch.plan.wizard"].with_user(self.dispatcher)
        for moment, day in (
            ("2026-01-13 10:00:00", TUESDAY),  # Tuesday, hours left
            ("2026-01-13 18:00:00", WEDNESDAY),  # Tuesday evening
            ("2026-01-09 18:00:00", TUESDAY),  # Friday evening, Monday holiday
            ("2026-01-10 09:00:00", TUESDAY),  # Saturday
        ):
            with freeze_time(moment):
                defaults = wizards.default_get(["date_from", "date_to"])
            self.assertEqual(defaults["date_from"], day, moment)
            self.assertEqual(defaults["date_to"], day, moment)

    def test_proposal_dialog_is_wide(self):
        for xmlid in (
            "service_dispatch_optimizer.service_dispatch_plan_wizard_action",
            "service_dispatch_optimizer.service_dispatch_plan_wizard_action_orders",
        ):
            action = self.env.ref(xmlid)
            self.assertIn("extra-large", action.context)
        with freeze_time(BEFORE):
            wizard = self._wizard(self._orders(1))
            action = wizard.action_plan()
        self.assertEqual(action["context"]["dialog_size"], "extra-large")

    def test_wizard_fields_refuse_hostile_values(self):
        orders = self._orders(1)
        for values in (
            {"time_limit": 1e20},
            {"time_limit": float("nan")},
            {"date_from": "tomorrow"},
            {"date_to": {"day": 1}},
            {"technician_ids": "all"},
            {"order_ids": [Command.set(["x"])]},
        ):
            with self.assertRaises(ValidationError, msg=repr(values)):
                self._wizard(orders, **values)
        two = self._wizard(orders) | self._wizard(orders)
        for method in ("action_plan", "action_apply", "action_back"):
            with self.assertRaisesMessage(UserError, "one auto-dispatch plan"):
                getattr(two, method)()
        self.assertEqual(orders.state, "new")

    def test_site_without_coordinates_is_not_planned(self):
        nowhere = self.env["res.partner"].create(
            {
                "name": "Zero island",
                "type": "delivery",
                "parent_id": self.customer.id,
                "partner_latitude": 0.0,
                "partner_longitude": 0.0,
            }
        )
        order = self._create_order(site_id=nowhere.id, duration=1.0)
        self.tech_b.write({"home_latitude": 0.0, "home_longitude": 0.0})
        with freeze_time(BEFORE):
            wizard = self._wizard(order | self._orders(1))
            wizard.action_plan()
        self.assertEqual(wizard.dropped_ids.order_id, order)
        self.assertEqual(wizard.dropped_ids.reason, "no_location")
        self.assertIn("No home base coordinates for Bob Tech", wizard.notes)
        # no drive invented from (0, 0): every leg stays a city drive
        self.assertTrue(all(line.travel_minutes < 60 for line in wizard.line_ids))


@tagged("post_install", "-at_install")
class TestPlanSkillLevel(PlanWizardCase):
    def test_minimum_level_is_respected_by_auto_dispatch(self):
        junior = self.env["hr.skill.level"].create(
            {
                "name": "Junior",
                "level_progress": 40,
                "skill_type_id": self.hvac.skill_type_id.id,
            }
        )
        self.env["hr.employee.skill"].create(
            {
                "employee_id": self.tech_b.id,
                "skill_id": self.hvac.id,
                "skill_level_id": junior.id,
                "skill_type_id": self.hvac.skill_type_id.id,
            }
        )
        # Alice (certified) is off: only Bob (junior) works on Tuesday
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Alice off",
                "calendar_id": self.calendar.id,
                "resource_id": self.tech_a.resource_id.id,
                "date_from": datetime(2026, 1, 13, 0, 0),
                "date_to": datetime(2026, 1, 13, 23, 59),
            }
        )
        expert_job, junior_job = self._orders(
            2, required_skill_ids=[Command.set(self.hvac.ids)]
        )
        expert_job.min_skill_level = 50
        junior_job.min_skill_level = 30
        with freeze_time(BEFORE):
            wizard = self._wizard(expert_job | junior_job)
            wizard.action_plan()
        self.assertEqual(wizard.line_ids.order_id, junior_job)
        self.assertEqual(wizard.line_ids.technician_id, self.tech_b)
        self.assertEqual(wizard.dropped_ids.order_id, expert_job)
        self.assertEqual(wizard.dropped_ids.reason, "no_skill")


@tagged("post_install", "-at_install")
class TestPlanNeverProposesAClash(PlanWizardCase):
    def test_stop_over_a_booking_is_not_proposed(self):
        """Should the solver place a stop over a booking (a locked job it had
        to leave out), the proposal leaves that stop out and says why."""
        orders = self._orders(2)
        solutions = []
        real_solve = vrp.solve

        def recording_solve(problem, settings=None):
            solutions.append(real_solve(problem, settings))
            return solutions[-1]

        with freeze_time(BEFORE):
            wizard = self._wizard(orders)
            with patch.object(vrp, "solve", recording_solve):
                wizard.action_plan()
            line = wizard.line_ids[:1]
            # a booking appears where the first stop is; the solver (replayed)
            # does not know it
            self._create_order(
                technician_id=self.tech_c.id,
                crew_ids=[Command.set(line.technician_id.ids)],
                date_scheduled_start=line.date_start,
                date_scheduled_end=line.date_end,
            )
            clashing = line.order_id
            with patch.object(
                vrp, "solve", lambda problem, settings=None: solutions[0]
            ):
                wizard.action_plan()
        self.assertNotIn(clashing, wizard.line_ids.order_id)
        dropped = wizard.dropped_ids.filtered(lambda item: item.order_id == clashing)
        self.assertEqual(dropped.reason, "booked")
        self.assertTrue(dropped.explanation)
        self.assertEqual(wizard.planned_count, 1)
        with freeze_time("2026-01-12 18:05:00"):
            wizard.action_apply()
        self.assertEqual(clashing.state, "new")
        self.assertEqual((orders - clashing).state, "scheduled")

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DispatchCase


@tagged("post_install", "-at_install")
class TestSuggestions(DispatchCase):
    """Who should take this job? Alice (expert HVAC, lives next door) and Bob
    (novice HVAC, 10 km away) are candidates; Carl (plumber) is not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            site_id=cls.site.id,
            required_skill_ids=[Command.set(cls.skill_hvac.ids)],
            date_scheduled_start=cls.at(13, 9),
            duration=2.0,
        )

    def _ranked(self, order=None, **kwargs):
        order = (order or self.order).with_user(self.dispatcher)
        return order._compute_dispatch_suggestions(**kwargs)

    def test_ranking_and_explanation(self):
        ranked = self._ranked()
        eligible = [s for s in ranked if s.eligible]
        self.assertEqual(
            [s.technician_id for s in eligible], [self.tech_a.id, self.tech_b.id]
        )
        self.assertGreater(eligible[0].score, eligible[1].score)
        text = self.order._format_dispatch_explanation(eligible[0])
        self.assertIn("has skill Test HVAC (Expert)", text)
        self.assertIn("from home base", text)
        self.assertIn("free 08:00-12:00", text)
        self.assertIn("nothing booked that day", text)
        carl = next(s for s in ranked if s.technician_id == self.tech_c.id)
        self.assertFalse(carl.eligible)
        self.assertEqual(
            self.order._format_dispatch_explanation(carl), "lacks skill Test HVAC"
        )

    def test_previous_job_visits_and_load_in_words(self):
        earlier = self._book(self.tech_a, 13, 8, 9, site_id=self.other_site.id)
        self.assertEqual(earlier.technician_id, self.tech_a)
        done = self._book(self.tech_a, 6, 9, 10, site_id=self.site.id)
        done.action_schedule()
        done.action_dispatch()
        done.action_start()
        done.action_complete()
        ranked = self._ranked()
        alice = next(s for s in ranked if s.technician_id == self.tech_a.id)
        text = self.order._format_dispatch_explanation(alice)
        self.assertRegex(text, rf"1\d km / ~\d+ min from previous job {earlier.name}")
        self.assertIn("serviced this site once", text)
        self.assertIn("1.0 h booked that day", text)

    def test_min_level_is_a_hard_filter(self):
        self.order.min_skill_level = 50
        ranked = self._ranked()
        self.assertEqual(
            [s.technician_id for s in ranked if s.eligible], self.tech_a.ids
        )
        bob = next(s for s in ranked if s.technician_id == self.tech_b.id)
        self.assertEqual(
            self.order._format_dispatch_explanation(bob),
            "Test HVAC level Novice (20%) below the required 50%",
        )
        with self.assertRaisesMessage(ValidationError, "between 0 and 100"):
            self.order.min_skill_level = 120
        self.assertEqual(self.order.min_skill_level, 50)

    def test_time_off_and_overlap_are_hard_filters(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Doctor",
                "calendar_id": self.calendar.id,
                "resource_id": self.tech_a.resource_id.id,
                "date_from": self.at(13, 8),
                "date_to": self.at(13, 10),
            }
        )
        busy = self._book(self.tech_b, 13, 10, 11)
        ranked = self._ranked()
        self.assertFalse([s for s in ranked if s.eligible])
        words = {
            s.technician_id: self.order._format_dispatch_explanation(s) for s in ranked
        }
        self.assertIn("not working then", words[self.tech_a.id])
        self.assertIn(f"already booked on {busy.name} then", words[self.tech_b.id])

    def test_holiday_and_other_company_excluded(self):
        on_holiday = self._create_order(
            site_id=self.site.id,
            required_skill_ids=[Command.set(self.skill_hvac.ids)],
            date_scheduled_start=self.at(12, 9),
            duration=1.0,
        )
        self.assertFalse([s for s in self._ranked(on_holiday) if s.eligible])
        self.env["hr.employee"].create(
            {
                "name": "Other company tech",
                "is_field_technician": True,
                "company_id": self.company2.id,
            }
        )
        names = [s.name for s in self._ranked()]
        self.assertNotIn("Other company tech", names)

    @freeze_time("2026-01-13 06:00:00")
    def test_unscheduled_order_gets_a_free_slot(self):
        order = self._create_order(
            site_id=self.site.id,
            required_skill_ids=[Command.set(self.skill_hvac.ids)],
            duration=2.0,
        )
        self._book(self.tech_a, 13, 8, 11, site_id=self.site.id)
        ranked = self._ranked(order, date_from=self.at(13, 7), date_to=self.at(13, 18))
        slots = {s.technician_id: (s.start, s.end) for s in ranked if s.eligible}
        self.assertEqual(slots[self.tech_b.id], (self.at(13, 8), self.at(13, 10)))
        self.assertEqual(slots[self.tech_a.id], (self.at(13, 13), self.at(13, 15)))
        # the board's JSON: eligible only, best first, with the slot
        board = order.with_user(self.dispatcher).get_dispatch_suggestions(
            "2026-01-13 07:00:00", "2026-01-13 18:00:00", limit=1
        )
        self.assertEqual(len(board), 1)
        self.assertEqual(board[0]["start"], "2026-01-13 08:00:00")
        self.assertIn("explanation", board[0])

    def test_weights_from_settings(self):
        # Bob lives 10 km away but has nothing booked; Alice is next door with
        # a full afternoon: travel first picks Alice, load first picks Bob
        self._book(self.tech_a, 13, 13, 17)
        settings = self.env["res.config.settings"].create(
            {
                "dispatch_weight_travel": 100,
                "dispatch_weight_load": 0,
                "dispatch_weight_history": 0,
                "dispatch_weight_urgency": 0,
            }
        )
        settings.execute()
        self.assertEqual(self._ranked()[0].technician_id, self.tech_a.id)
        self.company.write({"dispatch_weight_travel": 0, "dispatch_weight_load": 100})
        self.assertEqual(self._ranked()[0].technician_id, self.tech_b.id)

    def test_settings_validation(self):
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self.company.dispatch_weight_load = -5
        with self.assertRaisesMessage(ValidationError, "at least one must be positive"):
            self.company.write(
                {
                    "dispatch_weight_travel": 0,
                    "dispatch_weight_load": 0,
                    "dispatch_weight_history": 0,
                    "dispatch_weight_urgency": 0,
                }
            )
        with self.assertRaisesMessage(ValidationError, "road factor"):
            self.company.dispatch_road_factor = 0.5
        with self.assertRaisesMessage(ValidationError, "speed must be positive"):
            self.company.dispatch_avg_speed_kmh = 0
        self.assertEqual(self.company.dispatch_weight_load, 20)

    @freeze_time("2026-01-13 06:00:00")
    def test_wizard_from_the_form_and_one_click_assign(self):
        order = self._create_order(
            site_id=self.site.id,
            required_skill_ids=[Command.set(self.skill_hvac.ids)],
            duration=1.0,
        )
        action = order.with_user(self.dispatcher).action_open_dispatch_suggestions()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.dispatcher)
            .browse(action["res_id"])
        )
        wizard.write({"date_from": self.at(14, 7), "date_to": self.at(14, 18)})
        wizard.action_refresh()
        best = wizard.eligible_line_ids[0]
        self.assertEqual(best.rank, 1)
        self.assertTrue(best.explanation)
        excluded = wizard.line_ids - wizard.eligible_line_ids
        self.assertIn(self.tech_c, excluded.employee_id)  # Carl: no HVAC
        self.assertEqual(
            excluded.filtered(lambda line: line.employee_id == self.tech_c).explanation,
            "lacks skill Test HVAC",
        )
        best.action_assign()
        self.assertEqual(order.technician_id, best.employee_id)
        self.assertEqual(order.date_scheduled_start, best.date_start)
        self.assertEqual(order.state, "scheduled")
        with self.assertRaisesMessage(UserError, "cannot take this order"):
            excluded[0].action_assign()

    def test_assign_refused_when_slot_taken_meanwhile(self):
        wizard = (
            self.env["service.dispatch.suggestion"]
            .with_user(self.dispatcher)
            .create({"order_id": self.order.id})
        )
        alice = wizard.eligible_line_ids.filtered(
            lambda line: line.employee_id == self.tech_a
        )
        self._book(self.tech_a, 13, 10, 11)  # another dispatcher was faster
        with self.assertRaisesMessage(ValidationError, "already booked on"):
            alice.action_assign()
        self.assertFalse(self.order.technician_id)

    def test_access(self):
        with self.assertRaises(AccessError):
            self.env["service.dispatch.suggestion"].with_user(self.tech_user_a).create(
                {"order_id": self.order.id}
            )
        wizard = (
            self.env["service.dispatch.suggestion"]
            .with_user(self.dispatcher)
            .create({"order_id": self.order.id})
        )
        other_dispatcher = self.env["res.users"].create(
            {
                "name": "Other dispatcher",
                "login": "other_dispatcher_t",
                "groups_id": [
                    Command.set(
                        self.env.ref("service_order.group_service_dispatcher").ids
                    )
                ],
            }
        )
        with self.assertRaises(AccessError):
            wizard.with_user(other_dispatcher).line_ids.read(["score"])

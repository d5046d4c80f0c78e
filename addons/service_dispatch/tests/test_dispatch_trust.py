"""Planning a dispatcher can trust (issue 7): dispatcher-only methods, bad
input, skill / time-off override on the board, suggestions over breaks,
unknown coordinates, access rules of the dispatch models. (The auto-dispatch
wizard's part is in service_dispatch_optimizer's test_plan_trust.py.)"""

import math
import unittest
import xmlrpc.client
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.service_order.tests.common import DISPATCHER_GROUP

from ..utils import scoring
from ..utils.travel import home_point, known_point, partner_point
from .common import DispatchCase

HOSTILE_CONTEXTS = (
    {"service_order_state_change": True},
    {"is_dispatcher": True, "force_dispatch": True, "su": True},
)


def at(hour, minute=0, day=13):
    return datetime(2026, 1, day, hour, minute)


class TestScoringOverBreaks(unittest.TestCase):
    """Pure: a job longer than one work interval spans the day's breaks."""

    def _tech(self, **values):
        values.setdefault("work", [(at(8), at(12)), (at(13), at(17))])
        values.setdefault("breaks", [(at(12), at(13))])
        return scoring.Technician(id=1, name="Ann", company_id=1, **values)

    def _job(self, hours, **values):
        return scoring.Job(
            company_id=1,
            duration=timedelta(hours=hours),
            location=(50.84, 4.35),
            now=at(7),
            **values,
        )

    def test_six_hour_job_spans_the_lunch_break(self):
        (suggestion,) = scoring.rank(
            self._job(6, earliest=at(7), latest=at(18, day=17)), [self._tech()]
        )
        self.assertTrue(suggestion.eligible, suggestion.rejections)
        self.assertEqual((suggestion.start, suggestion.end), (at(8), at(14)))

    def test_short_job_still_avoids_lunch(self):
        tech = self._tech(
            bookings=[scoring.Booking(at(8), at(11, 30), ref="SO1")],
        )
        (suggestion,) = scoring.rank(
            self._job(1, earliest=at(7), latest=at(18)), [tech]
        )
        self.assertEqual(suggestion.start, at(13))

    def test_time_off_is_no_break(self):
        # the afternoon is time off: no break joins the two halves
        tech = self._tech(work=[(at(8), at(12))], breaks=[], leaves=[(at(13), at(17))])
        (suggestion,) = scoring.rank(
            self._job(6, earliest=at(7), latest=at(18)), [tech]
        )
        self.assertFalse(suggestion.eligible)
        self.assertEqual(suggestion.rejections, [("too_long", {"hours": 6.0})])
        self.assertEqual(
            scoring.working_rejections(tech, at(14), at(15)), [("time_off", {})]
        )
        self.assertEqual(
            scoring.working_rejections(tech, at(18), at(19)), [("not_working", {})]
        )
        self.assertEqual(scoring.working_rejections(tech, at(9), at(11)), [])

    def test_day_breaks(self):
        attendance = [
            (at(8), at(12)),
            (at(13), at(17)),
            (at(8, day=14), at(12, day=14)),
        ]
        self.assertEqual(scoring.day_breaks(attendance), [(at(12), at(13))])
        # a doctor's appointment over lunch is time off, not a break
        self.assertEqual(
            scoring.day_breaks(attendance, [(at(12, 30), at(14))]),
            [(at(12), at(12, 30))],
        )

    def test_unknown_coordinates_are_never_a_place(self):
        self.assertIsNone(known_point(0.0, 0.0))
        self.assertIsNone(known_point(False, False))
        self.assertIsNone(known_point(float("nan"), 4.0))
        self.assertIsNone(known_point(95.0, 4.0))
        self.assertEqual(known_point(50.84, 4.35), (50.84, 4.35))
        tech = self._tech(home=None)
        (suggestion,) = scoring.rank(self._job(1, start=at(9)), [tech])
        self.assertEqual(suggestion.facts["travel"]["missing"], "home")
        self.assertEqual(suggestion.factors["travel"], scoring.NEUTRAL)
        (suggestion,) = scoring.rank(
            scoring.Job(company_id=1, duration=timedelta(hours=1), start=at(9)),
            [self._tech(home=(50.8, 4.3))],
        )
        self.assertEqual(suggestion.facts["travel"]["missing"], "site")


@tagged("post_install", "-at_install")
class TestDispatcherOnly(DispatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            site_id=cls.site.id,
            required_skill_ids=[Command.set(cls.skill_hvac.ids)],
            technician_id=cls.tech_a.id,
            date_scheduled_start=cls.at(13, 9),
            duration=2.0,
        )

    def test_technician_gets_no_planning_data(self):
        for context in ({}, *HOSTILE_CONTEXTS):
            order = self.order.with_user(self.tech_user_a).with_context(**context)
            calls = [
                lambda order=order: order.get_dispatch_suggestions(),
                lambda order=order: order.get_dispatch_suggestion_report(),
                lambda order=order: order.action_open_dispatch_suggestions(),
                lambda order=order: order.action_dispatch_assign(
                    self.tech_b.id, "2026-01-13 13:00:00", "2026-01-13 15:00:00"
                ),
                lambda order=order: order.dispatch_board_move(
                    self.tech_b.id,
                    "2026-01-13 13:00:00",
                    "2026-01-13 15:00:00",
                    override_reason="trust me",
                ),
                lambda context=context: (
                    self.env["service.dispatch.suggestion"]
                    .with_user(self.tech_user_a)
                    .with_context(**context)
                    .default_get(["order_id"])
                ),
            ]
            for call in calls:
                with self.assertRaises(AccessError):
                    call()
        self.assertEqual(self.order.technician_id, self.tech_a)
        self.assertEqual(self.order.date_scheduled_start, self.at(13, 9))
        self.assertFalse(self.order.dispatch_override_note)

    def test_home_coordinates_are_for_dispatchers(self):
        public = self.env["hr.employee.public"].browse(self.tech_b.id)
        with self.assertRaises(AccessError):
            public.with_user(self.tech_user_a).read(["home_latitude"])
        with self.assertRaises(AccessError):
            self.env["hr.employee.public"].with_user(self.tech_user_a).search_read(
                [("id", "=", self.tech_b.id)], ["home_longitude"]
            )
        # a plain read gives the technician everything else, no coordinates
        values = public.with_user(self.tech_user_a).read()[0]
        self.assertNotIn("home_latitude", values)
        self.assertEqual(
            public.with_user(self.dispatcher).read(["home_latitude"])[0][
                "home_latitude"
            ],
            50.84,
        )

    def test_one_order_at_a_time(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        two = (self.order | self._create_order()).with_user(self.dispatcher)
        for records in (orders, two):
            with self.assertRaisesMessage(UserError, "one service order at a time"):
                records.get_dispatch_suggestions()
            with self.assertRaisesMessage(UserError, "one service order at a time"):
                records.action_open_dispatch_suggestions()
            with self.assertRaisesMessage(UserError, "one service order at a time"):
                records.dispatch_board_move(
                    self.tech_b.id, "2026-01-13 13:00:00", "2026-01-13 14:00:00"
                )
            with self.assertRaisesMessage(UserError, "one service order at a time"):
                records.action_dispatch_assign(self.tech_b.id)
        lines = self.env["service.dispatch.suggestion.line"].with_user(self.dispatcher)
        with self.assertRaisesMessage(UserError, "one suggested technician"):
            lines.action_assign()
        self.assertEqual(self.order.technician_id, self.tech_a)


@tagged("post_install", "-at_install")
class TestDispatchBadInput(DispatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(site_id=cls.site.id, duration=1.0)

    def _move(self, *args, **kwargs):
        return self.order.with_user(self.dispatcher).dispatch_board_move(
            *args, **kwargs
        )

    def test_board_move_refuses_hostile_values(self):
        good = ("2026-01-13 13:00:00", "2026-01-13 14:00:00")
        cases = [
            (self.tech_b.id, {"year": 2026}, good[1]),
            (self.tech_b.id, good[0], ["2026-01-13"]),
            (self.tech_b.id, "10000-01-01 00:00:00", good[1]),
            (self.tech_b.id, 1.5e308, good[1]),
            ("abc", *good),
            ([self.tech_b.id, self.tech_a.id], *good),
            (float("nan"), *good),
            (2**40, *good),
            ({"id": self.tech_b.id}, *good),
        ]
        for args in cases:
            with self.assertRaises(UserError, msg=repr(args)):
                self._move(*args)
        with self.assertRaises(UserError):
            self._move(self.tech_b.id, *good, from_technician_id="x")
        with self.assertRaises(UserError):
            self._move(self.tech_b.id, *good, override_reason={"why": 1})
        self.assertFalse(self.order.technician_id)
        self.assertFalse(self.order.date_scheduled_start)
        self.assertEqual(self.order.state, "new")
        # an id as a digit string is an id
        self.assertTrue(self._move(str(self.tech_b.id), *good))
        self.assertEqual(self.order.technician_id, self.tech_b)

    def test_suggestions_refuse_hostile_values(self):
        order = self.order.with_user(self.dispatcher)
        for kwargs in (
            {"date_from": "soon"},
            {"date_from": {"a": 1}},
            {"date_to": 12},
            {"date_to": [2026, 1, 13]},
            {"date_from": "99999-01-01 00:00:00"},
            {"limit": "many"},
            {"limit": 1e308},
            {"limit": float("nan")},
            {"limit": -1},
            {"limit": [5]},
        ):
            with self.assertRaises(ValidationError, msg=repr(kwargs)):
                order.get_dispatch_suggestions(**kwargs)
        self.assertIsInstance(order.get_dispatch_suggestions(limit="2"), list)

    def test_settings_refuse_nan_inf_and_huge(self):
        before = self.company.read(
            ["dispatch_road_factor", "dispatch_avg_speed_kmh", "dispatch_weight_load"]
        )
        for field in ("dispatch_road_factor", "dispatch_avg_speed_kmh"):
            for value in (float("nan"), math.inf, -math.inf, 1e308, "fast", 1e6):
                with self.assertRaises(ValidationError, msg=f"{field}={value}"):
                    self.company.write({field: value})
        for value in (10**12, 1e20, float("nan"), "heavy", 5000):
            with self.assertRaises(ValidationError, msg=repr(value)):
                self.company.write({"dispatch_weight_load": value})
        settings = self.env["res.config.settings"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            settings.create({"dispatch_avg_speed_kmh": float("inf")})
        self.company.invalidate_recordset()
        self.assertEqual(
            self.company.read(
                [
                    "dispatch_road_factor",
                    "dispatch_avg_speed_kmh",
                    "dispatch_weight_load",
                ]
            ),
            before,
        )

    def test_team_and_territory_values_are_cleaned(self):
        teams = self.env["service.team"].with_user(self.manager)
        team = teams.create(
            {"name": "Cleaned", "member_ids": [Command.set([str(self.tech_a.id)])]}
        )
        self.assertEqual(team.member_ids, self.tech_a)
        for vals in (
            {"name": "Bad 1", "member_ids": "everyone"},
            {"name": "Bad 2", "company_id": [self.company.id]},
            {"name": "Bad 3", "sequence": 1e20},
            {"name": "Bad 4", "color": float("nan")},
            {"name": "Bad 5", "user_id": "me"},
        ):
            with self.assertRaises(ValidationError, msg=repr(vals)):
                teams.create(vals)
        with self.assertRaises(ValidationError):
            team.write({"sequence": "first"})
        territories = self.env["service.territory"].with_user(self.manager)
        with self.assertRaises(ValidationError):
            territories.create({"name": "T", "technician_ids": [(6, 0, "all")]})
        with self.assertRaises(ValidationError):
            self.site.write({"service_territory_id": [1, 2]})
        self.assertFalse(teams.search([("name", "like", "Bad ")]))


@tagged("post_install", "-at_install")
class TestBoardOverride(DispatchCase):
    """The contract with the board: a drop onto a technician without the
    skill, on time off or outside his hours asks for an override."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            site_id=cls.site.id,
            required_skill_ids=[Command.set(cls.skill_hvac.ids)],
            duration=2.0,
        )

    def _move(self, tech, start, end, user=None, **kwargs):
        return self.order.with_user(user or self.dispatcher).dispatch_board_move(
            tech.id, start, end, **kwargs
        )

    def _assert_untouched(self):
        self.assertFalse(self.order.technician_id)
        self.assertFalse(self.order.date_scheduled_start)
        self.assertEqual(self.order.state, "new")
        self.assertFalse(self.order.dispatch_override_note)

    def test_missing_skill_needs_an_override(self):
        result = self._move(self.tech_c, "2026-01-13 09:00:00", "2026-01-13 11:00:00")
        self.assertEqual(set(result), {"needs_override", "reasons"})
        self.assertIs(result["needs_override"], True)
        self.assertEqual(result["reasons"], ["Carl Crew: lacks skill Test HVAC"])
        self._assert_untouched()
        # a blank reason is no reason
        result = self._move(
            self.tech_c,
            "2026-01-13 09:00:00",
            "2026-01-13 11:00:00",
            override_reason="   ",
        )
        self.assertTrue(result["needs_override"])
        self._assert_untouched()
        # a technician cannot override, whatever he sends
        with self.assertRaises(AccessError):
            self._move(
                self.tech_c,
                "2026-01-13 09:00:00",
                "2026-01-13 11:00:00",
                user=self.tech_user_a,
                override_reason="I can do it",
            )
        self._assert_untouched()
        messages = len(self.order.message_ids)
        self.assertIs(
            self._move(
                self.tech_c,
                "2026-01-13 09:00:00",
                "2026-01-13 11:00:00",
                override_reason="Carl trained on HVAC last week",
            ),
            True,
        )
        self.assertEqual(self.order.technician_id, self.tech_c)
        self.assertEqual(self.order.state, "scheduled")
        note = self.order.dispatch_override_note
        self.assertIn("Dispatcher", note)
        self.assertIn("lacks skill Test HVAC", note)
        self.assertIn("Carl trained on HVAC last week", note)
        self.assertGreater(len(self.order.message_ids), messages)
        self.assertIn("Carl trained on HVAC last week", self.order.message_ids[0].body)
        self.assertEqual(
            self.order.message_ids[0].author_id, self.dispatcher.partner_id
        )
        # the form says so too, to the dispatcher only
        self.assertIn(
            "lacks skill",
            self.order.with_user(self.dispatcher).dispatch_warning or "",
        )
        with self.assertRaises(AccessError):
            self.order.with_user(self.tech_user_a).read(["dispatch_warning"])

    def test_low_level_needs_an_override(self):
        self.order.min_skill_level = 50
        result = self._move(self.tech_b, "2026-01-13 09:00:00", "2026-01-13 11:00:00")
        self.assertIn("below the required 50%", result["reasons"][0])
        self._assert_untouched()

    def test_time_off_and_hours_need_an_override(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Alice off",
                "calendar_id": self.calendar.id,
                "resource_id": self.tech_a.resource_id.id,
                "date_from": self.at(14, 0),
                "date_to": self.at(14, 23, 59),
            }
        )
        result = self._move(self.tech_a, "2026-01-14 09:00:00", "2026-01-14 11:00:00")
        self.assertEqual(result["reasons"], ["Alice Tech: not working then (time off)"])
        result = self._move(self.tech_a, "2026-01-13 18:00:00", "2026-01-13 20:00:00")
        self.assertEqual(
            result["reasons"],
            ["Alice Tech: not working then (outside working hours)"],
        )
        # the public holiday too
        result = self._move(self.tech_a, "2026-01-12 09:00:00", "2026-01-12 11:00:00")
        self.assertTrue(result["needs_override"])
        self._assert_untouched()
        # a job over lunch is fine: breaks are no time off
        self.assertIs(
            self._move(self.tech_a, "2026-01-13 11:00:00", "2026-01-13 14:00:00"), True
        )
        self.assertFalse(self.order.dispatch_override_note)

    def test_override_note_cleared_by_a_clean_move(self):
        self._move(
            self.tech_c,
            "2026-01-13 09:00:00",
            "2026-01-13 11:00:00",
            override_reason="urgent",
        )
        self.assertTrue(self.order.dispatch_override_note)
        self.assertIs(
            self._move(self.tech_a, "2026-01-13 09:00:00", "2026-01-13 11:00:00"), True
        )
        self.assertFalse(self.order.dispatch_override_note)

    def test_form_assignment_is_allowed_with_a_warning(self):
        form = Form(self.order.with_user(self.dispatcher))
        form.technician_id = self.tech_c
        form.date_scheduled_start = self.at(13, 9)
        self.assertEqual(form.dispatch_warning, "Carl Crew: lacks skill Test HVAC")
        form.save()
        self.assertEqual(self.order.technician_id, self.tech_c)
        self.assertFalse(self.order.dispatch_override_note)

    def test_suggestion_assign_refuses_instead_of_overriding(self):
        order = self.order.with_user(self.dispatcher)
        with self.assertRaisesMessage(UserError, "lacks skill Test HVAC"):
            order.action_dispatch_assign(
                self.tech_c.id, "2026-01-13 09:00:00", "2026-01-13 11:00:00"
            )
        self._assert_untouched()


@tagged("post_install", "-at_install")
class TestSuggestionsSayWhy(DispatchCase):
    def test_long_job_spans_lunch_over_an_empty_week(self):
        install = self._create_order(
            site_id=self.site.id,
            required_skill_ids=[Command.set(self.skill_hvac.ids)],
            duration=6.0,
        )
        with freeze_time("2026-01-13 06:00:00"):
            result = install.with_user(self.dispatcher).get_dispatch_suggestions(
                "2026-01-13 07:00:00", "2026-01-17 00:00:00"
            )
        self.assertTrue(result)
        best = result[0]
        self.assertEqual(best["start"], "2026-01-13 08:00:00")
        self.assertEqual(best["end"], "2026-01-13 14:00:00")
        # and it can be assigned as proposed, no override needed
        self.assertIs(
            install.with_user(self.dispatcher).action_dispatch_assign(
                best["technician_id"], best["start"], best["end"]
            ),
            True,
        )
        self.assertEqual(install.state, "scheduled")
        self.assertFalse(install.dispatch_override_note)

    def test_empty_result_says_why(self):
        impossible = self._create_order(
            site_id=self.site.id,
            required_skill_ids=[Command.set(self.skill_hvac.ids)],
            duration=12.0,
        )
        with freeze_time("2026-01-13 06:00:00"):
            report = impossible.with_user(
                self.dispatcher
            ).get_dispatch_suggestion_report(
                "2026-01-13 07:00:00", "2026-01-17 00:00:00"
            )
            wizard = (
                self.env["service.dispatch.suggestion"]
                .with_user(self.dispatcher)
                .create({"order_id": impossible.id})
            )
        self.assertEqual(report["suggestions"], [])
        self.assertIn("No technician can take", report["message"])
        reasons = {item["technician_id"]: item["reason"] for item in report["reasons"]}
        self.assertIn("longer than any of his working days", reasons[self.tech_a.id])
        self.assertEqual(reasons[self.tech_c.id], "lacks skill Test HVAC")
        self.assertFalse(wizard.eligible_line_ids)
        self.assertIn("Alice Tech: the job (12.0 h) is longer", wizard.empty_note)
        self.assertIn("Carl Crew: lacks skill Test HVAC", wizard.empty_note)

    def test_site_and_home_without_coordinates(self):
        nowhere = self.env["res.partner"].create(
            {
                "name": "Not geocoded",
                "type": "delivery",
                "parent_id": self.customer.id,
                "partner_latitude": 0.0,
                "partner_longitude": 0.0,
            }
        )
        self.assertIsNone(partner_point(nowhere))
        order = self._create_order(
            site_id=nowhere.id, date_scheduled_start=self.at(13, 9), duration=1.0
        )
        result = order.with_user(self.dispatcher).get_dispatch_suggestions(limit=0)
        self.assertTrue(result)
        for item in result:
            self.assertIn("the site has no coordinates", item["explanation"])
            self.assertNotIn(" km ", item["explanation"])
        self.tech_a.write({"home_latitude": 0.0, "home_longitude": 0.0})
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertIsNone(home_point(self.tech_a))
        order.site_id = self.site
        result = order.with_user(self.dispatcher).get_dispatch_suggestions(limit=0)
        alice = next(r for r in result if r["technician_id"] == self.tech_a.id)
        self.assertIn("no home base coordinates", alice["explanation"])


@tagged("post_install", "-at_install")
class TestDispatchModelAccess(DispatchCase):
    def test_team_and_territory_per_group(self):
        outsider = new_test_user(self.env, "no_suite_rights", groups="base.group_user")
        team = self.env["service.team"].create({"name": "North"})
        territory = self.env["service.territory"].create({"name": "North zone"})
        for record in (team, territory):
            model = self.env[record._name]
            with self.assertRaises(AccessError):
                record.with_user(outsider).read(["name"])
            for user in (self.tech_user_a, self.dispatcher):
                self.assertTrue(record.with_user(user).read(["name"]))
                with self.assertRaises(AccessError):
                    record.with_user(user).write({"name": "Renamed"})
                with self.assertRaises(AccessError):
                    model.with_user(user).create({"name": "Mine"})
                with self.assertRaises(AccessError):
                    record.with_user(user).unlink()
            record.with_user(self.manager).write({"name": record.name + " (m)"})
        # another company's team is invisible
        foreign = self.env["service.team"].create(
            {"name": "Foreign", "company_id": self.company2.id}
        )
        self.assertFalse(
            self.env["service.team"]
            .with_user(self.manager)
            .search([("id", "=", foreign.id)])
        )

    def test_suggestion_wizard_is_private(self):
        order = self._create_order(date_scheduled_start=self.at(13, 9), duration=1.0)
        wizard = (
            self.env["service.dispatch.suggestion"]
            .with_user(self.dispatcher)
            .create({"order_id": order.id})
        )
        other = new_test_user(
            self.env, "dispatcher_4", groups=DISPATCHER_GROUP, name="Dispatcher 4"
        )
        with self.assertRaises(AccessError):
            wizard.with_user(other).read(["order_id"])
        with self.assertRaises(AccessError):
            wizard.with_user(other).action_refresh()
        with self.assertRaises(AccessError):
            wizard.with_user(self.tech_user_a).read(["order_id"])
        line = wizard.line_ids[:1]
        with self.assertRaises(AccessError):
            line.with_user(other).action_assign()
        self.assertFalse(order.technician_id)


@tagged("post_install", "-at_install")
class TestDispatchOverRpc(DispatchCase, HttpCase):
    """The public methods marshal over real XML-RPC and JSON-RPC (no None,
    string keys only) and refuse cleanly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(
            site_id=cls.site.id,
            required_skill_ids=[Command.set(cls.skill_hvac.ids)],
            date_scheduled_start=cls.at(13, 9),
            duration=2.0,
        )
        for user in (cls.dispatcher, cls.tech_user_a):
            user.password = user.login

    def _xmlrpc(self, user, method, args, kwargs=None):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            user.id,
            user.login,
            "service.order",
            method,
            args,
            kwargs or {},
        )

    def _jsonrpc(self, user, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.env.cr.dbname,
                    user.id,
                    user.login,
                    "service.order",
                    method,
                    args,
                    kwargs or {},
                ],
            },
        )

    def test_suggestions_and_moves_over_both_protocols(self):
        for call in (self._xmlrpc, self._jsonrpc):
            suggestions = call(
                self.dispatcher,
                "get_dispatch_suggestions",
                [[self.order.id]],
                {"limit": 3},
            )
            self.assertTrue(suggestions, call.__name__)
            self.assertEqual(
                set(suggestions[0]),
                {
                    "technician_id",
                    "name",
                    "score",
                    "start",
                    "end",
                    "explanation",
                    "parts",
                },
            )
            report = call(
                self.dispatcher,
                "get_dispatch_suggestion_report",
                [[self.order.id]],
                {"date_from": False, "date_to": False},
            )
            self.assertEqual(set(report), {"suggestions", "reasons", "message"})
            self.assertTrue(report["reasons"])
            # a drop that needs an override, then the override, then a move
            answer = call(
                self.dispatcher,
                "dispatch_board_move",
                [
                    [self.order.id],
                    self.tech_c.id,
                    "2026-01-13 09:00:00",
                    "2026-01-13 11:00:00",
                ],
            )
            self.assertEqual(answer["needs_override"], True)
            self.assertTrue(answer["reasons"])
            self.assertIs(
                call(
                    self.dispatcher,
                    "dispatch_board_move",
                    [
                        [self.order.id],
                        self.tech_c.id,
                        "2026-01-13 09:00:00",
                        "2026-01-13 11:00:00",
                    ],
                    {"override_reason": f"over {call.__name__}"},
                ),
                True,
            )
            self.assertIs(
                call(
                    self.dispatcher,
                    "dispatch_board_move",
                    [
                        [self.order.id],
                        self.tech_a.id,
                        "2026-01-13 09:00:00",
                        "2026-01-13 11:00:00",
                    ],
                ),
                True,
            )
        self.order.invalidate_recordset()
        self.assertEqual(self.order.technician_id, self.tech_a)

    def test_refusals_are_clean_over_both_protocols(self):
        hostile = [
            (self.tech_user_a, "get_dispatch_suggestions", [[self.order.id]], {}),
            (self.dispatcher, "get_dispatch_suggestions", [[]], {}),
            (
                self.dispatcher,
                "get_dispatch_suggestions",
                [[self.order.id]],
                {"date_from": {"x": 1}},
            ),
            (
                self.dispatcher,
                "dispatch_board_move",
                [[self.order.id], "1; DROP TABLE", {"a": 1}, "2026-01-13 11:00:00"],
                {},
            ),
            (
                self.dispatcher,
                "dispatch_board_move",
                [[self.order.id], [1, 2], "2026-01-13 09:00:00", "x"],
                {},
            ),
        ]
        for user, method, args, kwargs in hostile:
            with self.assertRaises(xmlrpc.client.Fault) as caught:
                self._xmlrpc(user, method, args, kwargs)
            # 2: UserError / ValidationError, 4: AccessError; 1 would be a
            # raw Python error with its traceback
            self.assertIn(caught.exception.faultCode, (2, 4), (method, args))
            self.assertNotIn("Traceback", caught.exception.faultString)
            with self.assertRaises(JsonRpcException) as caught:
                self._jsonrpc(user, method, args, kwargs)
            self.assertRegex(
                str(caught.exception),
                r"odoo\.exceptions\.(AccessError|UserError|ValidationError)",
            )
        self.order.invalidate_recordset()
        self.assertFalse(self.order.technician_id)

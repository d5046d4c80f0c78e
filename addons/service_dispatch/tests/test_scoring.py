"""The pure technician ranking (utils/scoring.py): no database needed."""

import unittest
from datetime import datetime, timedelta

from odoo.addons.service_dispatch.utils import scoring
from odoo.addons.service_dispatch.utils.travel import haversine_km

HVAC, PLUMBING = 1, 2
SITE = (50.84, 4.35)


def at(hour, minute=0, day=13):
    return datetime(2026, 1, day, hour, minute)


def office_day(day=13):
    return [(at(8, day=day), at(12, day=day)), (at(13, day=day), at(17, day=day))]


def tech(tech_id, name, **values):
    values.setdefault("company_id", 1)
    values.setdefault("skills", {HVAC: (90, "Expert")})
    values.setdefault("work", office_day())
    return scoring.Technician(id=tech_id, name=name, **values)


def job(**values):
    values.setdefault("company_id", 1)
    values.setdefault("duration", timedelta(hours=2))
    values.setdefault("location", SITE)
    values.setdefault("required_skills", {HVAC: "HVAC"})
    values.setdefault("now", at(7))
    return scoring.Job(**values)


class TestHardFilters(unittest.TestCase):
    def test_company_skill_level_hours_and_overlap_exclude(self):
        fixed = job(start=at(9), min_level=50)
        technicians = [
            tech(1, "Ann"),
            tech(2, "Other company", company_id=2),
            tech(3, "No HVAC", skills={PLUMBING: (90, "Expert")}),
            tech(4, "Novice", skills={HVAC: (20, "Novice")}),
            tech(5, "Afternoon only", work=[(at(13), at(17))]),
            tech(6, "Busy", bookings=[scoring.Booking(at(10), at(11), ref="SO9")]),
        ]
        result = {s.name: s for s in scoring.rank(fixed, technicians)}
        self.assertTrue(result["Ann"].eligible)
        expected = {
            "Other company": [("company", {})],
            "No HVAC": [("missing_skill", {"skill": "HVAC"})],
            "Novice": [
                (
                    "low_level",
                    {
                        "skill": "HVAC",
                        "level": "Novice",
                        "progress": 20,
                        "required": 50,
                    },
                )
            ],
            "Afternoon only": [("not_working", {})],
            "Busy": [("overlap", {"ref": "SO9"})],
        }
        for name, rejections in expected.items():
            self.assertFalse(result[name].eligible, name)
            self.assertEqual(result[name].rejections, rejections, name)
        # excluded technicians come after the eligible ones
        ranked = scoring.rank(fixed, technicians)
        self.assertEqual(ranked[0].name, "Ann")
        self.assertTrue(all(not s.eligible for s in ranked[1:]))

    def test_touching_bookings_do_not_overlap(self):
        busy = tech(1, "Ann", bookings=[scoring.Booking(at(8), at(9), ref="SO1")])
        (suggestion,) = scoring.rank(job(start=at(9)), [busy])
        self.assertTrue(suggestion.eligible)

    def test_time_off_is_not_working_time(self):
        # the morning is time off: the work intervals only hold the afternoon
        off = tech(1, "Ann", work=[(at(13), at(17))])
        (fixed,) = scoring.rank(job(start=at(9)), [off])
        self.assertEqual(fixed.rejections, [("not_working", {})])
        (searched,) = scoring.rank(job(earliest=at(7), latest=at(18)), [off])
        self.assertEqual((searched.start, searched.end), (at(13), at(15)))

    def test_no_free_slot_in_the_window(self):
        full = tech(
            1,
            "Ann",
            bookings=[
                scoring.Booking(at(8), at(11), ref="SO1"),
                scoring.Booking(at(13), at(16), ref="SO2"),
            ],
        )
        (suggestion,) = scoring.rank(job(earliest=at(7), latest=at(18)), [full])
        self.assertFalse(suggestion.eligible)
        self.assertEqual(suggestion.rejections, [("no_slot", {"hours": 2.0})])

    def test_bad_input(self):
        with self.assertRaises(ValueError):
            scoring.Weights(travel=-1)
        with self.assertRaises(ValueError):
            scoring.rank(job(duration=timedelta(0), start=at(9)), [tech(1, "Ann")])


class TestSlotSearch(unittest.TestCase):
    def test_first_gap_after_travel_from_previous_job(self):
        far = (50.84, 4.49)  # about 10 km east of the site
        busy = tech(
            1,
            "Ann",
            bookings=[
                scoring.Booking(at(8), at(10), lat=far[0], lon=far[1], ref="SO1")
            ],
        )
        one_hour = job(earliest=at(7), latest=at(18), duration=timedelta(hours=1))
        (suggestion,) = scoring.rank(one_hour, [busy])
        # 10 km x 1.3 at 50 km/h = ~15.6 min, rounded up to the quarter
        self.assertEqual(suggestion.start, at(10, 30))
        self.assertEqual(suggestion.end, at(11, 30))
        travel = suggestion.facts["travel"]
        self.assertEqual(travel["origin"], "job")
        self.assertEqual(travel["ref"], "SO1")
        self.assertAlmostEqual(travel["km"], haversine_km(*far, *SITE), places=6)
        self.assertEqual(suggestion.facts["free"], (at(10), at(12)))

    def test_gap_too_short_after_travel_moves_on(self):
        # free 10:00-12:00 but 2 h job + travel do not fit: the afternoon wins
        busy = tech(
            1,
            "Ann",
            bookings=[scoring.Booking(at(8), at(10), lat=50.84, lon=4.49, ref="SO1")],
        )
        (suggestion,) = scoring.rank(job(earliest=at(9), latest=at(18)), [busy])
        self.assertEqual(suggestion.start, at(13))
        self.assertEqual(suggestion.end, at(15))

    def test_window_is_respected(self):
        (suggestion,) = scoring.rank(
            job(earliest=at(14), latest=at(17)), [tech(1, "Ann")]
        )
        self.assertEqual((suggestion.start, suggestion.end), (at(14), at(16)))

    def test_free_intervals(self):
        free = scoring.free_intervals(
            office_day(),
            [scoring.Booking(at(9), at(10)), scoring.Booking(at(11), at(14))],
        )
        self.assertEqual(free, [(at(8), at(9)), (at(10), at(11)), (at(14), at(17))])


class TestRanking(unittest.TestCase):
    def test_closer_technician_wins(self):
        near = tech(1, "Near", home=(50.845, 4.355))
        far = tech(2, "Far", home=(51.05, 3.72))
        ranked = scoring.rank(job(start=at(9)), [far, near])
        self.assertEqual([s.name for s in ranked], ["Near", "Far"])
        self.assertGreater(ranked[0].factors["travel"], ranked[1].factors["travel"])
        minutes = ranked[1].facts["travel"]["minutes"]
        self.assertAlmostEqual(ranked[1].factors["travel"], 1 - minutes / 90)
        self.assertEqual(ranked[0].facts["travel"]["origin"], "home")

    def test_load_balance_breaks_a_tie(self):
        idle = tech(1, "Idle", home=SITE)
        busy = tech(
            2,
            "Busy",
            home=SITE,
            bookings=[scoring.Booking(at(13), at(17), lat=SITE[0], lon=SITE[1])],
        )
        ranked = scoring.rank(job(start=at(9)), [busy, idle])
        self.assertEqual([s.name for s in ranked], ["Idle", "Busy"])
        self.assertEqual(ranked[1].facts["booked_hours"], 4.0)
        self.assertAlmostEqual(ranked[1].factors["load"], 0.5)

    def test_prior_visits_count(self):
        new = tech(1, "Newcomer", home=SITE)
        regular = tech(2, "Regular", home=SITE, site_visits=2)
        ranked = scoring.rank(job(start=at(9)), [new, regular])
        self.assertEqual(ranked[0].name, "Regular")
        self.assertAlmostEqual(ranked[0].factors["history"], 2 / 3)
        asset = tech(3, "Unit expert", home=SITE, asset_visits=2)
        self.assertEqual(asset.site_visits, 0)
        ranked = scoring.rank(job(start=at(9)), [regular, asset])
        self.assertEqual(ranked[0].name, "Unit expert")

    def test_sla_urgency_prefers_the_earliest_slot(self):
        early = tech(1, "Early", home=SITE)
        late = tech(
            2,
            "Late",
            home=SITE,
            bookings=[scoring.Booking(at(8), at(12), lat=SITE[0], lon=SITE[1])],
        )
        urgent = job(
            earliest=at(8), latest=at(17), deadline=at(15), response_deadline=at(10)
        )
        ranked = scoring.rank(urgent, [late, early])
        self.assertEqual(ranked[0].name, "Early")
        self.assertEqual(ranked[0].start, at(8))
        self.assertEqual(ranked[1].start, at(13))
        self.assertEqual(ranked[1].factors["urgency"], 0.0)
        self.assertLess(ranked[1].facts["response_slack_hours"], 0)

    def test_weights_change_the_ranking(self):
        # near but with a full afternoon against far and idle
        near = tech(
            1,
            "Near",
            home=SITE,
            bookings=[scoring.Booking(at(13), at(17), lat=SITE[0], lon=SITE[1])],
        )
        far = tech(2, "Far", home=(50.84, 4.60))
        travel_first = scoring.Weights(travel=100, load=0, history=0, urgency=0)
        load_first = scoring.Weights(travel=0, load=100, history=0, urgency=0)
        self.assertEqual(
            scoring.rank(job(start=at(9)), [near, far], travel_first)[0].name, "Near"
        )
        self.assertEqual(
            scoring.rank(job(start=at(9)), [near, far], load_first)[0].name, "Far"
        )
        self.assertEqual(
            scoring.score(
                {"travel": 1, "load": 1, "history": 1, "urgency": 1},
                scoring.Weights(0, 0, 0, 0),
            ),
            0.0,
        )

    def test_priority_scales_urgency(self):
        factors = {"travel": 1.0, "load": 1.0, "history": 1.0, "urgency": 0.0}
        weights = scoring.Weights()
        self.assertGreater(
            scoring.score(factors, weights, priority=0),
            scoring.score(factors, weights, priority=3),
        )

    def test_unknown_location_is_neutral(self):
        (suggestion,) = scoring.rank(job(start=at(9), location=None), [tech(1, "A")])
        self.assertEqual(suggestion.factors["travel"], scoring.NEUTRAL)
        self.assertIsNone(suggestion.facts["travel"]["minutes"])

"""The coordinates and time-zone helpers (utils/travel.py, utils/timezone.py):
plain Python, no database needed."""

import math
import unittest

import pytz

from odoo.addons.service_dispatch.utils.timezone import zone
from odoo.addons.service_dispatch.utils.travel import (
    home_point,
    known_point,
    partner_point,
)


class _Place:
    def __init__(self, lat, lon):
        self.partner_latitude = self.home_latitude = lat
        self.partner_longitude = self.home_longitude = lon

    def __bool__(self):
        return True


class TestPoint(unittest.TestCase):
    def test_zero_empty_and_none_are_no_place(self):
        for lat, lon in [(0, 0), (0.0, 0.0), (None, None), (False, False), ("", "")]:
            with self.subTest(lat=lat, lon=lon):
                self.assertIsNone(known_point(lat, lon))
        # one coordinate at zero is a real place (the equator, Greenwich)
        self.assertEqual(known_point(0.0, 4.35), (0.0, 4.35))
        self.assertEqual(known_point(51.48, 0), (51.48, 0.0))

    def test_out_of_range_and_not_finite_are_no_place(self):
        for lat, lon in [
            (90.01, 4.0),
            (-91, 4.0),
            (50.0, 180.5),
            (50.0, -181),
            (math.nan, 4.0),
            (50.0, math.inf),
            ("north", 4.0),
            (object(), 4.0),
        ]:
            with self.subTest(lat=lat, lon=lon):
                self.assertIsNone(known_point(lat, lon))

    def test_a_real_place_as_floats(self):
        self.assertEqual(known_point(50.84, 4.35), (50.84, 4.35))
        self.assertEqual(known_point("50.84", 4), (50.84, 4.0))
        self.assertEqual(known_point(-90, 180), (-90.0, 180.0))

    def test_partner_and_home_are_built_on_it(self):
        self.assertEqual(partner_point(_Place(50.84, 4.35)), (50.84, 4.35))
        self.assertEqual(home_point(_Place(50.84, 4.35)), (50.84, 4.35))
        self.assertIsNone(partner_point(_Place(0.0, 0.0)))
        self.assertIsNone(home_point(_Place(95.0, 4.0)))
        self.assertIsNone(partner_point(None))
        self.assertIsNone(home_point(False))


class TestZone(unittest.TestCase):
    def test_first_known_name_wins(self):
        self.assertEqual(zone("Europe/Brussels", "Asia/Tokyo").zone, "Europe/Brussels")
        self.assertEqual(zone(False, None, "", "Asia/Tokyo").zone, "Asia/Tokyo")

    def test_unknown_names_fall_back_cleanly(self):
        self.assertEqual(
            zone("Mars/Olympus", "Europe/Brussels").zone, "Europe/Brussels"
        )
        self.assertIs(zone("Mars/Olympus"), pytz.utc)
        self.assertIs(zone(42, ["Europe/Brussels"]), pytz.utc)
        self.assertIs(zone(), pytz.utc)
        self.assertIs(zone("UTC"), pytz.utc)

    def test_a_callable_is_read_only_when_needed(self):
        calls = []

        def calendar_tz():
            calls.append(1)
            return "Asia/Tokyo"

        self.assertEqual(zone("Europe/Brussels", calendar_tz).zone, "Europe/Brussels")
        self.assertEqual(calls, [])
        self.assertEqual(zone("", calendar_tz).zone, "Asia/Tokyo")
        self.assertEqual(calls, [1])

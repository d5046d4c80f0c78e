"""The shift arithmetic alone (plain unittest: no database needed)."""

import unittest
from datetime import datetime

from odoo.tests import tagged

from ..utils.shifts import ShiftError, parse_shift_hours, shift_around


@tagged("post_install", "-at_install")
class TestShiftUtils(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(parse_shift_hours("22, 6,14,6"), [6, 14, 22])
        self.assertEqual(parse_shift_hours(""), [])
        self.assertEqual(parse_shift_hours("  "), [])
        for bad in ("6,24", "6;14", "six", "-1", "6,,14", "6.5"):
            with self.subTest(bad=bad), self.assertRaises(ShiftError):
                parse_shift_hours(bad)

    def test_shift_around(self):
        hours = [6, 14, 22]
        self.assertEqual(
            shift_around(datetime(2026, 3, 4, 15, 30), hours),
            (datetime(2026, 3, 4, 14), datetime(2026, 3, 4, 22)),
        )
        # the night shift spans midnight, on both sides
        self.assertEqual(
            shift_around(datetime(2026, 3, 4, 2, 0), hours),
            (datetime(2026, 3, 3, 22), datetime(2026, 3, 4, 6)),
        )
        self.assertEqual(
            shift_around(datetime(2026, 3, 4, 23, 0), hours),
            (datetime(2026, 3, 4, 22), datetime(2026, 3, 5, 6)),
        )
        # a change point starts its shift
        self.assertEqual(
            shift_around(datetime(2026, 3, 4, 14, 0), hours)[0],
            datetime(2026, 3, 4, 14),
        )
        # one change a day: 24-hour shifts
        self.assertEqual(
            shift_around(datetime(2026, 3, 4, 5, 0), [7]),
            (datetime(2026, 3, 3, 7), datetime(2026, 3, 4, 7)),
        )
        with self.assertRaises(ShiftError):
            shift_around(datetime(2026, 3, 4, 5, 0), [])

"""Pure working-time arithmetic: no database needed."""

import unittest
from datetime import datetime

from odoo.addons.service_order.utils.working_time import (
    add_working_hours,
    horizon_days,
    working_hours_between,
)


def _day(day, *periods):
    return [
        (datetime(2026, 1, day, start), datetime(2026, 1, day, end))
        for start, end in periods
    ]


# Thursday 8th and Friday 9th, then Tuesday 13th (weekend and Monday holiday gone)
INTERVALS = (
    _day(8, (8, 12), (13, 17))
    + _day(9, (8, 12), (13, 17))
    + _day(13, (8, 12), (13, 17))
)


class TestWorkingTime(unittest.TestCase):
    def test_within_one_interval(self):
        self.assertEqual(
            add_working_hours(INTERVALS, datetime(2026, 1, 8, 9), 2),
            datetime(2026, 1, 8, 11),
        )

    def test_lunch_break_does_not_count(self):
        self.assertEqual(
            add_working_hours(INTERVALS, datetime(2026, 1, 8, 11), 2),
            datetime(2026, 1, 8, 14),
        )

    def test_start_outside_working_time_waits_for_next_interval(self):
        # received Thursday 20:00: the clock starts Friday 08:00
        self.assertEqual(
            add_working_hours(INTERVALS, datetime(2026, 1, 8, 20), 1.5),
            datetime(2026, 1, 9, 9, 30),
        )

    def test_skips_weekend_and_holiday(self):
        self.assertEqual(
            add_working_hours(INTERVALS, datetime(2026, 1, 9, 15), 4),
            datetime(2026, 1, 13, 10),
        )

    def test_exact_end_of_interval(self):
        self.assertEqual(
            add_working_hours(INTERVALS, datetime(2026, 1, 8, 8), 4),
            datetime(2026, 1, 8, 12),
        )

    def test_not_enough_intervals(self):
        self.assertIsNone(add_working_hours(INTERVALS, datetime(2026, 1, 13, 8), 9))

    def test_zero_hours(self):
        start = datetime(2026, 1, 8, 9)
        self.assertEqual(add_working_hours(INTERVALS, start, 0), start)

    def test_negative_hours_refused(self):
        with self.assertRaises(ValueError):
            add_working_hours(INTERVALS, datetime(2026, 1, 8, 9), -1)

    def test_hours_between(self):
        self.assertEqual(
            working_hours_between(
                INTERVALS, datetime(2026, 1, 9, 11), datetime(2026, 1, 13, 9)
            ),
            1 + 4 + 1,
        )
        self.assertEqual(
            working_hours_between(
                INTERVALS, datetime(2026, 1, 9, 11), datetime(2026, 1, 9, 10)
            ),
            0.0,
        )

    def test_horizon_covers_target(self):
        # 80 working hours at 8 h/day is 10 working days: two weeks and margin
        self.assertGreaterEqual(horizon_days(80, 8), 14)
        self.assertGreaterEqual(horizon_days(80, 0), 14)

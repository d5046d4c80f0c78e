"""Due dates and meter forecasts: pure functions, no database needed."""

import unittest
from datetime import date, datetime, timedelta

from odoo.addons.service_pm.utils.recurrence import (
    add_interval,
    fixed_dates,
    fixed_dates_to_generate,
    floating_dates,
    floating_next_date,
    forecast_date,
    linear_trend,
    meter_occurrences,
    reached_threshold,
)


class TestFixedDates(unittest.TestCase):
    def test_every_n_days_and_weeks(self):
        self.assertEqual(
            fixed_dates(
                date(2026, 1, 1), "day", 10, date(2026, 1, 1), date(2026, 2, 1)
            ),
            [date(2026, 1, 1), date(2026, 1, 11), date(2026, 1, 21), date(2026, 1, 31)],
        )
        # every 2 weeks, from a Monday: always Mondays, two weeks apart
        dates = fixed_dates(
            date(2026, 1, 5), "week", 2, date(2026, 1, 1), date(2026, 3, 1)
        )
        self.assertEqual(
            dates[:3], [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2)]
        )
        self.assertTrue(all(day.weekday() == 0 for day in dates))

    def test_month_end_clamps_and_returns_to_the_anchor_day(self):
        dates = fixed_dates(
            date(2026, 1, 31), "month", 1, date(2026, 1, 1), date(2026, 6, 30)
        )
        self.assertEqual(
            dates,
            [
                date(2026, 1, 31),
                date(2026, 2, 28),
                date(2026, 3, 31),
                date(2026, 4, 30),
                date(2026, 5, 31),
                date(2026, 6, 30),
            ],
        )

    def test_month_end_in_a_leap_year(self):
        dates = fixed_dates(
            date(2028, 1, 31), "month", 1, date(2028, 1, 1), date(2028, 3, 31)
        )
        self.assertEqual(
            dates, [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31)]
        )
        # anchored on the 30th: February gets its last day, March the 30th
        dates = fixed_dates(
            date(2028, 1, 30), "month", 1, date(2028, 2, 1), date(2028, 3, 31)
        )
        self.assertEqual(dates, [date(2028, 2, 29), date(2028, 3, 30)])

    def test_29_february_every_twelve_months(self):
        dates = fixed_dates(
            date(2024, 2, 29), "month", 12, date(2024, 1, 1), date(2028, 12, 31)
        )
        self.assertEqual(
            dates,
            [
                date(2024, 2, 29),
                date(2025, 2, 28),
                date(2026, 2, 28),
                date(2027, 2, 28),
                date(2028, 2, 29),
            ],
        )

    def test_quarterly_from_a_long_running_anchor(self):
        # the anchor is 10 years back: the rule starts near the window, the
        # dates stay on the anchor's quarter grid
        dates = fixed_dates(
            date(2016, 11, 30), "month", 3, date(2026, 1, 1), date(2026, 12, 31)
        )
        self.assertEqual(
            dates,
            [
                date(2026, 2, 28),
                date(2026, 5, 30),
                date(2026, 8, 30),
                date(2026, 11, 30),
            ],
        )

    def test_window_before_the_anchor_is_empty(self):
        self.assertEqual(
            fixed_dates(
                date(2026, 5, 1), "month", 1, date(2026, 1, 1), date(2026, 4, 1)
            ),
            [],
        )

    def test_bad_interval_is_refused(self):
        with self.assertRaises(ValueError):
            fixed_dates(
                date(2026, 1, 1), "month", 0, date(2026, 1, 1), date(2026, 2, 1)
            )
        with self.assertRaises(ValueError):
            fixed_dates(date(2026, 1, 1), "year", 1, date(2026, 1, 1), date(2026, 2, 1))


class TestDatesToGenerate(unittest.TestCase):
    def test_missed_dates_collapse_into_the_latest(self):
        # weekly since January, first generation in March: only the last missed
        # Monday (overdue) and the ones from today on
        dates = fixed_dates_to_generate(
            date(2026, 1, 5),
            "week",
            1,
            last_generated=None,
            today=date(2026, 3, 4),
            until=date(2026, 3, 20),
        )
        self.assertEqual(dates, [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)])

    def test_continues_after_the_last_generated_date(self):
        dates = fixed_dates_to_generate(
            date(2026, 1, 31),
            "month",
            1,
            last_generated=date(2026, 2, 28),
            today=date(2026, 2, 20),
            until=date(2026, 4, 30),
        )
        self.assertEqual(dates, [date(2026, 3, 31), date(2026, 4, 30)])


class TestFloating(unittest.TestCase):
    def test_next_date_follows_the_last_completion(self):
        anchor = date(2026, 1, 15)
        self.assertEqual(floating_next_date(anchor, "month", 1, None), anchor)
        # done late, on 3 March: next one a month after that, not on the 15th
        self.assertEqual(
            floating_next_date(anchor, "month", 1, date(2026, 3, 3)), date(2026, 4, 3)
        )
        # 31 January + 1 month clamps to the end of February
        self.assertEqual(
            floating_next_date(date(2026, 1, 1), "month", 1, date(2026, 1, 31)),
            date(2026, 2, 28),
        )
        self.assertEqual(
            floating_next_date(date(2026, 1, 1), "week", 2, datetime(2026, 1, 7, 15)),
            date(2026, 1, 21),
        )

    def test_projection_for_forecasts(self):
        self.assertEqual(
            floating_dates(
                date(2026, 1, 1), "day", 30, date(2026, 1, 10), date(2026, 4, 1)
            ),
            [date(2026, 2, 9), date(2026, 3, 11)],
        )

    def test_add_interval_month_end(self):
        self.assertEqual(add_interval(date(2028, 1, 31), "month", 1), date(2028, 2, 29))
        self.assertEqual(
            add_interval(date(2026, 1, 31), "month", 1, 2), date(2026, 3, 31)
        )


def _readings(start, per_day, days, value=0.0):
    return [(start + timedelta(days=day), value + per_day * day) for day in range(days)]


class TestMeterForecast(unittest.TestCase):
    def test_linear_trend(self):
        trend = linear_trend(_readings(datetime(2026, 1, 1), 8.0, 10, value=100.0))
        self.assertAlmostEqual(trend.slope, 8.0)
        self.assertAlmostEqual(trend.intercept, 100.0)
        self.assertIsNone(linear_trend([(datetime(2026, 1, 1), 5.0)]))
        same_moment = [(datetime(2026, 1, 1), 5.0), (datetime(2026, 1, 1), 6.0)]
        self.assertIsNone(linear_trend(same_moment))

    def test_forecast_date(self):
        # 8 h a day, 172 h on 10 January: 500 h reached 41 days later
        points = _readings(datetime(2026, 1, 1), 8.0, 10, value=100.0)
        self.assertEqual(forecast_date(points, 500.0), date(2026, 2, 20))
        # already reached: due on the day of the last reading
        self.assertEqual(forecast_date(points, 150.0), date(2026, 1, 10))
        # no usage, or a single reading: no forecast
        flat = [(datetime(2026, 1, 1), 10.0), (datetime(2026, 1, 5), 10.0)]
        self.assertIsNone(forecast_date(flat, 500.0))
        self.assertIsNone(forecast_date(points[:1], 500.0))

    def test_irregular_readings_use_the_regression_slope(self):
        points = [
            (datetime(2026, 1, 1), 0.0),
            (datetime(2026, 1, 3), 20.0),
            (datetime(2026, 1, 4), 28.0),
            (datetime(2026, 1, 11), 100.0),
        ]
        trend = linear_trend(points)
        self.assertAlmostEqual(trend.slope, 10.0, delta=0.3)
        due = forecast_date(points, 200.0)
        self.assertIn(due, (date(2026, 1, 20), date(2026, 1, 21)))

    def test_reached_threshold_collapses_missed_ones(self):
        self.assertEqual(reached_threshold(0.0, 500.0, None, 1320.0), 1000.0)
        self.assertIsNone(reached_threshold(0.0, 500.0, 1000.0, 1320.0))
        self.assertEqual(reached_threshold(0.0, 500.0, 1000.0, 1500.0), 1500.0)
        self.assertIsNone(reached_threshold(100.0, 500.0, None, 599.0))

    def test_meter_occurrences(self):
        # 24 h a day: 500 h thresholds come every ~21 days
        points = _readings(datetime(2026, 1, 1), 24.0, 5, value=400.0)  # 496 h
        occurrences = meter_occurrences(
            0.0, 500.0, None, points, date(2026, 1, 5), date(2026, 2, 15)
        )
        self.assertEqual(
            [threshold for threshold, _due in occurrences], [500.0, 1000.0, 1500.0]
        )
        self.assertEqual(occurrences[0][1], date(2026, 1, 5))
        # floating: one at a time
        occurrences = meter_occurrences(
            0.0, 500.0, None, points, date(2026, 1, 5), date(2026, 2, 15), True
        )
        self.assertEqual(len(occurrences), 1)
        # already past 1000 h, last generated 500: one overdue occurrence at
        # 1000, dated by the first reading that passed it
        points = _readings(datetime(2026, 1, 1), 100.0, 12, value=0.0)  # 1100 h
        occurrences = meter_occurrences(
            0.0, 500.0, 500.0, points, date(2026, 1, 12), date(2026, 1, 12)
        )
        self.assertEqual(occurrences, [(1000.0, date(2026, 1, 11))])

"""Quality-check sampling and the day split: pure Python, no database."""

import unittest
from datetime import datetime

import pytz

from odoo.addons.service_report.utils.sampling import is_sampled, sample_point
from odoo.addons.service_report.utils.workdays import hours_per_day, ratio


class TestSampling(unittest.TestCase):
    def test_deterministic_under_the_seed(self):
        first = [is_sampled(i, 42, 30) for i in range(1, 200)]
        again = [is_sampled(i, 42, 30) for i in range(1, 200)]
        self.assertEqual(first, again)
        other_seed = [is_sampled(i, 43, 30) for i in range(1, 200)]
        self.assertNotEqual(first, other_seed)

    def test_share_respected_on_1000_ids(self):
        for share in (5, 10, 25, 50):
            drawn = sum(is_sampled(i, 2026, share) for i in range(1, 1001))
            with self.subTest(share=share):
                # binomial(1000, p): well within four standard deviations
                sigma = (1000 * share / 100 * (1 - share / 100)) ** 0.5
                self.assertLess(abs(drawn - 10 * share), 4 * sigma)

    def test_bounds(self):
        self.assertFalse(any(is_sampled(i, 1, 0) for i in range(500)))
        self.assertTrue(all(is_sampled(i, 1, 100) for i in range(500)))
        self.assertFalse(is_sampled(5, 1, -3))
        for i in range(100):
            self.assertTrue(0 <= sample_point(i, 9) < 1)

    def test_samples_are_nested(self):
        """A larger share keeps every order the smaller one drew."""
        small = {i for i in range(1000) if is_sampled(i, 3, 10)}
        large = {i for i in range(1000) if is_sampled(i, 3, 30)}
        self.assertLessEqual(small, large)


class TestWorkdays(unittest.TestCase):
    def test_hours_split_at_local_midnight(self):
        tz = pytz.timezone("Europe/Brussels")
        start = tz.localize(datetime(2026, 1, 13, 22, 0))
        stop = tz.localize(datetime(2026, 1, 14, 2, 30))
        self.assertEqual(
            hours_per_day([(start, stop)]),
            {datetime(2026, 1, 13).date(): 2.0, datetime(2026, 1, 14).date(): 2.5},
        )

    def test_ratio(self):
        self.assertIsNone(ratio(3, 0))
        self.assertEqual(ratio(1, 4), 25.0)

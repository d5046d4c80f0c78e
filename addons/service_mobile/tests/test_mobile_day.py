"""My Day as the technician: today's jobs in route order, yesterday's
unfinished, the next day's first, in a constant number of queries."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MobileCase

# queries of one My Day, whatever the number of jobs (measured with every
# addon of the suite installed: 16, service_stock's van parts one more,
# service_mobile_stock's van one more: an empty van here)
MY_DAY_BUDGET = 18


@tagged("post_install", "-at_install")
class TestMobileDay(MobileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # yesterday's job, never finished
        cls.yesterday = cls._dispatched_order(
            start=datetime(2026, 1, 12, 15, 0), hours=1.0, crew=False
        )
        # two jobs today, planned in the other order than created
        cls.late = cls._dispatched_order(
            start=datetime(2026, 1, 13, 14, 0), hours=1.0, crew=False
        )
        # tomorrow's first and second jobs
        cls.tomorrow_2 = cls._dispatched_order(
            start=datetime(2026, 1, 14, 13, 0), hours=1.0, crew=False
        )
        cls.tomorrow_1 = cls._dispatched_order(
            start=datetime(2026, 1, 14, 8, 0), hours=1.0, crew=False
        )
        # (an address change resets the coordinates: given again)
        cls.site.write(
            {
                "city": "Brussels",
                "zip": "1000",
                "partner_latitude": 50.84,
                "partner_longitude": 4.35,
            }
        )

    def my_day(self, user, day=None):
        return self.env["service.order"].with_user(user).mobile_my_day(day)

    @freeze_time("2026-01-13 07:00:00")
    def test_my_day(self):
        day = self.my_day(self.tech_user_a)
        self.assertEqual(day["day"], "2026-01-13")
        self.assertEqual(day["technician"]["id"], self.tech_a.id)
        self.assertEqual(
            [job["id"] for job in day["jobs"]], [self.order.id, self.late.id]
        )
        self.assertEqual([job["id"] for job in day["unfinished"]], [self.yesterday.id])
        self.assertEqual(day["next_first"]["id"], self.tomorrow_1.id)
        job = day["jobs"][0]
        self.assertEqual(job["role"], "lead")
        self.assertEqual(job["window_start"], "2026-01-13 09:00:00")
        self.assertEqual(job["window_end"], "2026-01-13 11:00:00")
        self.assertEqual(job["phone"], "+32 2 555 01")
        self.assertEqual(job["address"], "Rue Haute 1, 1000 Brussels")
        self.assertEqual(
            job["maps_url"],
            "https://www.google.com/maps/search/?api=1&query=50.84,4.35",
        )
        self.assertEqual(job["version"], self.order._mobile_versions()[self.order.id])
        self.assertEqual(job["timer"]["mode"], "idle")
        self.assertEqual(
            [(item["name"], item["required"]) for item in job["checklist"]],
            [("Isolate power", True), ("Sweep floor", False)],
        )
        self.assertIn("Isolate power", " ".join(job["completion_errors"]))
        # Bob is crew on the first job only
        day_b = self.my_day(self.tech_user_b)
        self.assertEqual([job["role"] for job in day_b["jobs"]], ["crew"])
        self.assertFalse(day_b["unfinished"])

    @freeze_time("2026-01-13 07:00:00")
    def test_day_in_the_users_time_zone(self):
        # 23:30 UTC on the 12th is already the 13th in Brussels
        self.yesterday.with_user(self.dispatcher).date_scheduled_start = datetime(
            2026, 1, 12, 23, 30
        )
        self.tech_user_a.tz = "Europe/Brussels"
        day = self.my_day(self.tech_user_a)
        self.assertIn(self.yesterday.id, [job["id"] for job in day["jobs"]])
        self.assertNotIn(self.yesterday.id, [job["id"] for job in day["unfinished"]])
        # an address without coordinates opens by its text
        self.site.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        job = self.my_day(self.tech_user_a, "2026-01-13")["jobs"][0]
        self.assertEqual(
            job["maps_url"],
            "https://www.google.com/maps/search/?api=1&query=Rue+Haute+1%2C+1000+Brussels",
        )

    def test_no_employee_and_bad_day(self):
        day = self.my_day(self.dispatcher)
        self.assertFalse(day["technician"])
        self.assertEqual(day["jobs"], [])
        with self.assertRaises(Exception) as catcher:
            self.my_day(self.tech_user_a, "13/01/2026")
        self.assertIn("Day", str(catcher.exception))

    def _queries(self, user, day):
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        result = self.my_day(user, day)
        return self.env.cr.sql_log_count - start, result

    @freeze_time("2026-01-13 07:00:00")
    def test_query_count_constant(self):
        """20 jobs cost the queries of 1 (days far apart: each has only its
        own jobs, no unfinished ones)."""
        start = datetime(2026, 3, 10, 6, 0)
        for index in range(20):
            self._dispatched_order(
                start=start + timedelta(minutes=30 * index), hours=0.5, crew=False
            )
        self._dispatched_order(start=datetime(2026, 4, 10, 9, 0), hours=0.5, crew=False)
        self._queries(self.tech_user_a, "2026-03-10")  # warm the caches
        many, day_many = self._queries(self.tech_user_a, "2026-03-10")
        one, day_one = self._queries(self.tech_user_a, "2026-04-10")
        self.assertEqual(len(day_many["jobs"]), 20)
        self.assertEqual(len(day_one["jobs"]), 1)
        self.assertFalse(day_many["unfinished"] or day_one["unfinished"])
        self.assertEqual(many, one, "as many queries for 20 jobs as for 1")
        self.env.invalidate_all()
        with self.assertQueryCount(MY_DAY_BUDGET):
            self.my_day(self.tech_user_a, "2026-03-10")

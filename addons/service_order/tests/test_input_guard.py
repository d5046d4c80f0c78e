import math
from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.service_order.tools.input_guard import (
    clean_date,
    clean_datetime,
    clean_float,
    clean_id,
    clean_ids,
    clean_int,
    clean_vals,
)

from .common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestInputGuard(ServiceOrderCase):
    def test_ids_in_every_shape(self):
        self.assertEqual(clean_id("7"), 7)
        self.assertEqual(clean_id(7.0), 7)
        self.assertEqual(clean_id(self.customer), self.customer.id)
        self.assertIs(clean_id(False), False)
        self.assertIs(clean_id(None), False)
        self.assertEqual(clean_ids([1, "2", 2]), [1, 2])
        self.assertEqual(clean_ids("3"), [3])
        for bad in ([1], {"id": 1}, "1; DROP TABLE", True, -4, 2**40, 1.5, "abc"):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                clean_id(bad, "Customer")

    def test_numbers(self):
        self.assertEqual(clean_float("2.5"), 2.5)
        self.assertEqual(clean_float(False), 0.0)
        for bad in (math.nan, math.inf, -math.inf, 1e308, "nan", [1], "x", True):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                clean_float(bad, "Duration")
        with self.assertRaises(ValidationError):
            clean_float(-1, "Duration", minimum=0)
        self.assertEqual(clean_int("12"), 12)
        for bad in (2**31, 1.5, math.nan, "1e3", [2]):
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                clean_int(bad, "Level")

    def test_dates(self):
        self.assertEqual(
            clean_datetime("2026-03-01 10:00:00"), datetime(2026, 3, 1, 10, 0)
        )
        self.assertEqual(clean_date("2026-03-01"), date(2026, 3, 1))
        bad_dates = ("10000-01-01", "0001-01-01", "2026-13-45", "soon", {"a": 1})
        for bad in bad_dates:
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                clean_datetime(bad, "Start")
            with self.subTest(bad=bad), self.assertRaises(ValidationError):
                clean_date(bad, "Day")

    def test_vals_of_an_order(self):
        orders = self.env["service.order"]
        vals = clean_vals(
            orders,
            {
                "partner_id": str(self.customer.id),
                "duration": "1.5",
                "priority": "2",
                "crew_ids": [(6, 0, [str(self.tech_b.id)])],
                "date_scheduled_start": "2026-03-02 08:00:00",
            },
        )
        self.assertEqual(vals["partner_id"], self.customer.id)
        self.assertEqual(vals["duration"], 1.5)
        self.assertEqual(vals["crew_ids"], [(6, 0, [self.tech_b.id])])
        self.assertEqual(vals["date_scheduled_start"], datetime(2026, 3, 2, 8, 0))
        bad_vals = (
            {"no_such_field": 1},
            {"priority": "9"},
            {"partner_id": [self.customer.id]},
            {"crew_ids": "all"},
            {"crew_ids": [(9, 0, 0)]},
            {"crew_ids": [(0, 0, "x")]},
            {"duration": math.nan},
            {"date_received": "10000-01-01 00:00:00"},
            {"name": ["x"]},
        )
        for bad in bad_vals:
            with self.subTest(bad=bad), self.assertRaises(ValidationError) as caught:
                clean_vals(orders, bad)
            self.assertIn(":", str(caught.exception))

    def test_record_ids_of_the_wrong_shape(self):
        orders = self.env["service.order"]
        self.assertEqual(orders.browse([1, 2]).ids, [1, 2])
        self.assertEqual(orders.browse(3).ids, [3])
        self.assertFalse(orders.browse(False))
        for bad in ([[1]], "12", [1.5], [2**40], {"id": 1}, [None], 1.5):
            with self.subTest(bad=bad), self.assertRaises(UserError):
                orders.browse(bad)
        # native models keep the ORM's own behaviour
        self.assertEqual(len(self.env["res.partner"].browse("12")), 2)

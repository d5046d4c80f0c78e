from datetime import timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models.service_order import round_up_hours
from .common import ServiceAccountCase


@tagged("post_install", "-at_install")
class TestPricing(ServiceAccountCase):
    def _billed(self, order):
        """[(name, quantity, price_unit, discount, subtotal)] of the order."""
        return [
            (
                item["product"],
                item["quantity"],
                item["price_unit"],
                item["discount"],
                item["subtotal"],
            )
            for item in order._get_invoice_data()[order.id]
        ]

    def test_round_up_hours(self):
        self.assertEqual(round_up_hours(1.0, 15), 1.0)
        self.assertEqual(round_up_hours(67 / 60, 15), 1.25)
        self.assertEqual(round_up_hours(50 / 60, 15), 1.0)
        # a hair above a multiple (floating point) stays on it
        self.assertEqual(round_up_hours(1.5000000001, 15), 1.5)
        self.assertEqual(round_up_hours(0.2, 0), 0.2)
        self.assertEqual(round_up_hours(0.0, 15), 0.0)

    def test_flat_rate_with_bundle(self):
        """Worked example, on a working day (no surcharge):
        diagnostic 1 x 89 = 89; capacitor swap (bundle) 1 x 149 = 149, which
        includes 1 capacitor and 1.5 h of labour; used: 2 capacitors (1 inside
        the bundle, 1 x 32 = 32) and 2 h of labour (1.5 inside, 0.5 x 75 =
        37.5). Total 89 + 149 + 0 + 32 + 0 + 37.5 = 307.5."""
        order = self._done_order(
            [
                (self.code_diag, 1),
                (self.code_bundle, 1),
                (self.part, 2),
                (self.labour, 2),
            ]
        )
        billed = self._billed(order)
        self.assertEqual(
            [(p, q, price, d, s) for p, q, price, d, s in billed],
            [
                (self.code_diag, 1, 89.0, 0.0, 89.0),
                (self.code_bundle, 1, 149.0, 0.0, 149.0),
                (self.part, 1, 32.0, 100.0, 0.0),
                (self.part, 1, 32.0, 0.0, 32.0),
                (self.labour, 1.5, 75.0, 100.0, 0.0),
                (self.labour, 0.5, 75.0, 0.0, 37.5),
            ],
        )
        self.assertAlmostEqual(sum(line[4] for line in billed), 307.5)
        self.assertEqual(order.invoice_status, "to_invoice")

    def test_after_hours_surcharge_from_the_calendar(self):
        """Saturday: 50 % of the company on 89 -> 44.5; a holiday (Monday
        2026-01-12) too; a working Tuesday gets none."""
        saturday = self._done_order([(self.code_diag, 1)], start=self.saturday)
        holiday = self._done_order(
            [(self.code_diag, 1)], start=self.day - timedelta(days=1)
        )
        tuesday = self._done_order([(self.code_diag, 1)])
        evening = self._done_order(
            [(self.code_diag, 1)], start=self.day.replace(hour=18)
        )
        surcharge = self.env.ref("service_account.product_service_surcharge")
        for order in saturday | holiday | evening:
            billed = self._billed(order)
            self.assertEqual(billed[-1][0], surcharge)
            self.assertEqual(billed[-1][4], 44.5)
            self.assertAlmostEqual(sum(line[4] for line in billed), 133.5)
        self.assertEqual(len(self._billed(tuesday)), 1)
        # a type without the after-hours surcharge: none on Saturday
        self.flat_type.after_hours_surcharge = False
        self.assertEqual(len(self._billed(saturday)), 1)

    def test_time_and_materials_with_emergency_surcharge(self):
        """Worked example: T&M type, rate 60/h, 15-minute rounding, travel
        billed, emergency with 25 % + 30 fixed.
        Alice (own rate 80): work 70 min + travel 20 min = 90 min -> 1.5 h x
        80 = 120. Bob (type rate 60): work 37 min -> 45 min = 0.75 h x 60 = 45;
        his break is not billed. Parts: 1 capacitor x 32. The labour line of
        the order is not billed (the time log is). Subtotal 120 + 45 + 32 =
        197; surcharge 197 x 25 % + 30 = 79.25; total 276.25."""
        self.tm_type.write(
            {"is_emergency": True, "surcharge_percent": 25.0, "surcharge_amount": 30.0}
        )
        start = self.day
        order = self._done_order(
            [(self.part, 1), (self.labour, 3)],
            logs=[
                (self.tech_a, "travel", start - timedelta(minutes=20), 20),
                (self.tech_a, "work", start, 70),
                (self.tech_b, "work", start, 37),
                (self.tech_b, "break", start + timedelta(hours=1), 30),
            ],
            order_type_id=self.tm_type.id,
        )
        billed = self._billed(order)
        surcharge = self.env.ref("service_account.product_service_surcharge")
        self.assertEqual(
            [(p, q, price, s) for p, q, price, _d, s in billed],
            [
                (self.part, 1, 32.0, 32.0),
                (self.labour, 1.5, 80.0, 120.0),
                (self.labour, 0.75, 60.0, 45.0),
                (surcharge, 1, 79.25, 79.25),
            ],
        )
        self.assertAlmostEqual(sum(line[4] for line in billed), 276.25)
        # without travel billing: Alice 70 min -> 75 min = 1.25 h x 80 = 100
        self.tm_type.bill_travel = False
        billed = self._billed(order)
        self.assertEqual(billed[1][1:3], (1.25, 80.0))

    def test_pricelist_discount(self):
        """A customer pricelist with 10 % off everything: 89 -> 80.1."""
        pricelist = self.env["product.pricelist"].create(
            {
                "name": "Key accounts",
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10.0,
                        },
                    )
                ],
            }
        )
        self.customer.property_product_pricelist = pricelist
        order = self._done_order([(self.code_diag, 1)])
        self.assertEqual(self._billed(order)[0][2], 80.1)

    def test_nothing_billable_is_no_charge(self):
        order = self._done_order([])
        self.assertEqual(order.invoice_status, "no_charge")
        open_order = self._create_order(order_type_id=self.flat_type.id)
        self.assertEqual(open_order.invoice_status, "open")

    def test_bad_billing_terms_refused(self):
        for vals in (
            {"labour_rate": -1},
            {"time_increment": -5},
            {"surcharge_percent": float("nan")},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.tm_type.write(vals)
        self.assertEqual(self.tm_type.labour_rate, 60.0)
        with self.assertRaises(ValidationError):
            self.part.product_tmpl_id.is_service_code = True
        with self.assertRaises(ValidationError):
            self.code_bundle.service_bundle_line_ids[0].quantity = 0
        with self.assertRaises(ValidationError):
            self.env["service.order.type"].create(
                {"name": "Bad", "labour_product_id": 999999999}
            )

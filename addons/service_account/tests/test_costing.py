from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ServiceAccountCase


@tagged("post_install", "-at_install")
class TestJobCosting(ServiceAccountCase):
    def _costing(self, orders):
        self.env.flush_all()
        self.env["service.order.costing.report"].invalidate_model()
        return self.env["service.order.costing.report"].search(
            [("order_id", "in", orders.ids)]
        )

    def test_costs_and_margin_worked_example(self):
        """T&M order: Alice (rate 80/h, cost 40/h) travels 30 min and works
        90 min; Bob (type rate 60/h, cost 30/h) works 60 min; 2 parts at 32
        that cost 12 each.
        Billed: Alice 2.0 h x 80 = 160, Bob 1.0 h x 60 = 60, parts 64:
        revenue 284. Labour cost 2.0 x 40 + 1.0 x 30 = 110, parts cost 24:
        cost 134, margin 150, margin 52.82 %. Its callback (Bob lead, 30 min
        of work, nothing billed) costs 15 and makes a margin of -15. Per lead
        technician: Alice 150, Bob -15."""
        self.tech_a.sudo().hourly_cost = 40.0
        self.tech_b.sudo().hourly_cost = 30.0
        self.part.standard_price = 12.0
        start = self.day
        order = self._done_order(
            [(self.part, 2)],
            logs=[
                (self.tech_a, "travel", start - timedelta(minutes=30), 30),
                (self.tech_a, "work", start, 90),
                (self.tech_b, "work", start, 60),
            ],
            order_type_id=self.tm_type.id,
            technician_id=self.tech_a.id,
        )
        order.action_create_invoice()
        row = self._costing(order)
        self.assertEqual(len(row), 1)
        self.assertAlmostEqual(row.revenue, 284.0)
        self.assertAlmostEqual(row.labour_cost, 110.0)
        self.assertAlmostEqual(row.parts_cost, 24.0)
        self.assertAlmostEqual(row.cost, 134.0)
        self.assertAlmostEqual(row.margin, 150.0)
        self.assertAlmostEqual(row.margin_percent, 100.0 * 150 / 284)
        self.assertAlmostEqual(row.work_hours, 2.5)
        self.assertAlmostEqual(row.travel_hours, 0.5)
        # the callback: a job of its own, costs and no revenue
        callback = self._done_order(
            [],
            logs=[(self.tech_b, "work", start + timedelta(days=3), 30)],
            order_type_id=self.flat_type.id,
            technician_id=self.tech_b.id,
            callback_of_id=order.id,
            start=start + timedelta(days=3),
        )
        cb_row = self._costing(callback)
        self.assertTrue(cb_row.is_callback)
        self.assertAlmostEqual(cb_row.cost, 15.0)
        self.assertAlmostEqual(cb_row.margin, -15.0)
        # rolled up per technician, most profitable first
        data = self.env["service.order.costing.report"]._read_group(
            [("order_id", "in", (order | callback).ids)],
            ["technician_id"],
            ["margin:sum"],
            order="margin:sum desc",
        )
        self.assertEqual(
            [(tech, margin) for tech, margin in data],
            [(self.tech_a, 150.0), (self.tech_b, -15.0)],
        )
        # a cancelled invoice is no revenue
        order.invoice_ids.button_cancel()
        self.assertAlmostEqual(self._costing(order).revenue, 0.0)

    def test_technician_and_dispatcher_see_no_margin(self):
        order = self._done_order([(self.part, 1)])
        for user in (self.tech_user_a, self.dispatcher):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self.env["service.order.costing.report"].with_user(user).search(
                    [("order_id", "=", order.id)]
                ).read(["margin"])
        self.assertEqual(
            len(
                self.env["service.order.costing.report"]
                .with_user(self.accountant)
                .search([("order_id", "=", order.id)])
            ),
            1,
        )

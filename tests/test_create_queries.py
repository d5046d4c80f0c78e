"""Issue 8: one service order created by a dispatcher, every suite addon
installed, mail tracking on, takes fewer queries than OCA's ``fsm.order``
(16 in the read-path bench, ``tests/perf/test_read_path_bench.py``).

The 15 queries: the sequence's number; the customer, his addresses and the
site; the order type; the contract lookup; the insert (SLA deadlines and
every stored compute of the addons precomputed); the company; the creator's
user, follower and its subtype; the author and the creation message; the
callback search; and, at the commit, mail's tracking-template hook (the
creator's language). The bench counts up to the flush, without the commit's
hooks (both sides have mail's): 14 (OCA 16). The sequence's settings, the SLA
policies, the calendar's work intervals and the callback window come from the
registry's cache; 27 queries here (25 in the bench) before it, before the
stored computes of service_asset, service_dispatch, service_portal and
service_report were precomputed and before the creation message and the
callback notification stopped reading ir.model and the activity type.
"""

from datetime import datetime

from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import TransactionCase, new_test_user

SINGLE_CREATE_QUERIES = 15


@tagged("post_install", "-at_install", "suite_guard")
class TestCreateQueries(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.dispatcher = new_test_user(
            env,
            "create_q_dispatcher",
            groups="base.group_user,service_order.group_service_dispatcher",
            name="Create Dispatcher",
            company_id=cls.company.id,
            tz="UTC",
        )
        cls.calendar = env["resource.calendar"].create(
            {
                "name": "Create queries hours (UTC)",
                "tz": "UTC",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        env["resource.calendar.leaves"].create(
            {
                "name": "Create queries holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 1, 12, 0, 0),
                "date_to": datetime(2026, 1, 12, 23, 59, 59),
                "resource_id": False,
            }
        )
        cls.order_type = env["service.order.type"].create(
            {"name": "Create queries repair", "company_id": cls.company.id}
        )
        env["service.sla.policy"].create(
            {
                "order_type_id": cls.order_type.id,
                "priority": "1",
                "company_id": cls.company.id,
                "response_hours": 4,
                "resolution_hours": 16,
                "calendar_id": cls.calendar.id,
            }
        )
        cls.customer = env["res.partner"].create(
            {"name": "Create queries customer", "is_company": True}
        )
        cls.site = env["res.partner"].create(
            {
                "name": "Plant",
                "type": "delivery",
                "parent_id": cls.customer.id,
            }
        )

    def _create(self, **values):
        orders = self.env["service.order"].with_user(self.dispatcher)
        orders = orders.with_context(tz="UTC")
        return orders.create(
            {
                "partner_id": self.customer.id,
                "order_type_id": self.order_type.id,
                "priority": "1",
                "description": "<p>Boiler down</p>",
                **values,
            }
        )

    def test_single_create_as_dispatcher(self):
        friday = datetime(2026, 1, 9, 15, 0)
        self._create(date_received=friday)  # warm-up: registry caches
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(SINGLE_CREATE_QUERIES):
            order = self._create(date_received=friday)
            self.env.flush_all()
        # nothing of the create was lost on the way
        self.assertEqual(order.site_id, self.site)
        self.assertRegex(order.name, r"\d")
        # Fri 15-17, Mon a holiday, Tue 08-10
        self.assertEqual(order.response_deadline, datetime(2026, 1, 13, 10, 0))
        self.assertEqual(order.resolution_deadline, datetime(2026, 1, 14, 15, 0))
        self.assertEqual(order.sla_status, "breached")
        self.assertIn(self.dispatcher.partner_id, order.message_partner_ids)
        self.assertEqual(order.message_ids[-1:].body, "<p>Service Order created</p>")
        self.assertFalse(order.is_first_time_fix)
        self.assertFalse(order.rating_last_value)

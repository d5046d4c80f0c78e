"""What a hostile-client review of the landed work found, kept fixed."""

import base64
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import ServiceOrderCase
from .test_guarded_writes import PNG


@tagged("post_install", "-at_install")
class TestReviewFindings(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.env["service.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_type_id": cls.plain_type.id,
                "technician_id": cls.tech_a.id,
                "crew_ids": [(6, 0, cls.tech_b.ids)],
                "date_scheduled_start": datetime(2026, 1, 13, 9, 0),
                "duration": 2,
            }
        )
        cls.line = cls.env["service.order.line"].create(
            {"order_id": cls.order.id, "product_id": cls.product_part.id}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})

    def test_technician_opens_his_order_with_a_crew(self):
        """Reading the crew (the form does it) must not trip over the home
        coordinates, which are private to dispatchers and HR."""
        order = self.order.with_user(self.tech_user_a)
        data = order.web_read(
            {
                "technician_id": {"fields": {"display_name": {}}},
                "crew_ids": {"fields": {"display_name": {}}},
            }
        )
        self.assertEqual(data[0]["crew_ids"][0]["display_name"], self.tech_b.name)
        Form(order)  # the form view opens
        with self.assertRaises(AccessError):
            self.tech_b.with_user(self.tech_user_a).read(["home_latitude"])
        employees = self.env["hr.employee.public"].with_user(self.dispatcher)
        self.assertIn("home_latitude", employees.browse(self.tech_b.id).read()[0])

    def test_related_company_cannot_be_written(self):
        for user in (self.tech_user_a, self.dispatcher):
            with self.subTest(user=user.login), self.assertRaises(ValidationError):
                self.line.with_user(user).write({"company_id": self.other_company.id})
        self.assertEqual(self.line.company_id, self.order.company_id)

    def test_browse_is_not_callable_over_rpc_and_read_group_is_clean(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        for groupby in ([["state"]], "no_such_field", [1]):
            with self.subTest(groupby=groupby), self.assertRaises(UserError):
                orders.read_group([], ["duration:sum"], groupby)
        with self.assertRaises(UserError):
            orders.read_group("all", ["duration:sum"], ["state"])
        groups = orders.read_group([], ["duration:sum"], ["state"])
        self.assertTrue(any(g["__fold"] for g in groups if g["state"] == "done"))

    def test_technician_cannot_count_the_same_time_twice(self):
        self.order.action_schedule()
        self.order.action_dispatch()
        order = self.order.with_user(self.tech_user_a)
        with freeze_time("2026-01-13 09:00:00"):
            order.action_start()
        Log = self.env["service.order.timelog"].with_user(self.tech_user_a)
        with freeze_time("2026-01-13 11:00:00"):
            # the work log opened by Start runs since 09:00
            with self.assertRaises(ValidationError) as caught:
                Log.create(
                    {
                        "order_id": order.id,
                        "employee_id": self.tech_a.id,
                        "kind": "work",
                        "date_start": datetime(2026, 1, 13, 9, 30),
                        "date_end": datetime(2026, 1, 13, 10, 30),
                    }
                )
            self.assertIn("overlaps", str(caught.exception))
            # a break inside the job, and the drive there before it, are fine
            Log.create(
                [
                    {
                        "order_id": order.id,
                        "employee_id": self.tech_a.id,
                        "kind": "break",
                        "date_start": datetime(2026, 1, 13, 10, 0),
                        "date_end": datetime(2026, 1, 13, 10, 15),
                    },
                    {
                        "order_id": order.id,
                        "employee_id": self.tech_a.id,
                        "kind": "travel",
                        "date_start": datetime(2026, 1, 13, 8, 30),
                        "date_end": datetime(2026, 1, 13, 9, 0),
                    },
                ]
            )
        self.assertEqual(
            sorted(
                order.timelog_ids.filtered(
                    lambda log: log.employee_id == self.tech_a
                ).mapped("kind")
            ),
            ["break", "travel", "work"],
        )

    def test_references_are_unique_per_company(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["service.order"].with_user(self.dispatcher).create(
                {
                    "partner_id": self.customer.id,
                    "order_type_id": self.plain_type.id,
                    "name": self.order.name,
                }
            )

    def test_signature_is_an_image(self):
        svg = base64.b64encode(b"<svg onload='alert(1)'><script>x</script></svg>")
        for value in (svg, base64.b64encode(b"just text"), "%%%"):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.order.write({"signature": value})
        self.assertFalse(self.order.signature)
        self.assertFalse(self.order.signed_on)
        self.order.write({"signature": PNG})
        self.assertTrue(self.order.signed_on)

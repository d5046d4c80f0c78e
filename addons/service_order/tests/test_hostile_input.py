"""Hostile values give clean errors and write nothing (issue 7): numbers out
of bounds, ids in unexpected shapes, dates past 9999, one-record methods called
on none or several records; messages name only what the caller may see."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceOrderCase

HUGE_NUMBERS = (float("nan"), float("inf"), float("-inf"), 1e308, "1e400", 5000)


@tagged("post_install", "-at_install")
class TestHostileInput(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_order(**cls._planned_values())
        cls.line = cls.env["service.order.line"].create(
            {"order_id": cls.order.id, "product_id": cls.product_part.id}
        )

    def _orders(self, user=None):
        return self.env["service.order"].with_user(user or self.dispatcher)

    def assertNothingCreated(self, model, values, exception=ValidationError):
        records = self.env[model]
        before = records.search_count([])
        with self.assertRaises(exception):
            records.with_user(self.dispatcher).create(values)
        self.assertEqual(records.search_count([]), before)

    def test_durations_and_quantities_out_of_bounds(self):
        for value in HUGE_NUMBERS:
            self.assertNothingCreated(
                "service.order", self._order_values(duration=value)
            )
            with self.assertRaises(ValidationError):
                self.order.with_user(self.dispatcher).write({"duration": value})
            for fname in ("qty_planned", "qty_used"):
                self.assertNothingCreated(
                    "service.order.line",
                    {
                        "order_id": self.order.id,
                        "product_id": self.product_part.id,
                        fname: value * 1000 if isinstance(value, int) else value,
                    },
                )
            with self.assertRaises(ValidationError):
                self.order_type.with_user(self.manager).write(
                    {"default_duration": value}
                )
            with self.assertRaises(ValidationError):
                self.policy.with_user(self.manager).write({"response_hours": value})
        self.assertEqual(self.order.duration, 2.0)
        self.assertEqual(self.order_type.default_duration, 2.0)
        self.assertEqual(self.line.qty_planned, 1.0)
        self.assertEqual(self.policy.response_hours, 4)

    def test_malformed_dates(self):
        for value in ("10000-01-01 00:00:00", "2026-02-30 10:00:00", "soon", {}, []):
            self.assertNothingCreated(
                "service.order", self._order_values(date_scheduled_start=value)
            )
            self.assertNothingCreated(
                "service.order", self._order_values(window_end=value)
            )
        with self.assertRaises(ValidationError):
            self.order.with_user(self.dispatcher).write(
                {"date_scheduled_start": "9999-12-31 23:59:59"}
            )
        self.assertEqual(self.order.date_scheduled_start, datetime(2026, 1, 13, 9, 0))

    def test_ids_in_unexpected_shapes(self):
        for value in ([self.tech_a.id], "Alice", {"id": 1}, -3, 2**40, 1.5, True):
            self.assertNothingCreated(
                "service.order", self._order_values(technician_id=value)
            )
        for value in ("987654321", 987654321.0):
            with self.assertRaisesMessage(ValidationError, "Unknown technician"):
                self._orders().create(self._order_values(technician_id=value))
        for crew in (
            [Command.set(["987654321"])],
            ["987654321"],
            [(4, "987654321")],
        ):
            with self.assertRaisesMessage(ValidationError, "Unknown technician"):
                self._orders().create(self._order_values(crew_ids=crew))
        for crew in ([("x",)], "12", [(9, 1)], [[]]):
            self.assertNothingCreated(
                "service.order", self._order_values(crew_ids=crew)
            )
        # a digit string is the id it spells, checked like an int
        order = self._orders().create(
            self._order_values(
                partner_id=str(self.customer.id),
                technician_id=str(self.tech_b.id),
                crew_ids=[str(self.tech_c.id)],
            )
        )
        self.assertEqual(order.technician_id, self.tech_b)
        self.assertEqual(order.crew_ids, self.tech_c)
        with self.assertRaisesMessage(ValidationError, "not a field technician"):
            order.write({"technician_id": str(self.office_employee.id)})
        self.assertEqual(order.technician_id, self.tech_b)

    def test_one_record_methods_on_none_or_several(self):
        two = self.order | self._create_order()
        for records in (self.order.browse(), two):
            for method in (
                "action_view_callbacks",
                "action_view_photos",
                "action_create_callback",
            ):
                with self.assertRaisesMessage(UserError, "one Service Order at a time"):
                    getattr(records.with_user(self.dispatcher), method)()
        types = self.order_type | self.plain_type
        with self.assertRaisesMessage(UserError, "at a time"):
            types.with_user(self.dispatcher).action_view_orders()
        with self.assertRaisesMessage(UserError, "at a time"):
            (self.customer | self.site).with_user(
                self.dispatcher
            ).action_view_service_orders()
        with self.assertRaisesMessage(UserError, "at a time"):
            self.env["hr.employee"].action_view_service_orders()
        # and the methods still work on one
        action = self.order.with_user(self.dispatcher).action_view_photos()
        self.assertEqual(action["res_model"], "ir.attachment")

    def test_unknown_field_and_bad_vals(self):
        with self.assertRaisesMessage(ValidationError, "no such field"):
            self.order.with_user(self.dispatcher).write({"no_such_field": 1})
        with self.assertRaises(ValidationError):
            self._orders().create([["partner_id", self.customer.id]])
        with self.assertRaises(ValidationError):
            self.order.with_user(self.dispatcher).write({"priority": "9"})

    # ------------------------------------------------------------------
    # Messages name only what the caller may see
    # ------------------------------------------------------------------
    def test_messages_do_not_name_other_companies_records(self):
        secret = self.env["hr.employee"].create(
            {"name": "Secret Office Clerk", "company_id": self.company2.id}
        )
        secret_partner = self.env["res.partner"].create(
            {"name": "Secret Customer", "company_id": self.company2.id}
        )
        for values in (
            {"technician_id": secret.id},
            {"crew_ids": [Command.set(secret.ids)]},
            {"site_id": secret_partner.id},
            {"partner_id": secret_partner.id},
        ):
            with self.assertRaises(UserError) as caught:
                self._orders().create(self._order_values(**values))
            message = str(caught.exception)
            self.assertNotIn("Secret", message, values)


@tagged("post_install", "-at_install")
class TestMultiCompanyConfiguration(ServiceOrderCase):
    def test_checklist_template_lines_of_another_company_are_hidden(self):
        foreign = self.env["service.checklist.template"].create(
            {
                "name": "Other company's checklist",
                "company_id": self.company2.id,
                "line_ids": [Command.create({"name": "Their secret step"})],
            }
        )
        self.assertEqual(foreign.line_ids.company_id, self.company2)
        for user in (self.tech_user_a, self.dispatcher, self.manager):
            lines = self.env["service.checklist.template.line"].with_user(user)
            self.assertFalse(lines.search([("template_id", "=", foreign.id)]))
            with self.assertRaises(AccessError):
                foreign.line_ids.with_user(user).read(["name"])
        # shared and own templates stay visible
        own = self.env["service.checklist.template.line"].with_user(self.tech_user_a)
        self.assertEqual(
            own.search([("template_id", "=", self.template.id)]),
            self.template.line_ids,
        )

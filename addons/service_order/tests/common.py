from contextlib import contextmanager
from datetime import datetime

from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

TECH_GROUP = "service_order.group_service_technician"
DISPATCHER_GROUP = "service_order.group_service_dispatcher"
MANAGER_GROUP = "service_order.group_service_manager"


class ServiceOrderCase(TransactionCase):
    """Data shared by the service_order tests.

    A Monday-to-Friday 08:00-12:00 / 13:00-17:00 calendar in UTC with a public
    holiday on Monday 2026-01-12, technicians with users, a customer with a
    site, an order type with a checklist and an SLA policy on that calendar.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.company2 = cls.env["res.company"].create({"name": "Other Contractor"})
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Office hours (UTC)",
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
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 1, 12, 0, 0),
                "date_to": datetime(2026, 1, 12, 23, 59, 59),
                "resource_id": False,
            }
        )
        cls.tech_user_a = new_test_user(
            cls.env, "tech_a", groups=TECH_GROUP, name="Tech A"
        )
        cls.tech_user_b = new_test_user(
            cls.env, "tech_b", groups=TECH_GROUP, name="Tech B"
        )
        cls.dispatcher = new_test_user(
            cls.env, "dispatcher_t", groups=DISPATCHER_GROUP, name="Dispatcher"
        )
        cls.manager = new_test_user(
            cls.env, "manager_t", groups=MANAGER_GROUP, name="Manager"
        )
        employees = cls.env["hr.employee"].create(
            [
                {
                    "name": "Alice Tech",
                    "user_id": cls.tech_user_a.id,
                    "is_field_technician": True,
                },
                {
                    "name": "Bob Tech",
                    "user_id": cls.tech_user_b.id,
                    "is_field_technician": True,
                },
                {"name": "Carl Crew", "is_field_technician": True},
                {"name": "Olga Office"},
            ]
        )
        cls.tech_a, cls.tech_b, cls.tech_c, cls.office_employee = employees
        cls.customer = cls.env["res.partner"].create(
            {"name": "Cool Air Bakery", "is_company": True, "phone": "+32 2 555 01"}
        )
        cls.site = cls.env["res.partner"].create(
            {
                "name": "Bakery kitchen",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "street": "Rue Haute 1",
                "partner_latitude": 50.84,
                "partner_longitude": 4.35,
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer", "is_company": True}
        )
        cls.template = cls.env["service.checklist.template"].create(
            {
                "name": "Test checklist",
                "line_ids": [
                    Command.create({"name": "Isolate power", "required": True}),
                    Command.create({"name": "Sweep floor", "required": False}),
                ],
            }
        )
        cls.order_type = cls.env["service.order.type"].create(
            {
                "name": "Test repair",
                "default_duration": 2.0,
                "default_priority": "2",
                "checklist_template_id": cls.template.id,
            }
        )
        cls.plain_type = cls.env["service.order.type"].create(
            {"name": "Test inspection", "default_duration": 1.0}
        )
        cls.signed_type = cls.env["service.order.type"].create(
            {"name": "Test install", "requires_signature": True}
        )
        cls.policy = cls.env["service.sla.policy"].create(
            {
                "order_type_id": cls.order_type.id,
                "priority": "2",
                "response_hours": 4,
                "resolution_hours": 16,
                "calendar_id": cls.calendar.id,
                "warning_percent": 75,
                "company_id": cls.company.id,
            }
        )
        cls.product_part = cls.env["product.product"].create(
            {"name": "Capacitor", "type": "consu"}
        )
        cls.product_labour = cls.env["product.product"].create(
            {"name": "Labour", "type": "service"}
        )

    @contextmanager
    def assertRaisesMessage(self, exception, regex):
        """Like assertRaisesRegex, but in a savepoint (as Odoo's assertRaises):
        what the failed call wrote is rolled back, as an RPC call would be, so
        the test can then check that nothing was half-written."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    @classmethod
    def _order_values(cls, **values):
        vals = {
            "partner_id": cls.customer.id,
            "order_type_id": cls.plain_type.id,
        }
        vals.update(values)
        return vals

    @classmethod
    def _create_order(cls, **values):
        return cls.env["service.order"].create(cls._order_values(**values))

    @classmethod
    def _planned_values(cls, **values):
        vals = {
            "technician_id": cls.tech_a.id,
            "date_scheduled_start": datetime(2026, 1, 13, 9, 0),
            "date_scheduled_end": datetime(2026, 1, 13, 11, 0),
        }
        vals.update(values)
        return vals

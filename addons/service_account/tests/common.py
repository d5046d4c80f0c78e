from datetime import datetime, timedelta

from odoo import Command
from odoo.tests.common import new_test_user

from odoo.addons.service_order.tests.common import ServiceOrderCase


class ServiceAccountCase(ServiceOrderCase):
    """Pricing data on top of ServiceOrderCase: the company works on the
    Monday-to-Friday 08:00-12:00 / 13:00-17:00 UTC calendar (holiday on
    Monday 2026-01-12), a 21 % sales tax, service codes, a bundle, a flat-rate
    and a time-and-materials type, and an invoicing user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id = cls.calendar
        cls.company.service_after_hours_percent = 50.0
        cls.tax = cls.env["account.tax"].create(
            {
                "name": "Test VAT 21%",
                "amount": 21.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.code_diag = cls._product("Diagnostic", 89.0, service_code=True)
        cls.code_bundle = cls._product("Capacitor swap", 149.0, service_code=True)
        cls.part = cls._product("Test capacitor", 32.0, type_="consu")
        cls.labour = cls._product("Test labour hour", 75.0)
        cls.labour.uom_id = cls.labour.uom_po_id = cls.env.ref("uom.product_uom_hour")
        cls.code_bundle.service_bundle_line_ids = [
            Command.create({"product_id": cls.part.id, "quantity": 1.0}),
            Command.create({"product_id": cls.labour.id, "quantity": 1.5}),
        ]
        cls.flat_type = cls.env["service.order.type"].create(
            {"name": "Flat repair", "billing_method": "flat"}
        )
        cls.tm_type = cls.env["service.order.type"].create(
            {
                "name": "T&M repair",
                "billing_method": "time",
                "labour_rate": 60.0,
                "time_increment": 15,
                "bill_travel": True,
                "labour_product_id": cls.labour.id,
            }
        )
        cls.tech_a.sudo().service_billing_rate = 80.0
        cls.accountant = new_test_user(
            cls.env,
            "accountant_t",
            groups="account.group_account_invoice",
            name="Accountant",
        )
        cls.dispatcher_accountant = new_test_user(
            cls.env,
            "dispatcher_accountant_t",
            groups="service_order.group_service_dispatcher,account.group_account_invoice",
            name="Office",
        )
        # a working day (Tuesday 2026-01-13, 09:00 UTC) and a Saturday
        cls.day = datetime(2026, 1, 13, 9, 0)
        cls.saturday = datetime(2026, 1, 17, 9, 0)

    @classmethod
    def _product(cls, name, price, service_code=False, type_="service"):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": type_,
                "list_price": price,
                "is_service_code": service_code,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )

    @classmethod
    def _done_order(cls, lines=(), logs=(), start=None, **values):
        """A completed order: ``lines`` [(product, qty used)], ``logs``
        [(employee, kind, start, minutes)]."""
        start = start or cls.day
        vals = cls._order_values(
            order_type_id=cls.flat_type.id,
            date_scheduled_start=start,
            date_scheduled_end=start + timedelta(hours=2),
            line_ids=[
                Command.create(
                    {"product_id": product.id, "qty_planned": qty, "qty_used": qty}
                )
                for product, qty in lines
            ],
        )
        vals.update(values)
        order = cls.env["service.order"].create(vals)
        cls._complete(order, logs)
        return order

    @classmethod
    def _complete(cls, orders, logs=()):
        if logs:
            cls.env["service.order.timelog"].create(
                [
                    {
                        "order_id": order.id,
                        "employee_id": employee.id,
                        "kind": kind,
                        "date_start": begin,
                        "date_end": begin + timedelta(minutes=minutes),
                    }
                    for order in orders
                    for employee, kind, begin, minutes in logs
                ]
            )
        for order in orders:
            order._write_lifecycle(
                {
                    "state": "done",
                    "date_started": order.date_scheduled_start,
                    "date_done": order.date_scheduled_start + timedelta(hours=2),
                }
            )
        return orders

    def _invoice_lines(self, move):
        return move.invoice_line_ids.filtered(
            lambda line: line.display_type == "product"
        )

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DISPATCHER_GROUP, ServiceOrderCase


@tagged("post_install", "-at_install")
class TestSecurity(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order_a = cls._create_order(
            **cls._planned_values(technician_id=cls.tech_a.id)
        )
        cls.order_b = cls._create_order(
            **cls._planned_values(technician_id=cls.tech_b.id)
        )
        cls.order_b_crew_a = cls._create_order(
            **cls._planned_values(
                technician_id=cls.tech_b.id,
                crew_ids=[Command.set(cls.tech_a.ids)],
                # not at the time of order_a and order_b: no double booking
                date_scheduled_start=datetime(2026, 1, 13, 13, 0),
                date_scheduled_end=datetime(2026, 1, 13, 15, 0),
            )
        )
        cls.unassigned = cls._create_order()
        cls.env["service.order.line"].create(
            [
                {"order_id": cls.order_a.id, "product_id": cls.product_part.id},
                {"order_id": cls.order_b.id, "product_id": cls.product_part.id},
            ]
        )
        # an order of another company, with its own technician
        cls.tech_other = cls.env["hr.employee"].create(
            {
                "name": "Other company tech",
                "is_field_technician": True,
                "company_id": cls.company2.id,
            }
        )
        other_customer = cls.env["res.partner"].create(
            {"name": "Other company's customer", "company_id": cls.company2.id}
        )
        cls.order_other_company = (
            cls.env["service.order"]
            .with_company(cls.company2)
            .create(
                {
                    "partner_id": other_customer.id,
                    "order_type_id": cls.plain_type.id,
                    "company_id": cls.company2.id,
                    "technician_id": cls.tech_other.id,
                }
            )
        )

    def test_technician_sees_only_own_orders(self):
        orders = self.env["service.order"].with_user(self.tech_user_a).search([])
        self.assertEqual(orders, self.order_a | self.order_b_crew_a)
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.tech_user_a).read(["name"])
        lines = self.env["service.order.line"].with_user(self.tech_user_a).search([])
        self.assertEqual(lines.order_id, self.order_a)

    def test_technician_works_on_own_order(self):
        order = self.order_a.with_user(self.tech_user_a)
        order.write({"resolution": "<p>Replaced capacitor</p>"})
        self.env["service.order.line"].with_user(self.tech_user_a).create(
            {"order_id": order.id, "product_id": self.product_part.id, "qty_used": 2}
        )
        self.order_a.action_schedule()
        self.order_a.action_dispatch()
        order.action_start()
        self.assertEqual(self.order_a.state, "in_progress")
        order.checklist_item_ids.write({"is_done": True})
        order.action_complete()
        self.assertEqual(self.order_a.state, "done")

    def test_technician_cannot_touch_others_or_create(self):
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.tech_user_a).write({"resolution": "x"})
        with self.assertRaises(AccessError):
            self.order_b.with_user(self.tech_user_a).action_schedule()
        with self.assertRaises(AccessError):
            self.env["service.order"].with_user(self.tech_user_a).create(
                self._order_values()
            )
        with self.assertRaises(AccessError):
            self.order_a.with_user(self.tech_user_a).unlink()
        with self.assertRaises(AccessError):
            self.env["service.order.line"].with_user(self.tech_user_a).create(
                {"order_id": self.order_b.id, "product_id": self.product_part.id}
            )
        with self.assertRaises(AccessError):
            self.order_type.with_user(self.tech_user_a).write({"name": "Hacked"})

    def test_technician_cannot_plan_or_edit_the_request(self):
        order = self.order_a.with_user(self.tech_user_a)
        for action in ("action_schedule", "action_cancel"):
            with self.assertRaisesRegex(AccessError, "Only dispatchers can"):
                getattr(order, action)()
        self.assertEqual(self.order_a.state, "new")
        with self.assertRaisesRegex(AccessError, "Technicians cannot change Customer"):
            order.write({"partner_id": self.other_customer.id})
        with self.assertRaisesRegex(AccessError, "Only dispatchers can schedule"):
            order.write({"state": "scheduled"})
        self.assertEqual(self.order_a.partner_id, self.customer)

    def test_dispatcher_plans_every_order_but_no_configuration(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        self.assertEqual(
            orders.search([("id", "in", (self.order_a | self.order_b).ids)]),
            self.order_a | self.order_b,
        )
        new = orders.create(self._order_values(order_type_id=self.order_type.id))
        self.assertEqual(new.user_id, self.dispatcher)
        self.assertTrue(new.name.startswith("SO/"), "sequence drawn without rights")
        new.write(
            self._planned_values(
                technician_id=self.tech_b.id,
                # Bob's morning is taken by order_b
                date_scheduled_start=datetime(2026, 1, 14, 9, 0),
                date_scheduled_end=datetime(2026, 1, 14, 11, 0),
            )
        )
        new.action_schedule()
        new.action_dispatch()
        self.assertEqual(new.state, "dispatched")
        # technician fields are readable through hr.employee.public
        self.assertTrue(new.technician_id.is_field_technician)
        with self.assertRaises(AccessError):
            new.unlink()
        with self.assertRaises(AccessError):
            self.env["service.order.type"].with_user(self.dispatcher).create(
                {"name": "Nope"}
            )
        with self.assertRaises(AccessError):
            self.policy.with_user(self.dispatcher).write({"response_hours": 1})

    def test_manager_configures_and_deletes(self):
        order_type = (
            self.env["service.order.type"]
            .with_user(self.manager)
            .create({"name": "Commissioning", "default_duration": 4})
        )
        self.env["service.sla.policy"].with_user(self.manager).create(
            {
                "order_type_id": order_type.id,
                "priority": "1",
                "response_hours": 8,
                "resolution_hours": 16,
            }
        )
        self.unassigned.with_user(self.manager).unlink()
        self.assertFalse(self.unassigned.exists())

    def test_multi_company_isolation(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        self.assertNotIn(self.order_other_company, orders.search([]))
        with self.assertRaises(AccessError):
            self.order_other_company.with_user(self.dispatcher).read(["name"])
        # a dispatcher of both companies sees it once the company is active
        both = self.env["res.users"].create(
            {
                "name": "Two-company dispatcher",
                "login": "dispatcher_both",
                "groups_id": [Command.set(self.env.ref(DISPATCHER_GROUP).ids)],
                "company_id": self.company.id,
                "company_ids": [Command.set((self.company | self.company2).ids)],
            }
        )
        scoped = orders.with_user(both).with_context(
            allowed_company_ids=[self.company.id]
        )
        self.assertNotIn(self.order_other_company, scoped.search([]))
        both_active = orders.with_user(both).with_context(
            allowed_company_ids=[self.company.id, self.company2.id]
        )
        self.assertIn(self.order_other_company, both_active.search([]))

    def test_no_technician_of_another_company(self):
        from odoo.exceptions import UserError

        with self.assertRaises(UserError):
            self.order_a.technician_id = self.tech_other

"""Guard 3b: each persona's flows, run as that persona (issue 7).

The technician does his job on a plain order, a meter-based PM order and a
contract order (start, tick the checklist, log time, get a signature,
complete); the dispatcher takes a call (new contact and site address), creates
an order from the form and plans it.
"""

from datetime import datetime, timedelta

from guard_common import create_personas

from odoo import Command, fields
from odoo.tests import Form, tagged
from odoo.tests.common import TransactionCase

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    "kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install", "suite_guard")
class TestPersonaFlows(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        create_personas(cls)
        cls.technician = cls.users["technician"]
        cls.dispatcher = cls.users["dispatcher"]
        env = cls.env
        cls.unit = env["maintenance.equipment"].create(
            {
                "name": "Flow chiller",
                "company_id": cls.company_a.id,
                "partner_id": cls.customer.id,
                "site_id": cls.site.id,
            }
        )
        cls.meter = env["service.asset.meter"].create(
            {"equipment_id": cls.unit.id, "name": "Run hours"}
        )
        env["service.asset.meter.reading"].create(
            {"meter_id": cls.meter.id, "value": 900.0, "date": "2026-01-05 08:00:00"}
        )
        cls.pm_plan = env["service.pm.plan"].create(
            {
                "name": "Flow chiller every 500 h",
                "equipment_id": cls.unit.id,
                "trigger": "meter",
                "meter_id": cls.meter.id,
                "meter_interval": 500,
                "meter_start_value": 0.0,
                "order_type_id": cls.order_type.id,
            }
        )
        today = fields.Date.context_today(env["service.contract"])
        cls.contract_customer = env["res.partner"].create(
            {"name": "Flow contract customer", "is_company": True}
        )
        cls.contract = env["service.contract"].create(
            {
                "partner_id": cls.contract_customer.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=300),
            }
        )
        cls.contract.action_activate()

    # ------------------------------------------------------------ helpers
    def _planned_order(self, **values):
        """An order of the technician, planned and dispatched by the
        dispatcher (as the dispatcher)."""
        start = datetime.now().replace(microsecond=0) + timedelta(days=3)
        vals = {
            "partner_id": self.customer.id,
            "order_type_id": self.order_type.id,
            "technician_id": self.tech_emp.id,
            "date_scheduled_start": start,
            "date_scheduled_end": start + timedelta(hours=2),
        }
        vals.update(values)
        order = self.env["service.order"].with_user(self.dispatcher).create(vals)
        order.action_schedule()
        order.action_dispatch()
        return order.with_user(self.technician)

    def _technician_does_the_job(self, order):
        """Start, tick the checklist, log time, signature, complete: all as
        the technician."""
        self.assertEqual(order.env.user, self.technician)
        order.action_start()
        self.assertEqual(order.state, "in_progress")
        self.assertTrue(order.checklist_item_ids, "the order has its checklist")
        order.checklist_item_ids.write({"is_done": True})
        now = fields.Datetime.now()
        self.env["service.order.timelog"].with_user(self.technician).create(
            {
                "order_id": order.id,
                "employee_id": self.tech_emp.id,
                "kind": "travel",
                "date_start": now - timedelta(minutes=40),
                "date_end": now - timedelta(minutes=10),
            }
        )
        order.write({"signature": PNG, "signed_by": "Site manager"})
        self.assertTrue(order.signed_on, "the server stamps the signature")
        order.write({"resolution": "<p>Replaced the capacitor.</p>"})
        order.action_complete()
        self.assertEqual(order.state, "done")
        self.assertTrue(order.date_done)
        self.assertTrue(all(order.checklist_item_ids.mapped("is_done")))
        self.assertEqual(
            order.checklist_item_ids.done_by_id, self.technician, "ticked by him"
        )

    # ---------------------------------------------------------- technician
    def test_technician_completes_plain_order(self):
        self._technician_does_the_job(self._planned_order())

    def test_technician_completes_meter_pm_order(self):
        order = self._planned_order(
            pm_plan_id=self.pm_plan.id, equipment_ids=[Command.set(self.unit.ids)]
        )
        self.assertEqual(order.sudo().pm_plan_id, self.pm_plan)
        self._technician_does_the_job(order)
        self.assertEqual(order.sudo().pm_meter_value_done, 900.0)

    def test_technician_completes_contract_order(self):
        order = self._planned_order(partner_id=self.contract_customer.id)
        self.assertEqual(order.sudo().contract_id, self.contract)
        self._technician_does_the_job(order)

    # ---------------------------------------------------------- dispatcher
    def test_dispatcher_creates_contact_and_site(self):
        Partner = self.env["res.partner"].with_user(self.dispatcher)
        caller = Partner.create(
            {"name": "New caller Ltd", "is_company": True, "phone": "+32 2 000"}
        )
        site = Partner.create(
            {
                "name": "New caller warehouse",
                "type": "delivery",
                "parent_id": caller.id,
                "street": "Dock 4",
            }
        )
        caller.write({"phone": "+32 2 111"})
        self.assertEqual(site.commercial_partner_id, caller)

    def test_dispatcher_form_order_gets_type_checklist(self):
        with Form(self.env["service.order"].with_user(self.dispatcher)) as form:
            form.partner_id = self.customer
            form.order_type_id = self.order_type
        order = form.record
        self.assertEqual(
            order.checklist_item_ids.mapped("name"),
            self.template.line_ids.mapped("name"),
        )

    def test_dispatcher_creates_schedules_and_dispatches_from_form(self):
        start = datetime.now().replace(microsecond=0, second=0) + timedelta(days=5)
        with Form(self.env["service.order"].with_user(self.dispatcher)) as form:
            form.partner_id = self.customer
            form.order_type_id = self.order_type
            form.technician_id = self.tech_emp
            form.date_scheduled_start = start
            form.date_scheduled_end = start + timedelta(hours=2)
        order = form.record
        self.assertEqual(order.state, "new")
        order.action_schedule()
        self.assertEqual(order.state, "scheduled")
        order.action_dispatch()
        self.assertEqual(order.state, "dispatched")
        self.assertTrue(order.date_dispatched)
        # the technician now sees it among his orders
        mine = self.env["service.order"].with_user(self.technician).search([])
        self.assertIn(order, mine)

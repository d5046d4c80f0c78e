from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.service_crm.tests.common import ServiceCrmCase


@tagged("post_install", "-at_install")
class TestCrmAsset(ServiceCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Equipment = cls.env["maintenance.equipment"]
        cls.oven = Equipment.create(
            {
                "name": "Deck oven",
                "partner_id": cls.customer.id,
                "site_id": cls.site.id,
                "model": "DK-4",
                "serial_no": "T-OVEN-1",
            }
        )
        cls.fridge = Equipment.create(
            {"name": "Fridge", "partner_id": cls.customer.id, "site_id": cls.site.id}
        )
        cls.foreign = Equipment.create(
            {"name": "Other boiler", "partner_id": cls.other_customer.id}
        )
        cls.order = cls._create_order(
            **cls._planned_values(),
            site_id=cls.site.id,
            equipment_ids=[Command.set(cls.oven.ids)],
        )

    def test_units_on_the_customer_view(self):
        self.env.invalidate_all()
        customer = self.customer.with_user(self.dispatcher)
        self.assertEqual(customer.service_unit_count, 2)
        self.assertEqual(customer.service_unit_ids, self.oven | self.fridge)
        self.assertEqual(self.site.with_user(self.dispatcher).service_unit_count, 2)
        action = customer.action_view_service_units()
        self.assertEqual(
            self.env["maintenance.equipment"].search(action["domain"]),
            self.oven | self.fridge,
        )
        # the technician sees the units of his own orders only
        self.env.invalidate_all()
        self.assertEqual(
            self.customer.with_user(self.tech_user_a).service_unit_ids, self.oven
        )
        self.assertIn(
            "service_unit_count", self.env["res.partner"]._get_service_summary_fields()
        )

    def test_recommendation_names_the_unit(self):
        action = self.order.with_user(self.tech_user_a).action_recommend_to_sales()
        wizard = Form(
            self.env["service.crm.recommendation"]
            .with_user(self.tech_user_a)
            .with_context(**action["context"])
        )
        # the order's only unit is preset
        self.assertEqual(wizard.equipment_id, self.oven)
        wizard.name = "Replace the oven's burner"
        wizard.save().action_confirm()
        lead = self.env["crm.lead"].search([("service_order_id", "=", self.order.id)])
        self.assertIn("Deck oven/T-OVEN-1", lead.description)
        self.assertIn("DK-4", lead.description)

    def test_unit_of_another_order_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "unit of the order"):
            self.env["service.crm.recommendation"].with_user(self.tech_user_a).create(
                {
                    "order_id": self.order.id,
                    "name": "Sell a boiler",
                    "equipment_id": self.foreign.id,
                }
            )

    def test_units_of_a_hidden_order_are_not_read(self):
        # a colleague's order with a unit: its units are read with the
        # technician's rights, not as superuser
        order_b = self._create_order(
            **self._planned_values(technician_id=self.tech_b.id),
            site_id=self.site.id,
            equipment_ids=[Command.set(self.fridge.ids)],
        )
        Wizard = self.env["service.crm.recommendation"].with_user(self.tech_user_a)
        with self.assertRaises(AccessError):
            Wizard.new({"order_id": order_b.id}).order_equipment_ids.mapped("name")
        # nor its only unit, preset in the form
        with self.assertRaises(AccessError):
            Wizard.new({"order_id": order_b.id}).equipment_id.mapped("name")
        with self.assertRaises(AccessError):
            Wizard.create({"order_id": order_b.id, "name": "Peek at the units"})
        # his own order's units
        wizard = Wizard.create({"order_id": self.order.id, "name": "New burner"})
        self.assertEqual(wizard.order_equipment_ids, self.oven)

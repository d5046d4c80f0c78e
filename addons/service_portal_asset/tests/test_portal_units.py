from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.service_portal.tests.common import setup_portal_data


@tagged("post_install", "-at_install")
class TestPortalUnits(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        Unit = cls.env["maintenance.equipment"]
        cls.oven = Unit.create(
            {"name": "Deck oven", "partner_id": cls.customer.id, "site_id": cls.site.id}
        )
        cls.fridge = Unit.create(
            {
                "name": "Shop fridge",
                "partner_id": cls.customer.id,
                "site_id": cls.site_2.id,
            }
        )
        cls.rival_unit = Unit.create(
            {
                "name": "Rival grill",
                "partner_id": cls.customer_2.id,
                "site_id": cls.site_other.id,
            }
        )

    def _submit(self, **form):
        values = {"site_id": str(self.site.id), "description": "Oven is cold"}
        values.update(form)
        return (
            self.env["service.order"]
            .with_user(self.portal_user)
            ._portal_submit_request(values, [])
        )

    def test_units_offered_are_the_customers_own(self):
        units = self.env["service.order"]._get_portal_units(self.customer)
        self.assertEqual({u["id"] for u in units}, {self.oven.id, self.fridge.id})

    def test_request_for_a_unit(self):
        order, errors = self._submit(unit_id=str(self.oven.id))
        self.assertEqual(errors, {})
        self.assertEqual(order.sudo().equipment_ids, self.oven)
        self.assertEqual(order.sudo()._get_portal_unit_names(), ["Deck oven"])

    def test_unit_of_another_customer(self):
        count = self.env["service.order"].search_count([])
        order, errors = self._submit(unit_id=str(self.rival_unit.id))
        self.assertIsNone(order)
        self.assertRegex(errors["unit_id"], "not one of your equipment")
        self.assertEqual(self.env["service.order"].search_count([]), count)

    def test_unit_at_another_site(self):
        order, errors = self._submit(unit_id=str(self.fridge.id))
        self.assertIsNone(order)
        self.assertRegex(errors["unit_id"], "Shop fridge is installed at another")

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.service_crm.tests.common import ServiceCrmCase


@tagged("post_install", "-at_install")
class TestCrmContract(ServiceCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Contract = cls.env["service.contract"]
        values = {
            "partner_id": cls.customer.id,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
        }
        cls.active_contract = Contract.create(values)
        with freeze_time("2026-01-01"):
            cls.active_contract.action_activate()
        cls.draft_contract = Contract.create(values)
        cls.cancelled_contract = Contract.create(values)
        cls.cancelled_contract.action_cancel()
        cls.other_contract = Contract.create(
            dict(values, partner_id=cls.other_customer.id)
        )

    def test_contracts_on_the_customer_view(self):
        self.env.invalidate_all()
        for partner in (self.customer, self.site):
            partner = partner.with_user(self.dispatcher)
            with self.subTest(partner=partner.name):
                # the customer's contracts cover its sites: shown on both
                # the count, the list and the button agree: cancelled left out
                self.assertEqual(partner.service_contract_count, 2)
                self.assertEqual(
                    partner.service_contract_ids,
                    self.active_contract | self.draft_contract,
                )
        action = self.site.with_user(self.dispatcher).action_view_service_contracts()
        self.assertEqual(
            self.env["service.contract"].search(action["domain"]),
            self.active_contract | self.draft_contract,
        )
        self.assertIn(
            "service_contract_count",
            self.env["res.partner"]._get_service_summary_fields(),
        )

    def test_technicians_do_not_see_contracts(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.tech_user_a).read(["service_contract_count"])

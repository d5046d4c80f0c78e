from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from odoo.addons.service_crm.tests.common import ServiceCrmCase


@tagged("post_install", "-at_install")
class TestCrmAccount(ServiceCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing = new_test_user(
            cls.env,
            "crm_billing",
            groups="service_order.group_service_dispatcher,"
            "account.group_account_invoice",
            name="Bill Ing",
        )

        def invoice(partner, price, move_type="out_invoice", post=True):
            move = cls.env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Service",
                                "quantity": 1,
                                "price_unit": price,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            if post:
                move.action_post()
            return move

        cls.contact = cls.env["res.partner"].create(
            {"name": "Paula Baker", "parent_id": cls.customer.id}
        )
        invoice(cls.customer, 300.0)
        invoice(cls.contact, 200.0)  # the same commercial entity
        invoice(cls.customer, 50.0, move_type="out_refund")
        invoice(cls.customer, 1000.0, post=False)  # draft: not invoiced
        invoice(cls.other_customer, 70.0)

    def test_invoiced_total(self):
        self.env.invalidate_all()
        for partner, total in (
            (self.customer, 450.0),
            (self.contact, 450.0),
            (self.site, 450.0),
            (self.other_customer, 70.0),
        ):
            with self.subTest(partner=partner.name):
                self.assertAlmostEqual(
                    partner.with_user(self.billing).service_invoiced_total, total
                )
        self.assertIn(
            "service_invoiced_total",
            self.env["res.partner"]._get_service_summary_fields(),
        )

    def test_hidden_without_billing_rights(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.dispatcher).read(["service_invoiced_total"])
        fields = self.env["res.partner"].with_user(self.dispatcher).fields_get()
        self.assertNotIn("service_invoiced_total", fields)

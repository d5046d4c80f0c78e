from odoo.tests import HttpCase, tagged

from odoo.addons.service_order.tests.test_guarded_writes import PNG
from odoo.addons.service_portal.tests.common import setup_portal_data


@tagged("post_install", "-at_install")
class TestPortalQuotations(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        product = cls.env["product.product"].create(
            {"name": "New mixer motor", "list_price": 400.0}
        )
        Quote = cls.env["sale.order"]

        def quote(order, partner, state):
            # the superuser links quotations as the wizard would
            record = Quote.create(
                {
                    "partner_id": partner.id,
                    "service_order_id": order.id,
                    "service_description": "Mixer motor worn out",
                    "order_line": [(0, 0, {"product_id": product.id})],
                }
            )
            if state == "sent":
                record.action_quotation_sent()
            elif state == "sale":
                record.action_confirm()
            return record

        cls.draft = quote(cls.order, cls.customer, "draft")
        cls.sent = quote(cls.order, cls.customer, "sent")
        cls.confirmed = quote(cls.order, cls.customer, "sale")
        # made out to another customer on the order (a mistake of the office)
        cls.foreign = quote(cls.order, cls.customer_2, "sent")
        cls.rival = quote(cls.order_2, cls.customer_2, "sent")

    def test_documents_hook(self):
        documents = self.order._get_portal_documents()
        self.assertEqual(
            [document["url"] for document in documents],
            [self.sent.get_portal_url(), self.confirmed.get_portal_url()],
        )
        self.assertIn(self.sent.name, documents[0]["name"])
        self.assertIn("Quotation", documents[0]["name"])
        self.assertIn("Sales Order", documents[1]["name"])
        self.assertIn("access_token=", documents[0]["url"])

    def test_portal_page_as_the_customer(self):
        self.authenticate("sp_portal", "sp_portal")
        response = self.url_open(f"/my/service/orders/{self.order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.sent.name, response.text)
        self.assertIn(self.confirmed.name, response.text)
        self.assertIn(f"/my/orders/{self.sent.id}?", response.text)
        self.assertNotIn(self.draft.name, response.text)
        self.assertNotIn(self.foreign.name, response.text)
        self.assertNotIn(self.rival.name, response.text)
        # the native sale portal serves the quotation linked from the page
        response = self.url_open(self.sent.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.sent.name, response.text)
        # the rival's order page and its quotation stay closed to him
        response = self.url_open(
            f"/my/service/orders/{self.order_2.id}", allow_redirects=False
        )
        self.assertNotEqual(response.status_code, 200)
        response = self.url_open(f"/my/orders/{self.rival.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    def test_customer_signs_the_extra_work_and_gets_the_followup(self):
        """The office quotes the extra work from the order; the customer signs
        it on the native sale portal (no online payment, even when the company
        asks prepayment of its quotations): it is confirmed and the follow-up
        order is created once."""
        self.order.company_id.portal_confirmation_pay = True
        product = self.env["product.product"].create(
            {"name": "Second boiler repair", "list_price": 250.0}
        )
        quote = self.order._create_extra_work_quotation(
            "The second boiler leaks", product
        )
        quote.action_quotation_sent()
        Order = self.env["service.order"]
        # the set-up's confirmed quotation has its follow-up already
        before = Order.search([("followup_of_id", "=", self.order.id)])
        self.authenticate("sp_portal", "sp_portal")
        result = self.make_jsonrpc_request(
            f"/my/orders/{quote.id}/accept",
            {
                "access_token": quote._portal_ensure_token(),
                "name": "Customer Signer",
                "signature": PNG,
            },
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(quote.state, "sale")
        followups = Order.search([("followup_of_id", "=", self.order.id)]) - before
        self.assertEqual(len(followups), 1)
        self.assertEqual(quote.service_followup_id, followups)
        # signing again changes nothing
        again = self.make_jsonrpc_request(
            f"/my/orders/{quote.id}/accept",
            {"access_token": quote.access_token, "name": "Again", "signature": PNG},
        )
        self.assertIn("error", again)
        self.assertEqual(
            Order.search([("followup_of_id", "=", self.order.id)]) - before, followups
        )

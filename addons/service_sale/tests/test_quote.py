from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from odoo.addons.service_order.tests.common import DISPATCHER_GROUP

from .common import SALESMAN_GROUP, ServiceSaleCase


@tagged("post_install", "-at_install")
class TestQuoteExtraWork(ServiceSaleCase):
    def test_quote_extra_work(self):
        # a company that asks online prepayment of its quotations: extra work
        # is accepted by signing all the same (paid on its invoice)
        self.order.company_id.portal_confirmation_pay = True
        order = self.order.with_user(self.sales_dispatcher)
        action = order.action_quote_extra_work()
        self.assertEqual(action["res_model"], "service.sale.quote.wizard")
        self.assertEqual(action["context"], {"default_order_id": self.order.id})
        wizard = (
            self.env["service.sale.quote.wizard"]
            .with_user(self.sales_dispatcher)
            .with_context(**action["context"])
            .create(
                {
                    "description": "  The second unit's compressor is failing.  ",
                    "product_ids": [(6, 0, (self.compressor | self.fitting).ids)],
                }
            )
        )
        self.assertEqual(wizard.partner_id, self.customer)
        result = wizard.action_confirm()
        quote = wizard.sale_order_id
        self.assertEqual(result["res_model"], "sale.order")
        self.assertEqual(result["res_id"], quote.id)
        self.assertEqual(wizard.state, "done")
        # a draft quotation for the order's customer, delivered to its site
        self.assertEqual(quote.state, "draft")
        self.assertEqual(quote.partner_id, self.customer)
        self.assertEqual(quote.partner_shipping_id, self.site)
        self.assertEqual(quote.company_id, self.order.company_id)
        self.assertEqual(quote.user_id, self.sales_dispatcher)
        self.assertEqual(quote.service_order_id, self.order)
        self.assertTrue(quote.require_signature)
        self.assertFalse(quote.require_payment)
        self.assertEqual(
            quote.service_description, "The second unit's compressor is failing."
        )
        note, *products = quote.order_line.sorted("sequence")
        self.assertEqual(note.display_type, "line_note")
        self.assertEqual(note.name, "The second unit's compressor is failing.")
        self.assertEqual(
            {line.product_id for line in products}, {self.compressor, self.fitting}
        )
        self.assertEqual(quote.amount_untaxed, 980.0)
        # linked both ways, counted and opened from the order
        self.assertEqual(order.quotation_ids, quote)
        self.assertEqual(order.quotation_count, 1)
        action = order.action_view_quotations()
        self.assertEqual(action["res_id"], quote.id)
        self.assertEqual(action["domain"], [("service_order_id", "=", self.order.id)])
        action = quote.action_view_service_order()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("service.order", self.order.id)
        )
        self.assertIn(quote.name, self.order.message_ids[0].body)
        # no follow-up before the customer accepts
        self.assertFalse(self._followups())
        # the form gives one quotation
        with self.assertRaisesMessage(UserError, "quoted already"):
            wizard.action_confirm()
        self.assertEqual(order.quotation_count, 1)

    def test_description_only(self):
        quote = self._quote(products=self.env["product.product"])
        self.assertEqual(quote.order_line.display_type, "line_note")
        self.assertEqual(quote.amount_total, 0.0)

    def test_bad_input_writes_nothing(self):
        Quote = self.env["sale.order"]
        cases = [
            ({"description": "   "}, UserError, "Describe the extra work"),
            ({"description": "x" * 10001}, UserError, "keep it under"),
            ({"description": ["not", "text"]}, ValidationError, "Extra Work"),
            ({"product_ids": [(6, 0, [999999999])]}, ValidationError, "no record"),
        ]
        for values, error, message in cases:
            with self.subTest(values=str(values)[:40]):
                with self.assertRaisesMessage(error, message):
                    self._wizard(self.sales_dispatcher, **values).action_confirm()
                self.assertFalse(
                    Quote.search([("service_order_id", "=", self.order.id)])
                )
        not_sold = self.env["product.product"].create(
            {"name": "Internal tool", "sale_ok": False}
        )
        wizard = self._wizard(self.sales_dispatcher, product_ids=[(6, 0, not_sold.ids)])
        with self.assertRaisesMessage(UserError, "Internal tool cannot be sold"):
            wizard.action_confirm()
        # the form stays open to correct (the mark is rolled back)
        self.assertEqual(wizard.state, "draft")
        self.assertFalse(Quote.search([("service_order_id", "=", self.order.id)]))
        self.order.with_user(self.dispatcher).action_cancel()
        with self.assertRaisesMessage(UserError, "is cancelled"):
            self.order.with_user(self.sales_dispatcher).action_quote_extra_work()
        with self.assertRaisesMessage(UserError, "is cancelled"):
            self._wizard(self.sales_dispatcher)
        self.assertFalse(Quote.search([("service_order_id", "=", self.order.id)]))

    def test_server_fields_refused_from_clients(self):
        wizard = self._wizard(self.sales_dispatcher)
        quote = self._quote()
        Wizard = self.env["service.sale.quote.wizard"].with_user(self.sales_dispatcher)
        with self.assertRaisesMessage(AccessError, "Create button"):
            Wizard.create(
                {"order_id": self.order.id, "description": "x", "state": "done"}
            )
        with self.assertRaisesMessage(AccessError, "Create button"):
            wizard.write({"sale_order_id": quote.id})
        # a quotation names its order through the wizard's check, and never a
        # follow-up order; the links are not changed afterwards
        other = self._create_order(user_id=self.dispatcher.id)
        Quote = self.env["sale.order"].with_user(self.salesman)
        with self.assertRaises(AccessError):
            Quote.create({"partner_id": self.customer.id, "service_order_id": other.id})
        with self.assertRaisesMessage(AccessError, "created when it is confirmed"):
            Quote.with_user(self.sales_dispatcher).create(
                {"partner_id": self.customer.id, "service_followup_id": other.id}
            )
        with self.assertRaisesMessage(ValidationError, "Service Order"):
            Quote.with_user(self.sales_dispatcher).create(
                {"partner_id": self.customer.id, "service_order_id": "abc"}
            )
        for values in (
            {"service_order_id": other.id},
            {"service_followup_id": other.id},
        ):
            with self.subTest(values=values):
                with self.assertRaisesMessage(AccessError, "cannot be changed by hand"):
                    quote.with_user(self.sales_dispatcher).write(values)
        self.assertEqual(quote.service_order_id, self.order)
        self.assertFalse(quote.service_followup_id)
        # a dispatcher may create a quotation linked to an order he may quote
        linked = Quote.with_user(self.sales_dispatcher).create(
            {"partner_id": self.customer.id, "service_order_id": other.id}
        )
        self.assertEqual(linked.service_order_id, other)
        # a duplicate is a plain quotation
        self.assertFalse(quote.copy().service_order_id)

    def test_multi_company(self):
        order_b = (
            self.env["service.order"]
            .with_company(self.company2)
            .create(
                self._order_values(
                    partner_id=self.other_customer.id, company_id=self.company2.id
                )
            )
        )
        # a dispatcher of company A only does not see company B's order
        with self.assertRaises(AccessError):
            order_b.with_user(self.sales_dispatcher).action_quote_extra_work()
        with self.assertRaises(AccessError):
            self._wizard(self.sales_dispatcher, order=order_b)
        self.assertFalse(
            self.env["sale.order"].search([("service_order_id", "=", order_b.id)])
        )
        both = new_test_user(
            self.env,
            "ss_both",
            groups=f"{DISPATCHER_GROUP},{SALESMAN_GROUP}",
            company_id=self.company.id,
            company_ids=[(6, 0, (self.company | self.company2).ids)],
        )
        quote = self._quote(user=both, order=order_b)
        self.assertEqual(quote.company_id, self.company2)
        # a product of company A is refused on a company B quotation
        product_a = self.env["product.product"].create(
            {"name": "Company A part", "company_id": self.company.id}
        )
        with self.assertRaises(UserError):
            self._wizard(both, order=order_b, product_ids=[(6, 0, product_a.ids)])

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ServiceSaleCase


@tagged("post_install", "-at_install")
class TestQuoteAccess(ServiceSaleCase):
    def test_who_quotes(self):
        """Dispatchers and service managers who have the sales app's rights
        quote extra work; technicians, dispatchers without sales rights and
        salespeople without service rights do not."""
        self.order.technician_id = self.tech_a
        refused = {
            "technician (his own order)": (self.tech_user_a, "Only dispatchers"),
            "dispatcher without sales rights": (self.dispatcher, "Sales app"),
            "manager without sales rights": (self.manager, "Sales app"),
            "salesperson without service rights": (self.salesman, "Only dispatchers"),
        }
        for label, (user, message) in refused.items():
            with self.subTest(user=label):
                with self.assertRaisesMessage(AccessError, message):
                    self.order.with_user(user).action_quote_extra_work()
                # (technicians have no right on the form at all)
                with self.assertRaises(AccessError):
                    self._wizard(user)
        self.assertFalse(self.order.sudo().quotation_ids)
        for user in (self.sales_dispatcher, self.sales_manager):
            with self.subTest(user=user.name):
                quote = self._quote(user=user)
                self.assertEqual(quote.service_order_id, self.order)
                self.assertEqual(quote.user_id, user)

    def test_quotations_are_the_sales_team_business(self):
        quote = self._quote()
        # a dispatcher without sales rights does not see the quotations
        order = self.order.with_user(self.dispatcher)
        with self.assertRaises(AccessError):
            order.read(["quotation_count"])
        # a salesperson confirms the quotation but does not open the order
        with self.assertRaises(AccessError):
            quote.with_user(self.salesman).action_view_service_order()
        # a salesperson only sees his own quotations (sales' record rule)
        self.assertEqual(self.order.with_user(self.sales_manager).quotation_count, 0)
        self.assertEqual(self.order.with_user(self.sales_dispatcher).quotation_count, 1)

    def test_forms_are_their_author_s(self):
        wizard = self._wizard(self.sales_dispatcher)
        other = self.env["service.sale.quote.wizard"].with_user(self.sales_manager)
        self.assertFalse(other.search([("id", "=", wizard.id)]))
        with self.assertRaises(AccessError):
            other.browse(wizard.id).action_confirm()

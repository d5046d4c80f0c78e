from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ServiceAccountCase


@tagged("post_install", "-at_install")
class TestAccess(ServiceAccountCase):
    def _moves(self, orders):
        return self.env["account.move"].search(
            [("line_ids.service_order_id", "in", orders.ids)]
        )

    def test_accountant_invoices_but_cannot_edit_orders(self):
        order = self._done_order([(self.code_diag, 1), (self.labour, 1)])
        as_accountant = order.with_user(self.accountant)
        # he reads the order and its status
        self.assertEqual(as_accountant.invoice_status, "to_invoice")
        # refused (first by the closed order, else by the access rights)
        with self.assertRaises(UserError):
            as_accountant.write({"resolution": "<p>changed</p>"})
        with self.assertRaises(UserError):
            as_accountant.line_ids.write({"qty_used": 5})
        open_order = self._create_order(order_type_id=self.flat_type.id)
        with self.assertRaises(AccessError):
            open_order.with_user(self.accountant).write({"priority": "3"})
        self.assertEqual(open_order.priority, self.flat_type.default_priority)
        self.assertEqual(order.line_ids.mapped("qty_used"), [1.0, 1.0])
        as_accountant.action_create_invoice()
        move = self._moves(order)
        self.assertEqual(len(move), 1)
        self.assertEqual(move.create_uid, self.accountant)
        self.assertEqual(move.with_user(self.accountant).service_order_ids, order)
        self.assertEqual(as_accountant.invoice_ids, move)

    def test_technician_cannot_invoice_nor_see_invoices(self):
        order = self._done_order([(self.code_diag, 1)], technician_id=self.tech_a.id)
        as_tech = order.with_user(self.tech_user_a)
        with self.assertRaises(AccessError):
            as_tech.action_create_invoice()
        with self.assertRaises(AccessError):
            as_tech.action_create_invoice_anyway()
        self.assertFalse(self._moves(order))
        # the invoice fields are an invoicing user's
        with self.assertRaises(AccessError):
            as_tech.read(["invoice_ids"])
        with self.assertRaises(AccessError):
            self.tech_a.with_user(self.tech_user_a).read(["service_billing_rate"])
        # the status is everybody's
        self.assertEqual(as_tech.invoice_status, "to_invoice")

    def test_invoice_smart_button_needs_the_invoice(self):
        order = self._done_order([(self.code_diag, 1)])
        order.with_user(self.accountant).action_create_invoice()
        move = self.env["account.move"].search(
            [("line_ids.service_order_id", "=", order.id)]
        )
        action = move.with_user(self.accountant).action_view_service_orders()
        self.assertEqual(self.env["service.order"].search(action["domain"]), order)
        # an invoice the user may not read: refused, not an empty list
        with self.assertRaises(AccessError):
            move.with_user(self.tech_user_a).action_view_service_orders()

    def test_dispatcher_without_invoicing_rights_cannot_invoice(self):
        order = self._done_order([(self.code_diag, 1)])
        with self.assertRaises(AccessError):
            order.with_user(self.dispatcher).action_create_invoice()
        self.assertFalse(self._moves(order))
        order.with_user(self.dispatcher_accountant).action_create_invoice()
        self.assertEqual(len(self._moves(order)), 1)

    def test_client_context_unlocks_nothing(self):
        order = self._done_order([(self.code_diag, 1)])
        with self.assertRaises(AccessError):
            order.with_user(self.tech_user_a).with_context(
                service_order_state_change=True, force=True
            ).action_create_invoice()
        self.assertFalse(self._moves(order))

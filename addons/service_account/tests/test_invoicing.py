from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.service_account.models.service_order_line import ServiceOrderLine

from .common import ServiceAccountCase


@tagged("post_install", "-at_install")
class TestInvoicing(ServiceAccountCase):
    def _moves(self, orders):
        return self.env["account.move"].search(
            [("line_ids.service_order_id", "in", orders.ids)]
        )

    def test_invoice_status_is_the_servers(self):
        """A status sent at creation is ignored: a new order is open, and
        turns "to invoice" when it is done."""
        orders = self.env["service.order"].with_user(self.dispatcher_accountant)
        order = orders.create(
            self._order_values(
                order_type_id=self.flat_type.id,
                date_scheduled_start=self.day,
                date_scheduled_end=self.day + timedelta(hours=2),
                invoice_status="invoiced",
            )
        )
        self.assertEqual(order.invoice_status, "open")
        order.line_ids = [Command.create({"product_id": self.part.id, "qty_used": 1})]
        self._complete(order)
        self.assertEqual(order.invoice_status, "to_invoice")

    def test_invoice_one_order(self):
        """Lines, links, taxes, analytic, statuses and smart buttons."""
        analytic_plan = self.env["account.analytic.plan"].create({"name": "Jobs"})
        analytic = self.env["account.analytic.account"].create(
            {"name": "Field jobs", "plan_id": analytic_plan.id}
        )
        self.flat_type.analytic_account_id = analytic
        order = self._done_order([(self.code_diag, 1), (self.part, 2)])
        self.assertEqual(order.invoice_status, "to_invoice")
        action = order.with_user(self.accountant).action_create_invoice()
        move = self._moves(order)
        self.assertEqual(len(move), 1)
        self.assertEqual(action["res_id"], move.id)
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.move_type, "out_invoice")
        self.assertEqual(move.partner_id, self.customer)
        lines = self._invoice_lines(move)
        self.assertEqual(lines.product_id, self.code_diag | self.part)
        self.assertEqual(lines.service_order_id, order)
        self.assertEqual(lines.service_order_line_id, order.line_ids)
        for line in lines:
            self.assertEqual(line.analytic_distribution, {str(analytic.id): 100.0})
        # 89 + 2 x 32 = 153, VAT 21 % = 32.13
        self.assertAlmostEqual(move.amount_untaxed, 153.0)
        self.assertAlmostEqual(move.amount_tax, 32.13)
        self.assertEqual(lines.tax_ids, self.tax)
        # the section names the order
        section = move.invoice_line_ids.filtered(
            lambda line: line.display_type == "line_section"
        )
        self.assertIn(order.name, section.name)
        # the creation note names the order (one note, logged for the batch)
        notes = move.message_ids.filtered(lambda m: order.name in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("Invoice created from the service orders", notes.body)
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(order.invoice_ids, move)
        self.assertEqual(order.invoice_count, 1)
        self.assertEqual(move.service_order_ids, order)
        self.assertEqual(move.service_order_count, 1)
        self.assertEqual(
            move.action_view_service_orders()["domain"], [("id", "in", order.ids)]
        )
        # posting is ordinary accounting
        move.action_post()
        self.assertEqual(move.state, "posted")
        self.assertEqual(order.invoice_status, "invoiced")

    def test_the_invoicing_user_follows_the_invoices_as_by_hand(self):
        """The invoices are created in a batch (no chatter work invoice by
        invoice), yet the accountant follows each one as he follows an
        invoice he creates by hand, and what he changes afterwards is
        tracked."""
        orders = self._done_order([(self.part, 1)]) | self._done_order(
            [(self.code_diag, 1)]
        )
        # as in the web client: mail on (the test class turns it off)
        env = self.env(user=self.accountant, context={})
        moves = orders.with_env(env)._create_invoices()
        self.assertEqual(len(moves), 2)
        by_hand = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.part.id, "price_unit": 32.0})
                ],
            }
        )
        self.assertIn(self.accountant.partner_id, by_hand.message_partner_ids)
        for move in moves:
            self.assertEqual(move.message_partner_ids, by_hand.message_partner_ids)
        # what he changes later (the invoices committed) is tracked as usual
        self.assertNotIn("tracking_disable", moves.env.context)
        self.env.flush_all()
        self.env.cr.precommit.run()
        (moves[0] | by_hand).ref = "PO 4711"
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        for move in (by_hand, moves[0]):
            tracked = move.sudo().message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "ref"
            )
            self.assertEqual(tracked.new_value_char, "PO 4711", move.invoice_origin)

    def test_client_defaults_do_not_reach_the_invoice(self):
        """default_* keys sent with the call (the context is the client's)
        set nothing on the invoices or their lines: a draft at its price."""
        order = self._done_order([(self.code_diag, 1)])
        forged = {
            "default_state": "posted",
            "default_name": "INV/FORGED",
            "default_price_unit": 1.0,
            "default_service_order_id": self._done_order([(self.part, 1)]).id,
        }
        order.with_user(self.accountant).with_context(**forged).action_create_invoice()
        move = self._moves(order)
        self.assertEqual(move.state, "draft")
        self.assertNotEqual(move.name, "INV/FORGED")
        self.assertAlmostEqual(move.amount_untaxed, 89.0)
        self.assertEqual(
            move.line_ids.service_order_id, order, "no line names the other order"
        )

    def test_fiscal_position_maps_taxes(self):
        exempt = self.env["account.tax"].create(
            {
                "name": "Test VAT 0% export",
                "amount": 0.0,
                "type_tax_use": "sale",
                "company_id": self.company.id,
            }
        )
        position = self.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "tax_ids": [
                    Command.create(
                        {"tax_src_id": self.tax.id, "tax_dest_id": exempt.id}
                    )
                ],
            }
        )
        self.customer.property_account_position_id = position
        order = self._done_order([(self.code_diag, 1)])
        order.action_create_invoice()
        move = self._moves(order)
        self.assertEqual(move.fiscal_position_id, position)
        self.assertEqual(self._invoice_lines(move).tax_ids, exempt)
        self.assertAlmostEqual(move.amount_tax, 0.0)

    def test_grouping_per_customer(self):
        first = self._done_order([(self.code_diag, 1)])
        second = self._done_order([(self.part, 1)])
        other = self._done_order([(self.part, 1)], partner_id=self.other_customer.id)
        self.customer.service_invoice_grouping = "customer"
        (first | second | other).action_create_invoice()
        mine = self._moves(first | second)
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine.service_order_ids, first | second)
        self.assertAlmostEqual(mine.amount_untaxed, 89.0 + 32.0)
        self.assertEqual(len(self._moves(other)), 1)
        self.assertNotEqual(self._moves(other), mine)

    def test_grouping_per_order(self):
        orders = self._done_order([(self.code_diag, 1)]) | self._done_order(
            [(self.part, 1)]
        )
        self.assertEqual(self.customer.service_invoice_grouping, "order")
        orders.action_create_invoice()
        moves = self._moves(orders)
        self.assertEqual(len(moves), 2)
        for move in moves:
            self.assertEqual(len(move.service_order_ids), 1)

    def test_no_double_invoice(self):
        order = self._done_order([(self.code_diag, 1)])
        order.action_create_invoice()
        with self.assertRaisesMessage(UserError, "Nothing to invoice"):
            order.action_create_invoice()
        move = self._moves(order)
        self.assertEqual(len(move), 1)
        # selected again with a new order: only the new one is invoiced
        other = self._done_order([(self.part, 1)])
        (order | other).action_create_invoice()
        self.assertEqual(self._moves(order), move)
        self.assertEqual(len(self._moves(other)), 1)
        # a cancelled invoice frees the order
        move.button_cancel()
        self.assertEqual(order.invoice_status, "to_invoice")
        order.action_create_invoice()
        moves = self._moves(order)
        self.assertEqual(len(moves), 2)
        self.assertEqual(order.invoice_status, "invoiced")
        # a deleted draft frees it too
        (moves - move).unlink()
        self.assertEqual(order.invoice_status, "to_invoice")

    def test_order_not_done_refused(self):
        done = self._done_order([(self.code_diag, 1)])
        open_order = self._create_order(order_type_id=self.flat_type.id)
        before = self.env["account.move"].search_count([])
        with self.assertRaisesMessage(UserError, open_order.name):
            (done | open_order).action_create_invoice()
        self.assertEqual(self.env["account.move"].search_count([]), before)
        self.assertEqual(done.invoice_status, "to_invoice")
        with self.assertRaisesMessage(UserError, "Select the completed"):
            self.env["service.order"].action_create_invoice()

    def test_coverage_hook(self):
        """A line covered 100 % is billed at a full discount with the reason;
        50 % halves it; a fully covered order is no charge and makes no
        invoice unless forced."""
        order = self._done_order([(self.code_diag, 1), (self.part, 1)])
        diag, part = order.line_ids

        def half(lines):
            return {part.id: (50.0, "warranty")} if part in lines else {}

        with patch.object(ServiceOrderLine, "_get_coverage", half):
            data = order._get_invoice_data()[order.id]
            self.assertEqual([i["subtotal"] for i in data], [89.0, 16.0])
            self.assertIn("50% covered: warranty", data[1]["name"])

        def full(lines):
            return {line.id: (100.0, "warranty") for line in lines}

        with patch.object(ServiceOrderLine, "_get_coverage", full):
            order.invalidate_recordset(["invoice_status"])
            self.env.add_to_compute(order._fields["invoice_status"], order)
            self.assertEqual(order.invoice_status, "no_charge")
            with self.assertRaisesMessage(UserError, "Nothing to invoice"):
                order.action_create_invoice()
            self.assertFalse(self._moves(order))
            order.action_create_invoice_anyway()
            move = self._moves(order)
            self.assertEqual(len(move), 1)
            self.assertAlmostEqual(move.amount_total, 0.0)
            self.assertIn("covered: warranty", self._invoice_lines(move)[0].name)
            self.assertEqual(order.invoice_status, "invoiced")

    def test_multi_company(self):
        """Orders of two companies selected together: one invoice per company,
        each in a journal of its company; company A's invoice has no line of
        company B's order."""
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=self.company2, install_demo=False
        )
        type_b = self.env["service.order.type"].create(
            {"name": "Repair B", "company_id": self.company2.id}
        )
        tech_b2 = self.env["hr.employee"].create(
            {
                "name": "Tech of B",
                "is_field_technician": True,
                "company_id": self.company2.id,
            }
        )
        order_a = self._done_order([(self.code_diag, 1)])
        order_b = self._done_order(
            [(self.part, 1)],
            company_id=self.company2.id,
            order_type_id=type_b.id,
            technician_id=tech_b2.id,
        )
        self.customer.service_invoice_grouping = "customer"
        (order_a | order_b).with_context(
            allowed_company_ids=[self.company.id, self.company2.id]
        ).action_create_invoice()
        move_a, move_b = self._moves(order_a), self._moves(order_b)
        self.assertEqual(len(move_a), 1)
        self.assertNotEqual(move_a, move_b)
        self.assertEqual(move_a.company_id, self.company)
        self.assertEqual(move_b.company_id, self.company2)
        self.assertEqual(move_b.journal_id.company_id, self.company2)
        self.assertEqual(move_a.service_order_ids, order_a)

import logging
from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import new_test_user

from odoo.addons.service_account.tests.common import ServiceAccountCase

_logger = logging.getLogger(__name__)

# measured (accountant, jobs of 3 visits of one line each): 109 queries for 10
# jobs (30 visits) on 10 invoices, 118 for 40 jobs (120 visits) on 40: 0.3 per
# extra invoice; the job's visits cost one search per batch
PER_INVOICE_BUDGET = 0.5
BASE_BUDGET = 125


@tagged("post_install", "-at_install")
class TestJobInvoicing(ServiceAccountCase):
    """A job of three visits: Tuesday (diagnostic 89), Wednesday (2 parts at
    32 = 64), Thursday (capacitor swap 149, its part included at no charge)."""

    @classmethod
    def _visit(cls, job, lines, start, done=True, **values):
        """A return visit of ``job`` with ``lines`` [(product, qty used)]."""
        vals = cls._order_values(
            order_type_id=cls.flat_type.id,
            date_scheduled_start=start,
            date_scheduled_end=start + timedelta(hours=2),
            job_order_id=job.id,
            return_reason=values.pop("reason", "Waiting for parts"),
            line_ids=[
                Command.create(
                    {"product_id": product.id, "qty_planned": qty, "qty_used": qty}
                )
                for product, qty in lines
            ],
        )
        vals.update(values)
        visit = cls.env["service.order"].create(vals)
        if done:
            cls._complete(visit)
        return visit

    def _job(self, last_done=True, **values):
        first = self._done_order([(self.code_diag, 1)], **values)
        second = self._visit(
            first, [(self.part, 2)], self.day + timedelta(days=1), **values
        )
        third = self._visit(
            first,
            [(self.code_bundle, 1), (self.part, 1)],
            self.day + timedelta(days=2),
            done=last_done,
            reason="Capacitor on order",
            **values,
        )
        return first | second | third

    def _moves(self, orders):
        return self.env["account.move"].search(
            [("line_ids.service_order_id", "in", orders.ids)]
        )

    def _layout(self, move):
        """[(section or product, order name)] in the invoice's order."""
        return [
            (line.display_type, line.service_order_id.name)
            for line in move.invoice_line_ids.sorted("sequence")
        ]

    # ------------------------------------------------------------------
    # Happy path
    # ------------------------------------------------------------------
    def test_last_visit_bills_the_job(self):
        first, second, third = visits = self._job()
        self.assertEqual(set(visits.mapped("invoice_status")), {"to_invoice"})
        action = third.with_user(self.accountant).action_create_invoice()
        move = self._moves(visits)
        self.assertEqual(len(move), 1)
        self.assertEqual(action["res_id"], move.id)
        self.assertEqual(move.service_order_ids, visits)
        # a section per visit, in visit order, each visit's lines under it
        self.assertEqual(
            self._layout(move),
            [
                ("line_section", first.name),
                ("product", first.name),
                ("line_section", second.name),
                ("product", second.name),
                ("line_section", third.name),
                ("product", third.name),
                ("product", third.name),
            ],
        )
        sections = move.invoice_line_ids.filtered(
            lambda line: line.display_type == "line_section"
        ).sorted("sequence")
        self.assertNotIn("return visit", sections[0].name)
        self.assertIn(
            f"return visit of {first.name}: Waiting for parts", sections[1].name
        )
        self.assertIn("Capacitor on order", sections[2].name)
        # 89 + 2 x 32 + 149 (+ the included part at 100 % off) = 302;
        # VAT 21 % = 63.42
        self.assertAlmostEqual(move.amount_untaxed, 302.0)
        self.assertAlmostEqual(move.amount_tax, 63.42)
        self.assertAlmostEqual(move.amount_total, 365.42)
        self.assertEqual(set(visits.mapped("invoice_status")), {"invoiced"})
        self.assertEqual(move.invoice_origin, ", ".join(visits.mapped("name")))
        # no double invoice, from any visit of the job
        for visit in visits:
            with self.assertRaisesMessage(UserError, "Nothing to invoice"):
                visit.with_user(self.accountant).action_create_invoice()
        self.assertEqual(self._moves(visits), move)

    def test_return_visit_from_the_office(self):
        """The real flow: the dispatcher asks for a return visit of an order
        in progress; the first visit waits for it, then both are billed."""
        order = self._create_order(
            order_type_id=self.flat_type.id,
            technician_id=self.tech_a.id,
            date_scheduled_start=self.day,
            date_scheduled_end=self.day + timedelta(hours=2),
            user_id=self.dispatcher.id,
            line_ids=[
                Command.create(
                    {"product_id": self.code_diag.id, "qty_planned": 1, "qty_used": 1}
                )
            ],
        )
        order.action_schedule()
        order.action_dispatch()
        order._write_lifecycle({"state": "in_progress", "date_started": self.day})
        visit = order.with_user(self.dispatcher).action_return_visit("Second day")
        self.assertEqual(order.state, "done")
        self.assertEqual(visit.job_order_id, order)
        self.assertEqual(order.invoice_status, "open")
        with self.assertRaisesMessage(UserError, visit.name):
            order.with_user(self.accountant).action_create_invoice()
        visit.line_ids = [
            Command.create({"product_id": self.part.id, "qty_used": 1}),
        ]
        visit.write(
            {
                "date_scheduled_start": self.day + timedelta(days=1),
                "date_scheduled_end": self.day + timedelta(days=1, hours=2),
            }
        )
        self._complete(visit)
        self.assertEqual(order.invoice_status, "to_invoice")
        order.with_user(self.accountant).action_create_invoice()
        move = self._moves(order | visit)
        self.assertEqual(len(move), 1)
        # 89 + 32
        self.assertAlmostEqual(move.amount_untaxed, 121.0)
        self.assertEqual(move.service_order_ids, order | visit)

    # ------------------------------------------------------------------
    # A job with an open visit
    # ------------------------------------------------------------------
    def test_open_visit_holds_the_job(self):
        first, second, third = visits = self._job(last_done=False)
        self.assertEqual(third.state, "new")
        # not in "Orders to Invoice" while the last visit is open
        self.assertEqual(first.invoice_status, "open")
        self.assertEqual(second.invoice_status, "open")
        before = self.env["account.move"].search_count([])
        for visit in first | second:
            with self.assertRaisesMessage(
                UserError, f"{visit.name}: visit {third.name} is still open"
            ):
                visit.with_user(self.accountant).action_create_invoice()
        # with an order of another job: refused as a whole, nothing written
        other = self._done_order([(self.part, 1)])
        with self.assertRaisesMessage(UserError, third.name):
            (other | first).with_user(self.accountant).action_create_invoice()
        self.assertEqual(self.env["account.move"].search_count([]), before)
        self.assertEqual(other.invoice_status, "to_invoice")
        # the last visit done: the job is to invoice, and billed whole
        self._complete(third)
        self.assertEqual(set(visits.mapped("invoice_status")), {"to_invoice"})
        first.with_user(self.accountant).action_create_invoice()
        move = self._moves(visits)
        self.assertEqual(len(move), 1)
        self.assertAlmostEqual(move.amount_untaxed, 302.0)

    def test_new_return_visit_reopens_the_job(self):
        first = self._done_order([(self.code_diag, 1)])
        self.assertEqual(first.invoice_status, "to_invoice")
        visit = self._visit(first, [(self.part, 1)], self.day, done=False)
        self.assertEqual(first.invoice_status, "open")
        visit._write_lifecycle({"state": "cancelled"})
        self.assertEqual(first.invoice_status, "to_invoice")

    def test_cancelled_visit_neither_billed_nor_awaited(self):
        first, second, third = self._job(last_done=False)
        third._write_lifecycle({"state": "cancelled"})
        second.with_user(self.accountant).action_create_invoice()
        move = self._moves(first | second | third)
        self.assertEqual(move.service_order_ids, first | second)
        self.assertAlmostEqual(move.amount_untaxed, 89.0 + 64.0)
        self.assertEqual(third.invoice_status, "open")
        self.assertFalse(third.invoice_ids)

    def test_invoiced_visit_not_billed_again(self):
        """The first visit was invoiced before the return visit was asked:
        the return visit is billed alone, the first one once only."""
        first = self._done_order([(self.code_diag, 1)])
        first.with_user(self.accountant).action_create_invoice()
        first_move = self._moves(first)
        visit = self._visit(first, [(self.part, 2)], self.day + timedelta(days=1))
        self.assertEqual(first.invoice_status, "invoiced")
        self.assertEqual(visit.invoice_status, "to_invoice")
        (first | visit).with_user(self.accountant).action_create_invoice()
        moves = self._moves(first | visit)
        self.assertEqual(len(moves), 2)
        second_move = moves - first_move
        self.assertEqual(second_move.service_order_ids, visit)
        self.assertAlmostEqual(second_move.amount_untaxed, 64.0)
        self.assertEqual(first.invoice_ids, first_move)
        # the first invoice cancelled: the first visit is free again and is
        # billed alone (the other visit is on an invoice)
        first_move.button_cancel()
        first.with_user(self.accountant).action_create_invoice()
        self.assertEqual(len(self._moves(first)), 2)
        self.assertEqual(visit.invoice_ids, second_move)

    def test_job_total_decides(self):
        """A visit that bills nothing by itself (fully covered) still gets its
        section on the job's invoice; a job of no-charge visits makes none."""
        first = self._done_order([(self.code_diag, 1)])
        free_visit = self._visit(first, [], self.day + timedelta(days=1))
        self.assertEqual(free_visit.invoice_status, "no_charge")
        free_visit.with_user(self.accountant).action_create_invoice()
        move = self._moves(first)
        self.assertEqual(move.service_order_ids, first | free_visit)
        self.assertEqual(self._layout(move)[-1], ("line_section", free_visit.name))
        self.assertAlmostEqual(move.amount_untaxed, 89.0)
        nothing = self._done_order([])
        self._visit(nothing, [], self.day + timedelta(days=1))
        with self.assertRaisesMessage(UserError, "Nothing to invoice"):
            nothing.with_user(self.accountant).action_create_invoice()

    # ------------------------------------------------------------------
    # Grouping
    # ------------------------------------------------------------------
    def test_grouping(self):
        """Per order (the default): a job per invoice, an order alone on its
        own; per customer: the job joins the customer's invoice."""
        job_a = self._job()
        job_b = self._job()
        alone = self._done_order([(self.part, 1)])
        (job_a[0] | job_b[2] | alone).with_user(self.accountant).action_create_invoice()
        self.assertEqual(self._moves(job_a).service_order_ids, job_a)
        self.assertEqual(self._moves(job_b).service_order_ids, job_b)
        self.assertEqual(self._moves(alone).service_order_ids, alone)
        self.customer.service_invoice_grouping = "customer"
        job_c = self._job()
        other = self._done_order([(self.part, 1)])
        job_c[1].with_user(self.accountant).action_create_invoice()
        self.assertEqual(self._moves(job_c).service_order_ids, job_c)
        (other | job_c).with_user(self.accountant).action_create_invoice()
        self.assertEqual(len(self._moves(other)), 1)

    def test_periodic_invoicing_waits_for_the_job(self):
        self.customer.write(
            {"service_invoice_grouping": "customer", "service_invoice_periodic": True}
        )
        first, second, third = job = self._job(last_done=False)
        alone = self._done_order([(self.part, 1)])
        Order = self.env["service.order"]
        # (the demo's periodic customers are billed on the same run)
        moves = Order._cron_periodic_invoicing().filtered(
            lambda move: move.partner_id == self.customer
        )
        self.assertEqual(moves.service_order_ids, alone)
        self.assertFalse(self._moves(first | second))
        self._complete(third)
        moves = Order._cron_periodic_invoicing()
        self.assertEqual(moves.service_order_ids, job)
        self.assertAlmostEqual(moves.amount_untaxed, 302.0)

    # ------------------------------------------------------------------
    # Access, multi-company
    # ------------------------------------------------------------------
    def test_access(self):
        job = self._job()
        technician = self.tech_user_a
        for user in (technician, self.dispatcher):
            with self.assertRaises(AccessError):
                job[0].with_user(user).action_create_invoice()
        self.assertFalse(self._moves(job))
        self.assertEqual(set(job.mapped("invoice_status")), {"to_invoice"})
        job[0].with_user(self.dispatcher_accountant).action_create_invoice()
        self.assertEqual(len(self._moves(job)), 1)

    def test_multi_company(self):
        """Two jobs of two companies selected together: one invoice per
        company, each with its own job's visits; an accountant of company A
        only cannot bill company B's job."""
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
        job_a = self._job()
        values_b = {
            "company_id": self.company2.id,
            "order_type_id": type_b.id,
            "technician_id": tech_b2.id,
        }
        first_b = self._done_order([(self.part, 1)], **values_b)
        visit_b = self._visit(first_b, [(self.part, 1)], self.day, **values_b)
        job_b = first_b | visit_b
        accountant_a = new_test_user(
            self.env,
            "accountant_a_only",
            groups="account.group_account_invoice",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            visit_b.with_user(accountant_a).action_create_invoice()
        self.assertFalse(self._moves(job_b))
        both = self.accountant.sudo()
        both.company_ids = [Command.link(self.company2.id)]
        (job_a[0] | visit_b).with_user(self.accountant).with_context(
            allowed_company_ids=[self.company.id, self.company2.id]
        ).action_create_invoice()
        move_a, move_b = self._moves(job_a), self._moves(job_b)
        self.assertEqual(move_a.company_id, self.company)
        self.assertEqual(move_b.company_id, self.company2)
        self.assertEqual(move_a.service_order_ids, job_a)
        self.assertEqual(move_b.service_order_ids, job_b)
        self.assertAlmostEqual(move_b.amount_untaxed, 64.0)

    # ------------------------------------------------------------------
    # Queries
    # ------------------------------------------------------------------
    def _jobs(self, count):
        customers = self.env["res.partner"].create(
            [{"name": f"Job customer {i}", "is_company": True} for i in range(count)]
        )
        day = datetime(2026, 1, 13, 9, 0)
        firsts = self.env["service.order"].create(
            [
                self._order_values(
                    partner_id=customer.id,
                    order_type_id=self.flat_type.id,
                    date_scheduled_start=day,
                    date_scheduled_end=day + timedelta(hours=2),
                    line_ids=[
                        Command.create({"product_id": self.code_diag.id, "qty_used": 1})
                    ],
                )
                for customer in customers
            ]
        )
        visits = self.env["service.order"].create(
            [
                self._order_values(
                    partner_id=first.partner_id.id,
                    order_type_id=self.flat_type.id,
                    job_order_id=first.id,
                    return_reason="Parts",
                    date_scheduled_start=day + timedelta(days=n),
                    date_scheduled_end=day + timedelta(days=n, hours=2),
                    line_ids=[
                        Command.create({"product_id": self.part.id, "qty_used": 1})
                    ],
                )
                for first in firsts
                for n in (1, 2)
            ]
        )
        orders = self._complete(firsts | visits)
        self.env.flush_all()
        self.env.invalidate_all()
        return firsts, orders

    def _count(self, firsts):
        before = self.env.cr.sql_log_count
        firsts.with_user(self.accountant).action_create_invoice()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_queries_grow_with_invoices_not_visits(self):
        """Jobs of three visits: invoicing 10 or 40 jobs (30 or 120 visits)
        costs the same queries plus a small constant per invoice."""
        self._count(self._jobs(3)[0])
        firsts10, orders10 = self._jobs(10)
        q10 = self._count(firsts10)
        firsts40, orders40 = self._jobs(40)
        q40 = self._count(firsts40)
        self.assertEqual(len(self._moves(orders40)), 40)
        self.assertEqual(set(orders40.mapped("invoice_status")), {"invoiced"})
        figures = f"10 jobs: {q10} queries, 40 jobs: {q40}"
        _logger.info("job invoicing queries: %s", figures)
        self.assertLessEqual((q40 - q10) / 30, PER_INVOICE_BUDGET, figures)
        self.assertLessEqual(q10, BASE_BUDGET, figures)

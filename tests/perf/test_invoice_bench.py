"""Invoice benchmark: 1,000 completed service orders, one invoice each.

Run by ``make bench`` (not by ``make test``), which installs the suite and the
OCA addons of ``requirements-bench.txt`` in the bench database; or directly,
on a database with service_account and OCA ``contract`` installed::

    .venv/bin/pytest --odoo-config .run/odoo.conf --odoo-database <db> \\
        tests/perf/test_invoice_bench.py -s

The same billing is loaded twice, in the same database and run: as the
suite's completed ``service.order`` (a service code at 89 and two parts at 32,
21 % VAT, customers invoiced per order) and as OCA ``contract``'s
``contract.contract`` (the same two lines, same prices, due today), for 100
customers. Then the suite's *Create Invoice* runs on the 1,000 orders
(``action_create_invoice``, the list action) and OCA's scheduled action
(``cron_recurring_create_invoice``) on the 1,000 contracts, both as the
scheduler runs (superuser, empty context: mail and tracking on), after a
warm-up of each side on a few records. This prints side by side: invoices,
seconds, ms and queries per invoice; and the suite's queries at a tenth of the
orders, to show that they grow with the batch, not with the orders.

Asserted: both sides make the same number of invoices for the same untaxed
total; the suite is at least 2x faster per invoice than the anchor (when OCA
contract is installed; otherwise there is no anchor and it says so); the
suite's queries per extra invoice stay under QUERIES_PER_EXTRA_INVOICE.

Printed as well, for scale: Odoo's floor, ``account.move.create()`` alone of
the same invoices (the two lines with product, quantity and price, the sales
journal given, in one batch, as the scheduler runs): what any addon that
makes ordinary invoices through Odoo's own create pays at least, before
doing anything of its own. The line beside the speed-up says whether the
goal asks for less time per invoice than that floor.

The loaded data are ANALYZEd before measuring, as autoanalyze would once
they are committed (the test's transaction never is).

Differences worth knowing: each side writes what it writes as shipped. The
suite links each invoice line to its order and order line, and sections them
per order; OCA's contract posts a "created by contract" message on each
invoice, subscribes the contract's followers and moves each line's next date.
"""

import os
import time
import unittest
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests.common import TransactionCase

N_ORDERS = int(os.environ.get("INVOICE_BENCH_ORDERS", "1000"))
N_CUSTOMERS = max(N_ORDERS // 10, 1)
WARM_UP = 5
GOAL_SPEEDUP = 2.0
# the suite's queries per invoice added beyond the first tenth of the orders
# (measured: about 0.1; the accounting's own work per move)
QUERIES_PER_EXTRA_INVOICE = 0.5
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "tz": "UTC",
}
UNTAXED_PER_INVOICE = 89.0 + 2 * 32.0


class TestInvoiceBench(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET))
        env = cls.env
        if "invoice_status" not in env["service.order"]._fields:
            raise unittest.SkipTest("service_account is not installed")
        cls.has_oca = "contract.contract" in env
        cls.today = date.today()
        cls.company = env.company
        cls.tax = env["account.tax"].create(
            {
                "name": "Invoice bench VAT 21%",
                "amount": 21.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        Product = env["product.product"]
        cls.code = Product.create(
            {
                "name": "Invoice bench diagnostic",
                "type": "service",
                "list_price": 89.0,
                "is_service_code": True,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.part = Product.create(
            {
                "name": "Invoice bench capacitor",
                "type": "consu",
                "list_price": 32.0,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.order_type = env["service.order.type"].create(
            {"name": "Invoice bench flat rate", "billing_method": "flat"}
        )
        cls.customers = env["res.partner"].create(
            [
                {
                    "name": f"Invoice bench customer {i}",
                    "is_company": True,
                    "service_invoice_grouping": "order",
                }
                for i in range(N_CUSTOMERS)
            ]
        )

    # ------------------------------------------------------------ loading
    def _orders(self, count):
        """``count`` completed orders (a working Tuesday, 09:00-11:00 UTC),
        to invoice, round-robin over the customers."""
        start = datetime(2026, 1, 13, 9, 0)
        orders = self.env["service.order"].create(
            [
                {
                    "partner_id": self.customers[i % N_CUSTOMERS].id,
                    "order_type_id": self.order_type.id,
                    "date_scheduled_start": start,
                    "date_scheduled_end": start + timedelta(hours=2),
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.code.id,
                                "qty_planned": 1,
                                "qty_used": 1,
                            }
                        ),
                        Command.create(
                            {
                                "product_id": self.part.id,
                                "qty_planned": 2,
                                "qty_used": 2,
                            }
                        ),
                    ],
                }
                for i in range(count)
            ]
        )
        orders._write_lifecycle(
            {
                "state": "done",
                "date_started": start,
                "date_done": start + timedelta(hours=2),
            }
        )
        self.assertEqual(set(orders.mapped("invoice_status")), {"to_invoice"})
        return orders

    def _contracts(self, count):
        """``count`` OCA contracts with the orders' two lines, due today."""
        today = self.today
        line = {
            "recurring_rule_type": "monthly",
            "recurring_interval": 1,
            "date_start": today,
            "recurring_next_date": today,
        }
        return self.env["contract.contract"].create(
            [
                {
                    "name": f"Invoice bench contract {i}",
                    "partner_id": self.customers[i % N_CUSTOMERS].id,
                    "line_recurrence": True,
                    "contract_line_ids": [
                        Command.create(
                            dict(
                                line,
                                product_id=self.code.id,
                                name="Invoice bench diagnostic",
                                quantity=1,
                                uom_id=self.code.uom_id.id,
                                price_unit=89.0,
                            )
                        ),
                        Command.create(
                            dict(
                                line,
                                product_id=self.part.id,
                                name="Invoice bench capacitor",
                                quantity=2,
                                uom_id=self.part.uom_id.id,
                                price_unit=32.0,
                            )
                        ),
                    ],
                }
                for i in range(count)
            ]
        )

    # ---------------------------------------------------------- measuring
    def _analyze(self):
        """What autoanalyze does once the loaded data are committed: the test's
        transaction is never committed, so without it PostgreSQL plans the
        accounting's queries over 1,000 new invoices as if their tables were
        empty (a payment-state query ran for minutes in a database without
        demo data)."""
        self.env.flush_all()
        self.env.cr.execute("ANALYZE")

    def _measure(self, label, run, find):
        """Seconds and queries of ``run()``; ``find()`` gives the invoices it
        made."""
        env = self.env
        env.flush_all()
        env.invalidate_all()
        queries = env.cr.sql_log_count
        start = time.perf_counter()
        run()
        env.flush_all()
        seconds = time.perf_counter() - start
        queries = env.cr.sql_log_count - queries
        env.invalidate_all()
        moves = find()
        return {
            "label": label,
            "invoices": len(moves),
            "untaxed": sum(moves.mapped("amount_untaxed")),
            "seconds": seconds,
            "queries": queries,
        }

    def _floor_vals(self, count):
        """Odoo's floor: ``count`` invoices with just the two lines, the
        sales journal given (the accounting's per-invoice lookup spared)."""
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        lines = [
            (self.code, "Invoice bench diagnostic", 1, 89.0),
            (self.part, "Invoice bench capacitor", 2, 32.0),
        ]
        return [
            {
                "move_type": "out_invoice",
                "partner_id": self.customers[i % N_CUSTOMERS].id,
                "journal_id": journal.id,
                "ref": f"Invoice bench floor {i}",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": name,
                            "quantity": quantity,
                            "price_unit": price,
                        }
                    )
                    for product, name, quantity, price in lines
                ],
            }
            for i in range(count)
        ]

    def _suite_moves(self, orders):
        return self.env["account.move"].search(
            [("line_ids.service_order_id", "in", orders.ids)]
        )

    def _oca_moves(self, contracts):
        return self.env["account.move"].search(
            [("line_ids.contract_line_id.contract_id", "in", contracts.ids)]
        )

    # --------------------------------------------------------- benchmark
    def test_invoice_bench(self):
        env = self.env
        # as the scheduler runs: superuser, empty context, mail on
        run_env = env(context={})
        orders_small = self._orders(N_ORDERS // 10)
        orders = self._orders(N_ORDERS)
        warm_orders = self._orders(WARM_UP)
        if self.has_oca:
            warm_contracts = self._contracts(WARM_UP)
            run_env["contract.contract"].cron_recurring_create_invoice(self.today)
            self.assertEqual(len(self._oca_moves(warm_contracts)), WARM_UP)
            contracts = self._contracts(N_ORDERS)
        warm_orders.with_env(run_env).action_create_invoice()
        self.assertEqual(len(self._suite_moves(warm_orders)), WARM_UP)
        # Odoo's floor, as the suite creates: a batch, no creation message
        floor_env = run_env(context={"mail_create_nolog": True})
        floor_vals = self._floor_vals(N_ORDERS)
        floor_env["account.move"].create(self._floor_vals(WARM_UP))
        self._analyze()

        small = self._measure(
            "suite, a tenth",
            lambda: orders_small.with_env(run_env).action_create_invoice(),
            lambda: self._suite_moves(orders_small),
        )
        ours = self._measure(
            "suite service_account",
            lambda: orders.with_env(run_env).action_create_invoice(),
            lambda: self._suite_moves(orders),
        )
        floor_moves = []
        floor = self._measure(
            "Odoo create alone",
            lambda: floor_moves.append(floor_env["account.move"].create(floor_vals)),
            lambda: floor_moves[0],
        )
        rows = [ours, floor]
        if self.has_oca:
            oca = self._measure(
                "OCA contract",
                lambda: run_env["contract.contract"].cron_recurring_create_invoice(
                    self.today
                ),
                lambda: self._oca_moves(contracts),
            )
            rows.append(oca)
        self._report(rows, small)

        self.assertEqual(ours["invoices"], N_ORDERS)
        self.assertAlmostEqual(ours["untaxed"], N_ORDERS * UNTAXED_PER_INVOICE)
        self.assertAlmostEqual(floor["untaxed"], ours["untaxed"])
        self.assertEqual(set(orders.mapped("invoice_status")), {"invoiced"})
        growth = (ours["queries"] - small["queries"]) / (
            ours["invoices"] - small["invoices"]
        )
        self.assertLessEqual(
            growth,
            QUERIES_PER_EXTRA_INVOICE,
            f"suite: {small['queries']} queries for {small['invoices']} "
            f"invoices, {ours['queries']} for {ours['invoices']}",
        )
        if self.has_oca:
            self.assertEqual(
                oca["invoices"],
                N_ORDERS,
                "the two sides should invoice the same from equivalent data",
            )
            self.assertAlmostEqual(oca["untaxed"], ours["untaxed"])
            speedup = self._per_invoice_ms(oca) / self._per_invoice_ms(ours)
            self.assertGreaterEqual(
                speedup,
                GOAL_SPEEDUP,
                f"the suite is {speedup:.1f}x faster per invoice than OCA "
                f"contract; the goal is {GOAL_SPEEDUP:g}x",
            )

    @staticmethod
    def _per_invoice_ms(row):
        return row["seconds"] * 1000.0 / max(row["invoices"], 1)

    def _report(self, rows, small):
        lines = [
            "",
            f"Invoicing: {N_ORDERS:,} completed orders / contracts, 2 lines "
            f"each, {N_CUSTOMERS:,} customers, one invoice each",
            f"{'':24} {'invoices':>9} {'seconds':>9} {'ms/inv':>8} "
            f"{'queries':>9} {'q/inv':>7}",
        ]
        for row in rows:
            lines.append(
                f"{row['label']:24} {row['invoices']:>9,} {row['seconds']:>9.2f} "
                f"{self._per_invoice_ms(row):>8.2f} {row['queries']:>9,} "
                f"{row['queries'] / max(row['invoices'], 1):>7.2f}"
            )
        ours = rows[0]
        extra = ours["invoices"] - small["invoices"]
        lines.append(
            f"suite: {small['queries']:,} queries for {small['invoices']:,} "
            f"invoices, {ours['queries']:,} for {ours['invoices']:,}: "
            f"{(ours['queries'] - small['queries']) / max(extra, 1):.2f} per "
            "extra invoice"
        )
        floor_ms = self._per_invoice_ms(rows[1])
        lines.append(
            f"suite over Odoo's floor: {self._per_invoice_ms(ours) - floor_ms:+.2f} "
            f"ms per invoice ({self._per_invoice_ms(ours) / floor_ms:.2f}x the floor)"
        )
        if len(rows) > 2:
            oca = rows[2]
            speedup = self._per_invoice_ms(oca) / max(self._per_invoice_ms(ours), 1e-9)
            verdict = "goal met" if speedup >= GOAL_SPEEDUP else "goal NOT met"
            lines.append(
                f"speed-up per invoice {speedup:.1f}x (goal >= "
                f"{GOAL_SPEEDUP:g}x: {verdict}); queries per invoice "
                f"{oca['queries'] / max(ours['queries'], 1):.0f}x fewer"
            )
            target = self._per_invoice_ms(oca) / GOAL_SPEEDUP
            lines.append(
                f"the goal asks for <= {target:.2f} ms per invoice; Odoo's "
                f"create alone of the same invoices takes {floor_ms:.2f} ms "
                f"({'below' if target < floor_ms else 'above'} the goal's time)"
            )
        else:
            lines.append("OCA contract is not installed: no anchor")
        print("\n".join(lines))

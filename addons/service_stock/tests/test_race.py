"""Two technicians draw the last unit of a part at the same moment.

The tests commit on their own cursors (a TransactionCase cursor cannot see
another transaction), then delete what they made. Both vans are empty and the
company takes missing parts from the warehouse, which holds one unit:

- the second completion starts while the first is still open: it waits on
  the quant lock, then (its snapshot is stale) PostgreSQL reports a
  serialization failure, Odoo replays the call, and the replay is refused
  with the clear message: one winner, the warehouse at 0;
- the control experiment: with the lock patched out, both completions
  commit and the warehouse goes to -1 (Odoo's quant update skips a locked
  quant and creates a negative one): the lock decides the winner.
"""

import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.service import model as service_model
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.service_stock.models.service_order import ServiceOrder

CONTEXT = dict(DISABLED_MAIL_CONTEXT, tz="UTC")
TECH_GROUP = "service_order.group_service_technician"


@tagged("post_install", "-at_install")
class TestLastUnitRace(TransactionCase):
    def setUp(self):
        super().setUp()
        self.registry = self.env.registry
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            company = env.ref("base.main_company")
            self.fallback = company.service_stock_warehouse_fallback
            company.service_stock_warehouse_fallback = True
            group = env.ref(TECH_GROUP)
            users = env["res.users"].create(
                [
                    {
                        "name": f"Race tech {n} {tag}",
                        "login": f"race_{n}_{tag}",
                        "groups_id": [Command.set(group.ids)],
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                    }
                    for n in (1, 2)
                ]
            )
            techs = env["hr.employee"].create(
                [
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "is_field_technician": True,
                        "company_id": company.id,
                    }
                    for user in users
                ]
            )
            partner = env["res.partner"].create({"name": f"Race customer {tag}"})
            order_type = env["service.order.type"].create(
                {"name": f"Race type {tag}", "default_duration": 2.0}
            )
            product = env["product.product"].create(
                {"name": f"Race part {tag}", "type": "consu", "is_storable": True}
            )
            warehouse = env["stock.warehouse"].search(
                [("company_id", "=", company.id)], order="sequence, id", limit=1
            )
            env["stock.quant"]._update_available_quantity(
                product, warehouse.lot_stock_id, 1
            )
            orders = env["service.order"].create(
                [
                    {
                        "partner_id": partner.id,
                        "order_type_id": order_type.id,
                        "technician_id": tech.id,
                        "date_scheduled_start": datetime(2026, 3, 3, 9 + 3 * n, 0),
                        "date_scheduled_end": datetime(2026, 3, 3, 11 + 3 * n, 0),
                        "line_ids": [
                            Command.create({"product_id": product.id, "qty_used": 1})
                        ],
                    }
                    for n, tech in enumerate(techs)
                ]
            )
            orders.action_schedule()
            orders.action_dispatch()
            orders.action_start()
            self.ids = {
                "users": users.ids,
                "techs": techs.ids,
                "vans": techs.van_location_id.ids,
                "partner": partner.id,
                "type": order_type.id,
                "product": product.id,
                "orders": orders.ids,
                "stock": warehouse.lot_stock_id.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        # done moves and done orders cannot be deleted through the ORM: the
        # rows this test committed go with SQL, by id
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            product = (self.ids["product"],)
            cr.execute(
                SQL("DELETE FROM stock_move_line WHERE product_id IN %s", product)
            )
            if "stock.valuation.layer" in env:
                cr.execute(
                    SQL(
                        "DELETE FROM stock_valuation_layer WHERE product_id IN %s",
                        product,
                    )
                )
            cr.execute(SQL("DELETE FROM stock_move WHERE product_id IN %s", product))
            cr.execute(SQL("DELETE FROM stock_quant WHERE product_id IN %s", product))
            cr.execute(
                SQL(
                    "DELETE FROM service_order WHERE id IN %s",
                    tuple(self.ids["orders"]),
                )
            )
            env.invalidate_all()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            env["service.order.type"].browse(self.ids["type"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()
            env["stock.location"].browse(self.ids["vans"]).unlink()
            env["hr.employee"].browse(self.ids["techs"]).unlink()
            env["res.users"].browse(self.ids["users"]).unlink()
            env.ref(
                "base.main_company"
            ).service_stock_warehouse_fallback = self.fallback

    def _complete(self, cr, index):
        env = api.Environment(cr, self.ids["users"][index], CONTEXT)
        env["service.order"].browse(self.ids["orders"][index]).action_complete()
        env.flush_all()

    def _state(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            orders = env["service.order"].browse(self.ids["orders"])
            quants = env["stock.quant"].search(
                [
                    ("product_id", "=", self.ids["product"]),
                    ("location_id", "=", self.ids["stock"]),
                ]
            )
            return orders.mapped("state"), sum(quants.mapped("quantity"))

    def _wait_for_lock_or(self, future, timeout=30):
        """True as soon as a backend of this database waits for a lock, False
        if ``future`` finishes first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not future.done():
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
                if cr.fetchone():
                    return True
            time.sleep(0.05)
        return False

    def _race(self):
        """The first technician completes and holds his transaction open;
        the second completes meanwhile (in an RPC's retry loop); then the first
        commits. Returns the error of the second, if any."""
        first = self.registry.cursor()
        self.addCleanup(first.close)
        self._complete(first, 0)  # quants locked, not committed yet
        started = threading.Event()

        def second_technician():
            with self.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                env = api.Environment(cr, self.ids["users"][1], CONTEXT)
                started.set()
                service_model.retrying(lambda: self._complete(cr, 1), env)

        with (
            patch.object(service_model, "random") as random,
            ThreadPoolExecutor(max_workers=1) as executor,
        ):
            random.uniform.return_value = 0.0
            future = executor.submit(second_technician)
            self.assertTrue(started.wait(10))
            waited = self._wait_for_lock_or(future)
            first.commit()
            error = future.exception(timeout=30)
        return waited, error

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_last_unit_one_wins_the_other_is_told(self):
        waited, error = self._race()
        self.assertTrue(waited, "the second completion should wait for the lock")
        self.assertIsInstance(error, UserError)
        self.assertRegex(
            str(error), r"1.0 Units of Race part .* needed, 0.0 in the van"
        )
        states, on_hand = self._state()
        self.assertEqual(states, ["done", "in_progress"])
        self.assertEqual(on_hand, 0)

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_without_the_lock_both_draw_the_last_unit(self):
        def no_lock(self, location_ids, product_ids):
            # the same read, without FOR NO KEY UPDATE
            rows = self.env.execute_query(
                SQL(
                    "SELECT location_id, product_id, lot_id, quantity, "
                    "reserved_quantity FROM stock_quant "
                    "WHERE location_id IN %s AND product_id IN %s",
                    tuple(location_ids),
                    tuple(product_ids),
                )
            )
            available = {}
            for location_id, product_id, lot_id, quantity, reserved in rows:
                key = (location_id, product_id, lot_id)
                available[key] = available.get(key, 0.0) + quantity - reserved
            return defaultdict(float, available)

        with patch.object(ServiceOrder, "_lock_quants", no_lock):
            waited, error = self._race()
        self.assertFalse(waited, "nothing makes the second completion wait")
        self.assertIsNone(error)
        states, on_hand = self._state()
        self.assertEqual(states, ["done", "done"])
        self.assertEqual(on_hand, -1)

"""Two dispatchers book the same technician at the same moment.

These tests commit on their own database cursors (a TransactionCase cursor
cannot see another transaction), then delete what they created. No row is
locked: the exclusion constraint of ``service_order_assignment`` sees the
other transaction's bookings whatever its snapshot.

- the second transaction started before the first one committed: its
  snapshot does not show the first booking, yet the database refuses the
  second one, reported as the suite's ValidationError (no retry needed);
- the second transaction writes while the first one is still open: the
  database makes it wait for the first one, then refuses it the same way;
- the refusal comes from the database, not from Python: with the message
  conversion switched off, the raw exclusion violation surfaces (the control
  experiment that shows no Python check decides the winner).
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from unittest.mock import patch

import psycopg2.errors

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import ValidationError
from odoo.service import model as service_model
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT
from odoo.addons.service_order.models.service_order_assignment import (
    ServiceOrderAssignment,
)
from odoo.addons.service_order.models.service_order_child_mixin import (
    ServiceOrderChildMixin,
)

CONTEXT = dict(DISABLED_MAIL_CONTEXT, tz="UTC")
MORNING = {
    "date_scheduled_start": datetime(2026, 3, 3, 9, 0),
    "date_scheduled_end": datetime(2026, 3, 3, 11, 0),
}
OVERLAPPING = {
    "date_scheduled_start": datetime(2026, 3, 3, 10, 0),
    "date_scheduled_end": datetime(2026, 3, 3, 12, 0),
}


@tagged("post_install", "-at_install")
class TestConcurrentBooking(TransactionCase):
    def setUp(self):
        super().setUp()
        self.registry = self.env.registry
        tag = uuid.uuid4().hex[:8]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            tech = env["hr.employee"].create(
                {"name": f"Race tech {tag}", "is_field_technician": True}
            )
            partner = env["res.partner"].create({"name": f"Race customer {tag}"})
            order_type = env["service.order.type"].create(
                {"name": f"Race type {tag}", "default_duration": 2.0}
            )
            orders = env["service.order"].create(
                [
                    {"partner_id": partner.id, "order_type_id": order_type.id}
                    for _i in range(2)
                ]
            )
            self.ids = {
                "tech": tech.id,
                "partner": partner.id,
                "type": order_type.id,
                "orders": orders.ids,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            env["service.order"].browse(self.ids["orders"]).unlink()
            env["service.order.type"].browse(self.ids["type"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()
            env["hr.employee"].browse(self.ids["tech"]).unlink()

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, CONTEXT)

    def _book(self, env, index, slot):
        order = env["service.order"].browse(self.ids["orders"][index])
        order.write(dict(slot, technician_id=self.ids["tech"]))
        env.flush_all()

    def _booked_orders(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            return (
                env["service.order"]
                .search([("technician_id", "=", self.ids["tech"])])
                .ids
            )

    @mute_logger("odoo.sql_db")
    def test_stale_snapshot_is_retried_then_refused(self):
        first = self.registry.cursor()
        second = self.registry.cursor()
        self.addCleanup(first.close)
        self.addCleanup(second.close)
        env1, env2 = self._env(first), self._env(second)
        # both transactions start (take their snapshot) before either books
        first.execute("SELECT 1")
        second.execute("SELECT 1")

        self._book(env1, 0, MORNING)
        first.commit()

        # the second dispatcher's snapshot does not show the first booking
        self.assertFalse(
            env2["service.order"].search([("technician_id", "=", self.ids["tech"])])
        )
        # as in an RPC call: the database refuses the booking at once (no
        # serialization failure, nothing to replay)
        attempts = []

        def second_dispatcher_saves():
            try:
                self._book(env2, 1, OVERLAPPING)
            except Exception as error:
                attempts.append(type(error))
                raise

        with (
            patch.object(service_model, "random") as random,
            self.assertRaisesRegex(ValidationError, "already booked on"),
        ):
            random.uniform.return_value = 0.0
            service_model.retrying(second_dispatcher_saves, env2)
        self.assertEqual(attempts, [ValidationError])
        self.assertEqual(self._booked_orders(), self.ids["orders"][:1])

    @mute_logger("odoo.sql_db")
    def test_simultaneous_writer_waits_then_fails(self):
        first = self.registry.cursor()
        self.addCleanup(first.close)
        env1 = self._env(first)
        self._book(env1, 0, MORNING)  # locked, not committed yet
        started = threading.Event()

        def second_dispatcher():
            with self.registry.cursor() as cr:
                cr.execute("SET LOCAL lock_timeout = '20s'")
                started.set()
                self._book(self._env(cr), 1, OVERLAPPING)

        with ThreadPoolExecutor(max_workers=1) as executor:
            future = executor.submit(second_dispatcher)
            self.assertTrue(started.wait(10))
            time.sleep(0.5)
            self.assertFalse(future.done(), "the second writer should wait")
            first.commit()
            error = future.exception(timeout=30)
        self.assertIsInstance(error, ValidationError)
        self.assertIn("already booked", str(error))
        self.assertEqual(self._booked_orders(), self.ids["orders"][:1])

    @mute_logger("odoo.sql_db")
    def test_the_database_decides(self):
        first = self.registry.cursor()
        second = self.registry.cursor()
        self.addCleanup(first.close)
        self.addCleanup(second.close)
        env1, env2 = self._env(first), self._env(second)
        first.execute("SELECT 1")
        second.execute("SELECT 1")
        self._book(env1, 0, MORNING)
        first.commit()
        # no Python between the ORM and the database: the constraint alone
        with (
            patch.object(ServiceOrderAssignment, "_flush", models.BaseModel._flush),
            patch.object(
                ServiceOrderAssignment, "create", ServiceOrderChildMixin.create
            ),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
        ):
            self._book(env2, 1, OVERLAPPING)
        second.rollback()
        self.assertEqual(self._booked_orders(), self.ids["orders"][:1])

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DispatchCase

OVERLAP = r"already booked on"


@tagged("post_install", "-at_install")
class TestNoDoubleBooking(DispatchCase):
    """A technician (lead or crew) never holds two orders at the same time,
    whatever the path: create, write, form, import, state changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.booked = cls._book(cls.tech_a, 13, 9, 11)

    def test_lead_overlap_refused_on_create(self):
        orders = self.env["service.order"]
        count = orders.search_count([])
        with self.assertRaisesMessage(ValidationError, "Alice Tech cannot take"):
            self._book(self.tech_a, 13, 10, 12)
        self.assertEqual(orders.search_count([]), count)

    def test_error_names_the_other_order(self):
        with self.assertRaisesMessage(ValidationError, self.booked.name):
            self._book(self.tech_a, 13, 8, 9.5)

    def test_touching_intervals_allowed(self):
        before = self._book(self.tech_a, 13, 8, 9)
        after = self._book(self.tech_a, 13, 11, 12)
        self.assertEqual(before.date_scheduled_end, self.booked.date_scheduled_start)
        self.assertEqual(after.date_scheduled_start, self.booked.date_scheduled_end)

    def test_other_technician_same_time_allowed(self):
        order = self._book(self.tech_b, 13, 9, 11)
        self.assertEqual(order.technician_id, self.tech_b)

    def test_crew_overlap_refused(self):
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            self._book(self.tech_b, 13, 10, 12, crew_ids=[Command.set(self.tech_a.ids)])
        # and the other way round: the booked lead joins a crew at that time
        crew_order = self._book(self.tech_c, 13, 10, 12)
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            crew_order.crew_ids = [Command.link(self.tech_a.id)]
        self.assertFalse(crew_order.crew_ids)

    def test_crew_member_of_two_orders(self):
        first = self._book(
            self.tech_b, 14, 9, 11, crew_ids=[Command.set(self.tech_c.ids)]
        )
        with self.assertRaisesMessage(ValidationError, "Carl Crew cannot take"):
            self._book(self.tech_a, 14, 10, 12, crew_ids=[Command.set(self.tech_c.ids)])
        self.assertEqual(first.crew_ids, self.tech_c)

    def test_write_moving_into_overlap_refused_nothing_written(self):
        order = self._book(self.tech_a, 13, 13, 15)
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            order.write(
                {
                    "date_scheduled_start": self.at(13, 10),
                    "date_scheduled_end": self.at(13, 12),
                    "description": "<p>moved</p>",
                }
            )
        self.assertEqual(order.date_scheduled_start, self.at(13, 13))
        self.assertEqual(order.duration, 2.0)
        self.assertFalse(order.description)
        # changing the technician into the busy one is refused as well
        other = self._book(self.tech_b, 13, 10, 12)
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            other.technician_id = self.tech_a
        self.assertEqual(other.technician_id, self.tech_b)

    def test_longer_duration_into_next_order_refused(self):
        self._book(self.tech_a, 13, 11, 12)
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            self.booked.duration = 3.0
        self.assertEqual(self.booked.date_scheduled_end, self.at(13, 11))

    def test_batch_overlapping_itself_refused(self):
        with self.assertRaisesMessage(ValidationError, "Bob Tech cannot take"):
            self.env["service.order"].create(
                [
                    self._order_values(
                        technician_id=self.tech_b.id,
                        date_scheduled_start=self.at(15, 9),
                        date_scheduled_end=self.at(15, 11),
                    ),
                    self._order_values(
                        technician_id=self.tech_b.id,
                        date_scheduled_start=self.at(15, 10),
                        date_scheduled_end=self.at(15, 12),
                    ),
                ]
            )
        self.assertFalse(
            self.env["service.order"].search([("technician_id", "=", self.tech_b.id)])
        )

    def test_cancelled_and_done_orders_do_not_block(self):
        self.booked.action_cancel()
        replacement = self._book(self.tech_a, 13, 9, 11)
        self.assertEqual(replacement.state, "new")
        # bringing the cancelled order back would double-book: refused
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            self.booked.action_reset_to_new()
        self.assertEqual(self.booked.state, "cancelled")

    def test_done_order_frees_the_slot(self):
        order = self._book(self.tech_b, 16, 9, 10)
        order.action_schedule()
        order.action_dispatch()
        order.action_start()
        order.action_complete()
        self.assertEqual(order.state, "done")
        self.assertTrue(self._book(self.tech_b, 16, 9, 10))

    def test_archived_order_does_not_block_until_restored(self):
        self.booked.action_archive()
        self._book(self.tech_a, 13, 9, 11)
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            self.booked.action_unarchive()
        self.assertFalse(self.booked.active)

    def test_form_path(self):
        form = Form(self.env["service.order"])
        form.partner_id = self.customer
        form.order_type_id = self.plain_type
        form.technician_id = self.tech_a
        form.date_scheduled_start = self.at(13, 10)
        form.duration = 1.0
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            form.save()

    def test_import_path(self):
        """An import (base_import calls ``load``) is refused line by line."""
        fields = [
            "partner_id/.id",
            "order_type_id/.id",
            "technician_id/.id",
            "date_scheduled_start",
            "date_scheduled_end",
        ]
        row = [
            str(self.customer.id),
            str(self.plain_type.id),
            str(self.tech_a.id),
            "2026-01-13 10:00:00",
            "2026-01-13 12:00:00",
        ]
        result = self.env["service.order"].load(fields, [row])
        self.assertFalse(result["ids"])
        self.assertRegex(
            " ".join(message["message"] for message in result["messages"]), OVERLAP
        )

    def test_rpc_path_as_dispatcher(self):
        order = self._book(self.tech_b, 13, 9, 10)
        with self.assertRaisesMessage(ValidationError, OVERLAP):
            order.with_user(self.dispatcher).write({"technician_id": self.tech_a.id})
        self.assertEqual(order.technician_id, self.tech_b)

    def test_check_costs_constant_queries(self):
        """The database checks the bookings: a batch of orders costs the same
        number of queries with 2 or 8 of them (no query per order)."""

        def create(count, day):
            values = [
                self._order_values(
                    technician_id=self.tech_b.id,
                    date_scheduled_start=self.at(day, 8 + i),
                    duration=1.0,
                )
                for i in range(count)
            ]
            self.env.flush_all()
            queries = self.env.cr.sql_log_count
            self.env["service.order"].create(values)
            self.env.flush_all()
            return self.env.cr.sql_log_count - queries

        create(2, 19)  # warm-up
        self.assertEqual(create(2, 20), create(8, 21))


@tagged("post_install", "-at_install")
class TestDemoHasNoDoubleBooking(DispatchCase):
    def test_installed_orders_never_double_book(self):
        """The demo data (dates relative to the day it is installed) and any
        data loaded before this addon: every planned order has its bookings,
        and no technician is booked twice (the database refuses it)."""
        orders = self.env["service.order"].search(
            [
                ("state", "in", ("new", "scheduled", "dispatched", "in_progress")),
                ("date_scheduled_start", "!=", False),
                ("date_scheduled_end", "!=", False),
                "|",
                ("technician_id", "!=", False),
                ("crew_ids", "!=", False),
            ]
        )
        if not orders:
            self.skipTest("no planned order installed")
        for order in orders:
            self.assertEqual(
                order.assignment_ids.employee_id,
                order.technician_id | order.crew_ids,
                order.name,
            )
        self.env.cr.execute(
            """
            SELECT count(*)
              FROM service_order_assignment a
              JOIN service_order_assignment b
                ON b.employee_id = a.employee_id AND b.id > a.id
               AND b.is_blocking AND a.is_blocking
               AND tsrange(a.date_start, a.date_end)
                   && tsrange(b.date_start, b.date_end)
            """
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)

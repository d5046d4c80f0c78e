from datetime import datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ServiceOrderCase

DOUBLE = r"already booked on"


def at(hour, day=13):
    """A moment of January 2026 (UTC)."""
    return datetime(2026, 1, day) + timedelta(hours=hour)


@tagged("post_install", "-at_install")
class TestBookings(ServiceOrderCase):
    """Bookings (``service.order.assignment``): one per technician per order,
    lead and crew being views onto them, no double booking guarded by the
    database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bookings = cls.env["service.order.assignment"]
        cls.order = cls._create_order(
            technician_id=cls.tech_a.id,
            crew_ids=[Command.set(cls.tech_c.ids)],
            date_scheduled_start=at(9),
            date_scheduled_end=at(13),
        )

    def _booking(self, order, employee):
        return order.assignment_ids.filtered(lambda b: b.employee_id == employee)

    # ------------------------------------------------------------------
    # Happy path
    # ------------------------------------------------------------------
    def test_lead_and_crew_are_bookings(self):
        lead = self._booking(self.order, self.tech_a)
        crew = self._booking(self.order, self.tech_c)
        self.assertEqual((lead.role, crew.role), ("lead", "crew"))
        for booking in lead | crew:
            self.assertEqual(
                (booking.date_start, booking.date_end, booking.is_blocking),
                (at(9), at(13), True),
            )
            self.assertFalse(booking.own_hours)
            self.assertEqual(booking.company_id, self.company)

    def test_bookings_follow_the_order(self):
        self.order.write({"date_scheduled_start": at(14), "date_scheduled_end": at(16)})
        self.assertEqual(set(self.order.assignment_ids.mapped("date_start")), {at(14)})
        self.assertEqual(set(self.order.assignment_ids.mapped("date_end")), {at(16)})

    def test_helper_with_own_hours(self):
        helper = self.bookings.with_user(self.dispatcher).create(
            {
                "order_id": self.order.id,
                "employee_id": self.tech_b.id,
                "date_start": at(10),
                "date_end": at(12),
            }
        )
        self.assertTrue(helper.own_hours)
        self.assertEqual(helper.role, "crew")
        self.assertEqual(self.order.crew_ids, self.tech_c | self.tech_b)
        # Bob is free outside his two hours
        other = self._create_order(
            technician_id=self.tech_b.id,
            date_scheduled_start=at(12),
            date_scheduled_end=at(13),
        )
        self.assertTrue(self._booking(other, self.tech_b).is_blocking)
        # the order grows: his hours stay; it moves away: he follows it
        self.order.date_scheduled_end = at(14)
        self.assertEqual((helper.date_start, helper.date_end), (at(10), at(12)))
        other.unlink()
        self.order.write(
            {"date_scheduled_start": at(9, 14), "date_scheduled_end": at(11, 14)}
        )
        self.assertFalse(helper.own_hours)
        self.assertEqual((helper.date_start, helper.date_end), (at(9, 14), at(11, 14)))

    def test_lead_and_crew_stay_editable_on_the_order(self):
        # the crew member becomes the lead, the lead joins the crew
        self.order.write(
            {
                "technician_id": self.tech_c.id,
                "crew_ids": [Command.set(self.tech_a.ids)],
            }
        )
        self.assertEqual(self._booking(self.order, self.tech_c).role, "lead")
        self.assertEqual(self._booking(self.order, self.tech_a).role, "crew")
        self.assertEqual(len(self.order.assignment_ids), 2)
        self.order.crew_ids = [Command.clear()]
        self.assertEqual(self.order.assignment_ids.employee_id, self.tech_c)
        self.order.technician_id = False
        self.assertFalse(self.order.assignment_ids)

    def test_form_of_an_order_edits_the_team(self):
        with Form(self.order.with_user(self.dispatcher)) as form:
            form.technician_id = self.tech_b
        self.assertEqual(
            self.order.assignment_ids.employee_id, self.tech_b | self.tech_c
        )
        self.assertEqual(self._booking(self.order, self.tech_b).role, "lead")

    def test_done_cancelled_archived_do_not_block(self):
        order = self._create_order(
            technician_id=self.tech_b.id,
            date_scheduled_start=at(9, 15),
            date_scheduled_end=at(10, 15),
        )
        booking = order.assignment_ids
        self.assertTrue(booking.is_blocking)
        order.action_archive()
        self.assertFalse(booking.is_blocking)
        order.action_unarchive()
        order.action_cancel()
        self.assertFalse(booking.is_blocking)
        self.assertFalse(
            self._create_order(technician_id=self.tech_b.id).assignment_ids.is_blocking
        )

    def test_start_opens_a_work_log_per_booking(self):
        self.order.action_schedule()
        self.order.action_dispatch()
        self.order.action_start()
        logs = self.order.timelog_ids
        self.assertEqual(logs.employee_id, self.tech_a | self.tech_c)
        self.assertEqual(set(logs.mapped("kind")), {"work"})

    # ------------------------------------------------------------------
    # Access per group
    # ------------------------------------------------------------------
    def test_technician_reads_the_bookings_of_his_orders_only(self):
        other = self._create_order(
            technician_id=self.tech_b.id,
            date_scheduled_start=at(9),
            date_scheduled_end=at(10),
        )
        mine = self.bookings.with_user(self.tech_user_a).search([])
        self.assertEqual(mine, self.order.assignment_ids)
        with self.assertRaises(AccessError):
            other.assignment_ids.with_user(self.tech_user_a).read(["employee_id"])
        with self.assertRaises(AccessError):
            self.order.assignment_ids[:1].with_user(self.tech_user_a).write(
                {"date_end": at(11)}
            )
        with self.assertRaises(AccessError):
            self.bookings.with_user(self.tech_user_a).create(
                {"order_id": self.order.id, "employee_id": self.tech_b.id}
            )
        with self.assertRaises(AccessError):
            self.order.assignment_ids.with_user(self.tech_user_a).unlink()
        self.assertEqual(len(self.order.assignment_ids), 2)

    def test_dispatcher_and_manager_plan_the_team(self):
        booking = self.bookings.with_user(self.dispatcher).create(
            {"order_id": self.order.id, "employee_id": self.tech_b.id}
        )
        self.assertEqual(booking.date_start, at(9))
        booking.with_user(self.dispatcher).write(
            {"date_start": at(11), "date_end": at(12)}
        )
        self.assertTrue(booking.own_hours)
        booking.with_user(self.manager).unlink()
        self.assertEqual(self.order.crew_ids, self.tech_c)

    def test_the_order_of_a_booking_is_fixed(self):
        other = self._create_order()
        booking = self.order.assignment_ids[:1]
        with self.assertRaisesMessage(UserError, "stays on the order"):
            booking.with_user(self.dispatcher).write({"order_id": other.id})
        self.assertEqual(booking.order_id, self.order)

    # ------------------------------------------------------------------
    # Bad input: a clean error, nothing written
    # ------------------------------------------------------------------
    def test_end_before_start_refused(self):
        with self.assertRaisesMessage(ValidationError, "must end after it starts"):
            self.bookings.with_user(self.dispatcher).create(
                {
                    "order_id": self.order.id,
                    "employee_id": self.tech_b.id,
                    "date_start": at(12),
                    "date_end": at(10),
                }
            )
        with self.assertRaisesMessage(ValidationError, "within the order"):
            self._booking(self.order, self.tech_c).write(
                {"date_start": at(8), "date_end": at(10)}
            )
        self.assertEqual(
            self.order.assignment_ids.employee_id, self.tech_a | self.tech_c
        )
        self.assertFalse(self._booking(self.order, self.tech_c).own_hours)

    def test_technician_of_another_company_refused(self):
        foreign = self.env["hr.employee"].create(
            {
                "name": "Foreign Tech",
                "is_field_technician": True,
                "company_id": self.company2.id,
            }
        )
        with self.assertRaises(UserError):
            self.bookings.with_user(self.dispatcher).create(
                {"order_id": self.order.id, "employee_id": foreign.id}
            )
        with self.assertRaises(UserError):
            self.order.with_user(self.dispatcher).crew_ids = [Command.link(foreign.id)]
        self.assertEqual(
            self.order.assignment_ids.employee_id, self.tech_a | self.tech_c
        )

    def test_not_a_technician_refused(self):
        with self.assertRaisesMessage(ValidationError, "not a field technician"):
            self.bookings.create(
                {"order_id": self.order.id, "employee_id": self.office_employee.id}
            )
        self.assertEqual(len(self.order.assignment_ids), 2)

    def test_double_booking_refused_nothing_written(self):
        count = self.bookings.search_count([])
        orders = self.env["service.order"].search_count([])
        with self.assertRaisesMessage(
            ValidationError, r"Alice Tech cannot take .*" + DOUBLE
        ):
            self._create_order(
                technician_id=self.tech_a.id,
                date_scheduled_start=at(12),
                date_scheduled_end=at(14),
            )
        self.assertEqual(self.bookings.search_count([]), count)
        self.assertEqual(self.env["service.order"].search_count([]), orders)
        # a helper's own hours are checked the same way
        other = self._create_order(
            technician_id=self.tech_b.id,
            date_scheduled_start=at(9),
            date_scheduled_end=at(10),
        )
        with self.assertRaisesMessage(ValidationError, self.order.name):
            self.bookings.with_user(self.dispatcher).create(
                {
                    "order_id": other.id,
                    "employee_id": self.tech_c.id,
                    "date_start": at(9),
                    "date_end": at(10),
                }
            )
        self.assertEqual(other.assignment_ids.employee_id, self.tech_b)

    def test_planned_order_keeps_its_lead(self):
        self.order.action_schedule()
        lead = self._booking(self.order, self.tech_a).with_user(self.dispatcher)
        with self.assertRaisesMessage(UserError, "lead technician stays"):
            lead.unlink()
        with self.assertRaisesMessage(UserError, "lead technician stays"):
            lead.role = "crew"
        self.assertEqual(self.order.technician_id, self.tech_a)
        # replaced through the order: fine
        self.order.with_user(self.dispatcher).technician_id = self.tech_b
        self.assertEqual(
            self.order.assignment_ids.employee_id, self.tech_b | self.tech_c
        )

    def test_one_booking_per_technician_and_one_lead(self):
        with self.assertRaisesMessage(ValidationError, "booked once per service order"):
            self.bookings.create(
                {"order_id": self.order.id, "employee_id": self.tech_c.id}
            )
        with self.assertRaisesMessage(ValidationError, "one lead technician"):
            self.bookings.create(
                {
                    "order_id": self.order.id,
                    "employee_id": self.tech_b.id,
                    "role": "lead",
                }
            )
        with self.assertRaisesMessage(ValidationError, "one lead technician"):
            self._booking(self.order, self.tech_c).role = "lead"
        self.assertEqual(self.order.technician_id, self.tech_a)
        self.assertEqual(len(self.order.assignment_ids), 2)

    # ------------------------------------------------------------------
    # Multi-company
    # ------------------------------------------------------------------
    def test_other_company_bookings_are_invisible(self):
        tech2 = self.env["hr.employee"].create(
            {
                "name": "Second company tech",
                "is_field_technician": True,
                "company_id": self.company2.id,
            }
        )
        order2 = (
            self.env["service.order"]
            .with_company(self.company2)
            .create(
                self._order_values(
                    company_id=self.company2.id,
                    order_type_id=self.plain_type.id,
                    technician_id=tech2.id,
                    date_scheduled_start=at(9),
                    date_scheduled_end=at(10),
                )
            )
        )
        self.assertEqual(order2.assignment_ids.company_id, self.company2)
        dispatcher = self.bookings.with_user(self.dispatcher)
        self.assertFalse(dispatcher.search([("order_id", "=", order2.id)]))
        with self.assertRaises(AccessError):
            order2.assignment_ids.with_user(self.dispatcher).read(["date_start"])

    # ------------------------------------------------------------------
    # Performance
    # ------------------------------------------------------------------
    # ------------------------------------------------------------------
    # Hostile writes found by the review over XML-RPC
    # ------------------------------------------------------------------
    def test_blocking_flag_cannot_be_set_by_hand(self):
        """Unsetting ``is_blocking`` would switch the database's guard off."""
        crew = self._booking(self.order, self.tech_c).with_user(self.dispatcher)
        for value in (False, True):
            with self.assertRaisesRegex(ValidationError, "cannot be set by hand"):
                crew.write({"is_blocking": value})
        self.assertTrue(crew.is_blocking)
        with self.assertRaisesRegex(ValidationError, "cannot be set by hand"):
            self.order.with_user(self.dispatcher).write(
                {"assignment_ids": [Command.update(crew.id, {"is_blocking": False})]}
            )
        with self.assertRaisesRegex(ValidationError, "cannot be set by hand"):
            self.bookings.with_user(self.dispatcher).create(
                {
                    "order_id": self.order.id,
                    "employee_id": self.tech_b.id,
                    "is_blocking": False,
                }
            )
        self.assertFalse(self._booking(self.order, self.tech_b))

    def test_booking_without_own_hours_follows_the_order(self):
        """Dates given with ``own_hours`` off are not the booking's: it keeps
        the order's hours (no booking on a day without order, none that ends
        before it starts), and turning own hours off brings them back."""
        crew = self._booking(self.order, self.tech_c).with_user(self.dispatcher)
        crew.write({"own_hours": False, "date_start": at(8, 20), "date_end": at(9, 20)})
        self.assertEqual((crew.date_start, crew.date_end), (at(9), at(13)))
        crew.write({"own_hours": False, "date_start": at(12), "date_end": at(10)})
        self.assertEqual((crew.date_start, crew.date_end), (at(9), at(13)))
        self.assertTrue(crew.is_blocking)
        crew.write({"date_start": at(10), "date_end": at(11)})
        self.assertTrue(crew.own_hours)
        crew.write({"own_hours": False})
        self.assertEqual((crew.date_start, crew.date_end), (at(9), at(13)))
        # and the guard still holds on those hours
        with self.assertRaisesRegex(ValidationError, DOUBLE):
            self._create_order(
                technician_id=self.tech_c.id,
                date_scheduled_start=at(11),
                date_scheduled_end=at(12),
            )

    def test_unknown_technician_and_refused_create_say_why(self):
        bookings = self.bookings.with_user(self.dispatcher)
        with self.assertRaisesRegex(ValidationError, "Unknown technician"):
            bookings.create({"order_id": self.order.id, "employee_id": 987654321})
        other = self._create_order(
            technician_id=self.tech_b.id,
            date_scheduled_start=at(9),
            date_scheduled_end=at(13),
        )
        # a direct booking that overlaps, ids as strings: a message, not ""
        with self.assertRaises(ValidationError) as caught:
            bookings.create(
                {"order_id": str(other.id), "employee_id": str(self.tech_a.id)}
            )
        self.assertTrue(str(caught.exception).strip())
        self.assertFalse(self._booking(other, self.tech_a))

    def test_batch_create_with_team_is_one_batch(self):
        """50 orders with a lead and a crew member cost the queries of 10:
        the bookings are created, checked and written in one batch."""
        technicians = self.env["hr.employee"].create(
            [{"name": f"Batch tech {i}", "is_field_technician": True} for i in range(4)]
        )

        def create(count, day):
            values = [
                self._order_values(
                    technician_id=technicians[0].id,
                    crew_ids=[Command.set(technicians[1].ids)],
                    date_scheduled_start=at(8 + i * 0.1, day),
                    duration=0.1,
                )
                for i in range(count)
            ]
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            orders = self.env["service.order"].with_user(self.dispatcher).create(values)
            self.env.flush_all()
            self.assertEqual(len(orders.assignment_ids), 2 * count)
            return self.env.cr.sql_log_count - before

        create(10, 19)  # warm-up
        # a query per order or per booking would add 40 to 80 queries; the
        # margin of 2 absorbs caches that an earlier test of the full run may
        # leave cold (seen once: 23 vs 24)
        few, many = create(10, 20), create(50, 21)
        self.assertLessEqual(many, few + 2)

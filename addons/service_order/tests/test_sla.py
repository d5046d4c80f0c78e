from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ServiceOrderCase

# Friday 2026-01-09 15:00 UTC; Saturday, Sunday and the Monday holiday are off
FRIDAY_3PM = datetime(2026, 1, 9, 15, 0)


@tagged("post_install", "-at_install")
class TestSla(ServiceOrderCase):
    def _sla_order(self, **values):
        values.setdefault("date_received", FRIDAY_3PM)
        return self._create_order(order_type_id=self.order_type.id, **values)

    def test_deadlines_skip_weekend_and_holiday(self):
        order = self._sla_order()
        # response 4 h: Fri 15-17 (2 h), then Tue 08-10 (Mon is a holiday)
        self.assertEqual(order.response_deadline, datetime(2026, 1, 13, 10, 0))
        # resolution 16 h: Fri 2 h + Tue 8 h + Wed 08-12 and 13-15
        self.assertEqual(order.resolution_deadline, datetime(2026, 1, 14, 15, 0))
        # at risk from 75 %: 3 h and 12 h of working time
        self.assertEqual(order.response_warning_date, datetime(2026, 1, 13, 9, 0))
        self.assertEqual(order.resolution_warning_date, datetime(2026, 1, 14, 10, 0))
        # the same answer as Odoo's own planning on that calendar
        self.assertEqual(
            self.calendar.plan_hours(16, FRIDAY_3PM, compute_leaves=True),
            order.resolution_deadline,
        )

    def test_batch_of_orders_on_different_days(self):
        starts = [
            FRIDAY_3PM + timedelta(days=d, hours=h) for d in range(10) for h in (0, 5)
        ]
        orders = self.env["service.order"].create(
            [
                self._order_values(order_type_id=self.order_type.id, date_received=s)
                for s in starts
            ]
        )
        for order, start in zip(orders, starts, strict=True):
            self.assertEqual(
                order.resolution_deadline,
                self.calendar.plan_hours(16, start, compute_leaves=True),
                f"received {start}",
            )

    def test_more_specific_policy_wins(self):
        generic = self.env["service.sla.policy"].create(
            {
                "priority": "2",
                "company_id": self.company.id,
                "response_hours": 1,
                "resolution_hours": 2,
                "calendar_id": self.calendar.id,
            }
        )
        typed = self._sla_order()
        self.assertEqual(typed.response_deadline, datetime(2026, 1, 13, 10, 0))
        other = self._create_order(
            order_type_id=self.plain_type.id, priority="2", date_received=FRIDAY_3PM
        )
        self.assertEqual(other.response_deadline, datetime(2026, 1, 9, 16, 0))
        generic.active = False
        other.priority = "1"
        self.assertEqual(
            other.response_deadline,
            other.company_id.resource_calendar_id.plan_hours(
                16, FRIDAY_3PM, compute_leaves=True
            ),
            "the shipped default policy for normal priority",
        )

    def test_deadlines_follow_priority_and_type(self):
        order = self._sla_order()
        order.priority = "0"
        # no policy for this type at low priority: the shipped default applies
        self.assertNotEqual(order.response_deadline, datetime(2026, 1, 13, 10, 0))
        order.priority = "2"
        self.assertEqual(order.response_deadline, datetime(2026, 1, 13, 10, 0))

    def test_flags_over_time(self):
        with freeze_time(FRIDAY_3PM):
            order = self._sla_order()
            self.assertEqual(order.sla_status, "on_track")
        with freeze_time("2026-01-13 08:30:00"):
            self.env["service.order"]._refresh_sla_status()
            self.assertEqual(order.sla_status, "on_track")
        with freeze_time("2026-01-13 09:15:00"):
            self.env["service.order"]._refresh_sla_status()
            self.assertTrue(order.sla_at_risk)
            self.assertFalse(order.sla_breached)
            self.assertEqual(order.sla_status, "at_risk")
        with freeze_time("2026-01-13 10:30:00"):
            self.env["service.order"]._refresh_sla_status()
            self.assertTrue(order.sla_breached, "nobody on site by Tuesday 10:00")
            self.assertFalse(order.sla_at_risk)
            self.assertEqual(order.sla_status, "breached")

    def test_response_met_then_resolution_at_risk(self):
        order = self._sla_order(**self._planned_values())
        order.action_schedule()
        order.action_dispatch()
        with freeze_time("2026-01-13 09:30:00"):
            order.action_start()
            self.assertFalse(order.sla_breached)
        with freeze_time("2026-01-14 10:30:00"):
            self.env["service.order"]._refresh_sla_status()
            self.assertEqual(order.sla_status, "at_risk", "resolution clock")
        order.checklist_item_ids.is_done = True
        with freeze_time("2026-01-14 11:00:00"):
            order.action_complete()
        self.assertEqual(order.sla_status, "met")
        with freeze_time("2026-02-01 11:00:00"):
            self.env["service.order"]._refresh_sla_status()
            self.assertEqual(order.sla_status, "met", "a done order stays met")

    def test_cancelled_order_has_no_sla(self):
        order = self._sla_order()
        with freeze_time("2026-01-20 10:30:00"):
            order.action_cancel()
            self.assertEqual(order.sla_status, "none")
            self.assertFalse(order.sla_breached)

    def test_watchdog_raises_one_activity_per_order_at_risk(self):
        risk_type = self.env.ref("service_order.mail_activity_type_sla_risk")
        with freeze_time("2026-01-13 09:15:00"):
            # created at that time: their SLA flags are computed on creation
            at_risk = self._sla_order()
            on_track = self._sla_order(date_received=datetime(2026, 1, 13, 8, 0))
            self.env["service.order"]._cron_watchdog()
            self.env["service.order"]._cron_watchdog()
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "service.order"),
                ("res_id", "in", (at_risk | on_track).ids),
                ("activity_type_id", "=", risk_type.id),
            ]
        )
        self.assertEqual(activities.mapped("res_id"), at_risk.ids)
        self.assertIn("SLA at risk", activities.summary)
        self.assertEqual(activities.user_id, at_risk.user_id)

    def test_watchdog_flags_stuck_orders_once(self):
        self.company.service_limbo_hours = 24
        limbo_type = self.env.ref("service_order.mail_activity_type_limbo")
        with freeze_time("2026-03-02 08:00:00"):
            stuck_new = self._create_order()
            planned = self._create_order(
                **self._planned_values(
                    date_scheduled_start=datetime(2026, 3, 2, 9, 0),
                    date_scheduled_end=datetime(2026, 3, 2, 10, 0),
                )
            )
            planned.action_schedule()
        with freeze_time("2026-03-03 09:00:00"):
            fresh = self._create_order()
            self.env["service.order"]._cron_watchdog()
        with freeze_time("2026-03-03 09:30:00"):
            # second run, e.g. after a crash half-way: nothing new
            self.env["service.order"]._cron_watchdog()
        ours = (stuck_new | planned | fresh).ids
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "service.order"),
                ("res_id", "in", ours),
                ("activity_type_id", "=", limbo_type.id),
            ]
        )
        self.assertEqual(
            sorted(activities.mapped("res_id")), sorted((stuck_new | planned).ids)
        )
        self.assertNotIn(fresh.id, activities.mapped("res_id"))
        self.company.service_limbo_hours = 0
        activities.unlink()
        with freeze_time("2026-03-03 10:00:00"):
            self.env["service.order"]._cron_watchdog()
        self.assertFalse(
            self.env["mail.activity"].search_count(
                [("res_id", "in", ours), ("activity_type_id", "=", limbo_type.id)]
            ),
            "the alert is off at 0 hours",
        )

    def test_policy_rejects_nonsense_targets(self):
        with self.assertRaisesMessage(ValidationError, "cannot be shorter"):
            self.env["service.sla.policy"].create(
                {
                    "order_type_id": self.plain_type.id,
                    "priority": "0",
                    "response_hours": 8,
                    "resolution_hours": 4,
                }
            )
        with self.assertRaisesMessage(ValidationError, "positive"):
            self.env["service.sla.policy"].create(
                {
                    "order_type_id": self.plain_type.id,
                    "priority": "0",
                    "response_hours": 0,
                    "resolution_hours": 4,
                }
            )
        with self.assertRaisesMessage(ValidationError, "already an active SLA policy"):
            self.env["service.sla.policy"].create(
                {
                    "order_type_id": self.order_type.id,
                    "priority": "2",
                    "company_id": self.company.id,
                    "response_hours": 1,
                    "resolution_hours": 2,
                }
            )

    # the SLA's policies and work intervals are cached in the registry: a
    # change of either must reach the next order received that same day
    def test_new_holiday_moves_the_next_deadline(self):
        first = self._sla_order()
        self.assertEqual(first.response_deadline, datetime(2026, 1, 13, 10, 0))
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "Company day",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 13, 0, 0),
                "date_to": datetime(2026, 1, 13, 23, 59, 59),
                "resource_id": False,
            }
        )
        # Fri 2 h, Mon and Tue off, Wed 08-10
        second = self._sla_order()
        self.assertEqual(second.response_deadline, datetime(2026, 1, 14, 10, 0))
        holiday.date_from = datetime(2026, 1, 14, 0, 0)
        holiday.date_to = datetime(2026, 1, 14, 23, 59, 59)
        self.assertEqual(
            self._sla_order().response_deadline, datetime(2026, 1, 13, 10, 0)
        )
        holiday.unlink()
        self.assertEqual(
            self._sla_order().resolution_deadline, datetime(2026, 1, 14, 15, 0)
        )

    def test_changed_hours_and_policy_reach_the_next_order(self):
        self._sla_order()
        # Friday afternoons off: the clock starts on Tuesday 08:00
        self.calendar.attendance_ids.filtered(
            lambda a: a.dayofweek == "4" and a.day_period == "afternoon"
        ).unlink()
        order = self._sla_order()
        self.assertEqual(order.response_deadline, datetime(2026, 1, 13, 12, 0))
        self.policy.response_hours = 2
        order = self._sla_order()
        self.assertEqual(order.response_deadline, datetime(2026, 1, 13, 10, 0))

    def test_calendar_time_zone_reaches_the_next_order(self):
        self._sla_order()
        self.calendar.tz = "America/New_York"
        # Friday 10:00 in New York: 10-12 and 13-15 there, 20:00 UTC
        self.assertEqual(
            self._sla_order().response_deadline, datetime(2026, 1, 9, 20, 0)
        )

    def _queries_of_next_order(self):
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        self._sla_order()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_renaming_a_calendar_or_holiday_keeps_the_cache(self):
        """A write that does not change the working time leaves the
        registry's caches (SLA intervals, and every other ormcache) alone:
        the next order costs no more queries than before it."""
        self._sla_order()
        warm = self._queries_of_next_order()
        self.calendar.name = "Renamed hours"
        holiday = self.calendar.leave_ids.filtered(lambda leave: not leave.resource_id)
        self.assertTrue(holiday)
        holiday.name = "Renamed holiday"
        self.assertEqual(self._queries_of_next_order(), warm)
        # and a change of the hours still empties it
        self.calendar.hours_per_day = 7.5
        self.assertGreater(self._queries_of_next_order(), warm)

    def test_holidays_of_another_company_do_not_count(self):
        """The cached intervals are the order's company's, whoever creates
        it first: another company's holiday on a shared calendar does not
        stop its clock."""
        self.calendar.company_id = False
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "Other contractor's day",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 13, 0, 0),
                "date_to": datetime(2026, 1, 13, 23, 59, 59),
                "resource_id": False,
            }
        )
        holiday.company_id = self.company2
        orders = self.env["service.order"].with_context(
            allowed_company_ids=[self.company.id, self.company2.id]
        )
        order = orders.create(
            self._order_values(
                order_type_id=self.order_type.id, date_received=FRIDAY_3PM
            )
        )
        self.assertEqual(order.response_deadline, datetime(2026, 1, 13, 10, 0))

    def test_batch_of_two_companies_on_a_shared_calendar(self):
        """One create of an order of each company on a shared calendar: each
        order's clock stops only on its own company's holidays (and the
        shared ones), as when created alone."""
        self.calendar.company_id = False
        self.env["service.sla.policy"].create(
            {
                "order_type_id": self.order_type.id,
                "priority": "2",
                "response_hours": 4,
                "resolution_hours": 16,
                "calendar_id": self.calendar.id,
                "warning_percent": 75,
                "company_id": self.company2.id,
            }
        )
        leaves = self.env["resource.calendar.leaves"]
        # the Monday holiday is shared, as the calendar
        leaves.search([("calendar_id", "=", self.calendar.id)]).company_id = False
        holiday = leaves.create(
            {
                "name": "First contractor's day",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 1, 13, 0, 0),
                "date_to": datetime(2026, 1, 13, 23, 59, 59),
                "resource_id": False,
            }
        )
        holiday.company_id = self.company
        orders = self.env["service.order"].with_context(
            allowed_company_ids=[self.company.id, self.company2.id]
        )
        order_a, order_b = orders.create(
            [
                self._order_values(
                    order_type_id=self.order_type.id,
                    date_received=FRIDAY_3PM,
                    company_id=company.id,
                )
                for company in (self.company, self.company2)
            ]
        )
        self.assertEqual(order_b.company_id, self.company2)
        # A: Fri 2 h, Mon (shared holiday) and Tue (its own) off, Wed 08-10
        self.assertEqual(order_a.response_deadline, datetime(2026, 1, 14, 10, 0))
        # B: Fri 2 h, Mon off, Tue 08-10: A's holiday does not count
        self.assertEqual(order_b.response_deadline, datetime(2026, 1, 13, 10, 0))
        self.assertEqual(order_b.resolution_deadline, datetime(2026, 1, 14, 15, 0))

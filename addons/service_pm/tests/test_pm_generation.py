from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ServicePmCase


@tagged("post_install", "-at_install")
class TestTimePlans(ServicePmCase):
    def test_month_end_plan_in_a_leap_year(self):
        plan = self._plan(date_start=date(2028, 1, 31), horizon_days=60)
        with freeze_time("2028-01-20 06:00:00"):
            self.Plan._cron_generate_orders()
        orders = self._orders(plan)
        # due on 31 Jan and 29 Feb (leap year); 31 Mar - 7 days is past the horizon
        self.assertEqual(
            orders.mapped("pm_due_date"), [date(2028, 1, 31), date(2028, 2, 29)]
        )
        with freeze_time("2028-02-25 06:00:00"):
            self.Plan._cron_generate_orders()
        orders = self._orders(plan)
        # back on the 31st in March, and on the 30th in April (clamped)
        self.assertEqual(
            orders.mapped("pm_due_date"),
            [
                date(2028, 1, 31),
                date(2028, 2, 29),
                date(2028, 3, 31),
                date(2028, 4, 30),
            ],
        )

    def test_generated_order_carries_the_plan(self):
        plan = self._plan(user_id=self.dispatcher.id)
        with freeze_time("2026-01-20 06:00:00"):
            self.Plan._cron_generate_orders()
        order = self._orders(plan)
        self.assertEqual(len(order), 1)
        self.assertEqual(order.channel, "pm")
        self.assertEqual(order.state, "new")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.site_id, self.site)
        self.assertEqual(order.equipment_ids, self.unit)
        self.assertEqual(order.order_type_id, self.plain_type)
        self.assertEqual(order.duration, 2.5)
        self.assertEqual(order.required_skill_ids, self.skill)
        self.assertEqual(order.user_id, self.dispatcher)
        self.assertEqual(
            order.checklist_item_ids.mapped("name"),
            ["Replace filter", "Clean coil", "Log pressures"],
        )
        self.assertEqual(order.pm_due_date, date(2026, 1, 31))
        # the requested window opens the lead time before the due date
        self.assertEqual(order.window_start, datetime(2026, 1, 24))
        self.assertEqual(order.window_end, datetime(2026, 1, 31, 23, 59, 59))
        self.assertEqual(order.date_received, datetime(2026, 1, 24))
        self.assertNotEqual(order.name, "New")
        self.assertEqual(plan.order_count, 1)
        self.assertEqual(plan.next_due_date, date(2026, 1, 31))

    def test_type_checklist_when_the_plan_has_none(self):
        plan = self._plan(order_type_id=self.order_type.id, checklist_template_id=False)
        with freeze_time("2026-01-20 06:00:00"):
            plan.action_generate_now()
        order = self._orders(plan)
        self.assertEqual(
            order.checklist_item_ids.mapped("name"), ["Isolate power", "Sweep floor"]
        )

    def test_missed_occurrences_collapse_into_one_overdue_order(self):
        plan = self._plan(
            interval=1, interval_unit="week", date_start=date(2025, 11, 3)
        )
        with freeze_time("2026-01-07 06:00:00"):
            self.Plan._cron_generate_orders()
        orders = self._orders(plan)
        # Monday 5 Jan was missed (overdue); 12, 19, 26 Jan and 2 Feb are ahead
        # (2 Feb - 7 days lead = 26 Jan <= 6 Feb, 9 Feb - 7 = 2 Feb <= 6 Feb)
        self.assertEqual(orders[0].pm_due_date, date(2026, 1, 5))
        self.assertEqual(
            orders.mapped("pm_due_date"),
            [
                date(2026, 1, 5),
                date(2026, 1, 12),
                date(2026, 1, 19),
                date(2026, 1, 26),
                date(2026, 2, 2),
                date(2026, 2, 9),
            ],
        )
        with freeze_time("2026-01-07 06:00:00"):
            self.assertTrue(plan.is_overdue)
            self.assertIn(plan, self.Plan.search([("is_overdue", "=", True)]))
            overdue = self.Order.search(
                [
                    ("pm_plan_id", "!=", False),
                    ("state", "in", ("new", "scheduled", "dispatched", "in_progress")),
                    ("pm_due_date", "<", "2026-01-07"),
                ]
            )
        self.assertEqual(overdue, orders[0])

    def test_plan_end_date_and_archived_plans(self):
        plan = self._plan(
            interval=1,
            interval_unit="day",
            date_start=date(2026, 3, 1),
            date_end=date(2026, 3, 3),
            lead_days=0,
        )
        archived = self._plan(name="Archived", active=False)
        with freeze_time("2026-02-27 06:00:00"):
            self.Plan._cron_generate_orders()
        self.assertEqual(
            self._orders(plan).mapped("pm_due_date"),
            [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3)],
        )
        self.assertFalse(self._orders(archived))

    def test_stuck_watchdog_ignores_pm_orders_before_their_window(self):
        self.company.service_limbo_hours = 1
        plan = self._plan(date_start=date(2026, 2, 20), interval=3, horizon_days=60)
        with freeze_time("2026-01-20 06:00:00"):
            self.Plan._cron_generate_orders()
        order = self._orders(plan)
        self.assertEqual(len(order), 1)
        with freeze_time("2026-01-25 06:00:00"):
            stuck = self.env["service.order"]._search_stuck_orders()
            self.assertNotIn(order, stuck)
        with freeze_time("2026-02-14 06:00:00"):
            stuck = self.env["service.order"]._search_stuck_orders()
            self.assertIn(order, stuck)


@tagged("post_install", "-at_install")
class TestFixedVersusFloating(ServicePmCase):
    def test_completion_moves_a_floating_plan_not_a_fixed_one(self):
        fixed = self._plan(name="Fixed", date_start=date(2026, 1, 15), horizon_days=60)
        floating = self._plan(
            name="Floating",
            mode="floating",
            date_start=date(2026, 1, 15),
            horizon_days=60,
        )
        with freeze_time("2026-01-10 06:00:00"):
            self.Plan._cron_generate_orders()
        # fixed: every due date within the horizon; floating: one at a time
        self.assertEqual(
            self._orders(fixed).mapped("pm_due_date"),
            [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)],
        )
        self.assertEqual(
            self._orders(floating).mapped("pm_due_date"), [date(2026, 1, 15)]
        )
        # both first PMs are done late, on 3 February
        with freeze_time("2026-02-03 10:00:00"):
            self._finish(self._orders(fixed)[0], datetime(2026, 2, 3, 9))
            self._finish(self._orders(floating), datetime(2026, 2, 3, 9))
        with freeze_time("2026-02-04 06:00:00"):
            self.Plan._cron_generate_orders()
            self.assertEqual(floating.last_done_date, date(2026, 2, 3))
        # fixed stays on the 15th; floating is due a month after completion
        self.assertEqual(
            self._orders(fixed).mapped("pm_due_date"),
            [date(2026, 1, 15), date(2026, 2, 15), date(2026, 3, 15)],
        )
        self.assertEqual(
            self._orders(floating).mapped("pm_due_date"),
            [date(2026, 1, 15), date(2026, 3, 3)],
        )

    def test_cancelled_floating_pm_counts_as_skipped(self):
        floating = self._plan(mode="floating", date_start=date(2026, 1, 15))
        with freeze_time("2026-01-10 06:00:00"):
            self.Plan._cron_generate_orders()
            self._orders(floating).action_cancel()
        with freeze_time("2026-02-11 06:00:00"):
            self.Plan._cron_generate_orders()
        self.assertEqual(
            self._orders(floating).mapped("pm_due_date"),
            [date(2026, 1, 15), date(2026, 2, 15)],
        )


@tagged("post_install", "-at_install")
class TestMeterPlans(ServicePmCase):
    def test_meter_plan_forecasts_the_due_date(self):
        # 10 h a day since 1 January: 300 h on 31 January
        for day, value in ((1, 0), (11, 100), (21, 200), (31, 300)):
            self._read(self.meter, date(2026, 1, day), value)
        plan = self._plan(
            trigger="meter",
            meter_id=self.meter.id,
            meter_interval=500,
            meter_start_value=0.0,
            lead_days=3,
            horizon_days=10,
        )
        with freeze_time("2026-02-01 06:00:00"):
            self.Plan._cron_generate_orders()
            # 500 h is forecast on 20 February, past 1 Feb + 10 + 3 days
            self.assertFalse(self._orders(plan))
            self.assertEqual(plan.next_due_date, date(2026, 2, 20))
            self.assertEqual(plan.next_threshold, 500.0)
        with freeze_time("2026-02-12 06:00:00"):
            self.Plan._cron_generate_orders()
            self.Plan._cron_generate_orders()
        order = self._orders(plan)
        self.assertEqual(len(order), 1)
        self.assertEqual(order.pm_meter_threshold, 500.0)
        self.assertEqual(order.pm_due_date, date(2026, 2, 20))
        # a much faster usage brings 1000 h within the horizon; the 500 h
        # order (already passed) is not generated twice
        self._read(self.meter, date(2026, 2, 12), 950)
        with freeze_time("2026-02-13 06:00:00"):
            self.Plan._cron_generate_orders()
        orders = self._orders(plan)
        self.assertEqual(sorted(orders.mapped("pm_meter_threshold")), [500.0, 1000.0])
        # 1000 h is now forecast on 14 February, before the 500 h order's date
        self.assertEqual(
            orders.filtered(lambda o: o.pm_meter_threshold == 1000).pm_due_date,
            date(2026, 2, 14),
        )

    def test_meter_past_several_thresholds_gives_one_overdue_order(self):
        self._read(self.meter, date(2025, 10, 1), 100)
        self._read(self.meter, date(2026, 1, 5), 1350)
        plan = self._plan(
            trigger="meter",
            meter_id=self.meter.id,
            meter_interval=500,
            meter_start_value=0.0,
            horizon_days=1,
            lead_days=0,
        )
        with freeze_time("2026-01-06 06:00:00"):
            self.Plan._cron_generate_orders()
        order = self._orders(plan)
        self.assertEqual(order.mapped("pm_meter_threshold"), [1000.0])
        self.assertEqual(order.pm_due_date, date(2026, 1, 5))

    def test_floating_meter_plan_counts_from_the_completion(self):
        for day, value in ((1, 0), (11, 100), (21, 200), (31, 300)):
            self._read(self.meter, date(2026, 1, day), value)
        plan = self._plan(
            trigger="meter",
            mode="floating",
            meter_id=self.meter.id,
            meter_interval=250,
            meter_start_value=0.0,
        )
        with freeze_time("2026-02-01 06:00:00"):
            self.Plan._cron_generate_orders()
            order = self._orders(plan)
            self.assertEqual(order.pm_meter_threshold, 250.0)
            self._read(self.meter, date(2026, 2, 1), 310)
            self._finish(order, datetime(2026, 2, 1, 8))
        self.assertEqual(order.pm_meter_value_done, 310.0)
        with freeze_time("2026-02-10 06:00:00"):
            self.Plan._cron_generate_orders()
        orders = self._orders(plan)
        # next threshold: 310 + 250, forecast at ~10 h/day
        self.assertEqual(orders.mapped("pm_meter_threshold"), [250.0, 560.0])

    def test_meter_without_trend_generates_nothing(self):
        self._read(self.meter, date(2026, 1, 1), 100)
        plan = self._plan(
            trigger="meter",
            meter_id=self.meter.id,
            meter_interval=500,
            meter_start_value=0.0,
        )
        with freeze_time("2026-01-06 06:00:00"):
            self.Plan._cron_generate_orders()
            self.assertFalse(self._orders(plan))
            self.assertFalse(plan.next_due_date)


@tagged("post_install", "-at_install")
class TestGenerateNowAndForecast(ServicePmCase):
    def test_generate_now_then_nothing_left(self):
        plan = self._plan()
        with freeze_time("2026-01-20 06:00:00"):
            action = plan.action_generate_now()
            self.assertEqual(action["res_model"], "service.order")
            self.assertEqual(len(self._orders(plan)), 1)
            again = plan.action_generate_now()
        self.assertEqual(again["tag"], "display_notification")
        self.assertEqual(len(self._orders(plan)), 1)

    def test_forecast_lists_the_next_90_days(self):
        for day, value in ((1, 0), (11, 100), (21, 200), (31, 300)):
            self._read(self.meter, date(2026, 1, day), value)
        monthly = self._plan(date_start=date(2026, 1, 31))
        meter_plan = self._plan(
            name="Hours",
            trigger="meter",
            meter_id=self.meter.id,
            meter_interval=500,
            meter_start_value=0.0,
        )
        with freeze_time("2026-01-20 06:00:00"):
            monthly.action_generate_now()  # 31 Jan is generated already
            action = self.Plan.action_open_forecast()
        lines = self.env["service.pm.forecast"].search(action["domain"])
        monthly_lines = lines.filtered(lambda line: line.plan_id == monthly)
        self.assertEqual(
            monthly_lines.mapped("due_date"),
            [date(2026, 2, 28), date(2026, 3, 31)],
        )
        self.assertEqual(monthly_lines[0].generation_date, date(2026, 1, 22))
        meter_lines = lines.filtered(lambda line: line.plan_id == meter_plan)
        self.assertEqual(meter_lines.mapped("meter_threshold"), [500.0, 1000.0])
        self.assertEqual(meter_lines[0].due_date, date(2026, 2, 20))
        self.assertEqual(meter_lines.equipment_ids, self.unit)
        # the forecast created nothing
        self.assertFalse(self._orders(meter_plan))

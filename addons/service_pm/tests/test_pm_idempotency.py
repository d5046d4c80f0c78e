from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.service_pm.models.service_pm_plan import ServicePmPlan

from .common import ServicePmCase


@tagged("post_install", "-at_install")
class TestIdempotency(ServicePmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 6 weekly plans, 5 due dates each up to 4 April (27 days + 7 lead)
        cls.plans = cls.Plan.browse()
        for index in range(6):
            cls.plans |= cls._plan(
                name=f"Weekly {index}",
                interval=1,
                interval_unit="week",
                date_start=date(2026, 3, 2 + index),
                horizon_days=27,
            )

    def _keys(self):
        orders = self._orders(self.plans)
        return [(order.pm_plan_id.id, order.pm_occurrence) for order in orders]

    def test_running_the_cron_twice_creates_nothing_more(self):
        with freeze_time("2026-03-01 06:00:00"):
            created = self.Plan._cron_generate_orders()
            first = self._keys()
            self.assertEqual(created, 30)
            self.assertEqual(len(first), 30)
            self.assertEqual(len(set(first)), 30)
            self.assertEqual(self.Plan._cron_generate_orders(), 0)
            # even when every plan is checked again (e.g. a plan was edited)
            self.plans.write({"last_generation_date": False})
            self.assertEqual(self.Plan._cron_generate_orders(), 0)
            self.assertEqual(self.plans._generate_orders(), self.Order.browse())
        self.assertEqual(self._keys(), first)

    def test_rerun_after_a_crash_half_way_through_a_batch(self):
        with freeze_time("2026-03-01 06:00:00"):
            occurrences = self.plans._get_occurrences(date(2026, 3, 1))
            self.assertEqual(len(occurrences), 30)
            # the crash: half of the batch's orders were written, the plans were
            # not marked as checked
            half = occurrences[:15]
            self.Plan._create_orders(
                self.company,
                [occ.plan._prepare_order_values(occ, date(2026, 3, 1)) for occ in half],
            )
            self.assertEqual(len(self._keys()), 15)
            self.assertFalse(any(self.plans.mapped("last_generation_date")))
            created = self.Plan._cron_generate_orders()
        self.assertEqual(created, 15)
        keys = self._keys()
        self.assertEqual(len(keys), 30)
        self.assertEqual(len(set(keys)), 30)

    def test_crash_in_a_later_batch_keeps_the_committed_ones(self):
        """Batches of 2 plans; the 2nd batch fails: the 1st batch's plans are
        checked and keep their orders; the re-run completes the rest."""
        calls = []
        original = ServicePmPlan._create_orders

        def failing(model, company, vals_list):
            calls.append(len(vals_list))
            if len(calls) == 2:
                raise RuntimeError("server killed")
            return original(model, company, vals_list)

        with freeze_time("2026-03-01 06:00:00"):
            with patch.object(ServicePmPlan, "_create_orders", failing):
                # in the scheduler, each call is a transaction: the failing one
                # is rolled back (a savepoint here), the first one is kept
                self.Plan._cron_generate_orders(batch_size=2, max_batches=1)
                with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                    self.Plan._cron_generate_orders(batch_size=2, max_batches=1)
            self.assertEqual(len(self._keys()), 10)
            checked = self.plans.filtered("last_generation_date")
            self.assertEqual(checked, self.plans[:2])
            self.Plan._cron_generate_orders(batch_size=2)
        keys = self._keys()
        self.assertEqual(len(keys), 30)
        self.assertEqual(len(set(keys)), 30)

    def test_database_refuses_a_duplicate_occurrence(self):
        with freeze_time("2026-03-01 06:00:00"):
            occurrence = self.plans[0]._get_occurrences(date(2026, 3, 1))[0]
            vals = self.plans[0]._prepare_order_values(occurrence, date(2026, 3, 1))
            self.plans[0]._generate_orders()
        count = len(self._keys())
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.Plan._create_orders(self.company, [vals])
        self.assertEqual(len(self._keys()), count)

    def test_a_refused_plan_does_not_block_its_batch(self):
        bad = self.plans[2]
        original = ServicePmPlan._prepare_order_values

        def prepare(plan, occurrence, today, base=None):
            vals = original(plan, occurrence, today, base)
            if plan == bad:  # e.g. a rule of another addon refuses its order
                vals["window_end"] = vals["window_start"] - timedelta(days=1)
            return vals

        with (
            freeze_time("2026-03-01 06:00:00"),
            patch.object(ServicePmPlan, "_prepare_order_values", prepare),
            mute_logger("odoo.addons.service_pm.models.service_pm_plan"),
        ):
            created = self.Plan._cron_generate_orders()
        self.assertEqual(created, 25)
        self.assertFalse(self._orders(bad))
        self.assertEqual(len(self._orders(self.plans - bad)), 25)
        # checked for the day: tried again tomorrow, not in a loop today
        self.assertEqual(bad.last_generation_date, date(2026, 3, 1))

    def test_unit_without_site_gets_no_order(self):
        self.unit.site_id = False
        with freeze_time("2026-03-01 06:00:00"):
            self.Plan._cron_generate_orders()
        self.assertFalse(self._orders(self.plans))
        self.unit.site_id = self.site
        with freeze_time("2026-03-02 06:00:00"):
            self.Plan._cron_generate_orders()
        self.assertEqual(len(self._orders(self.plans)), 30)

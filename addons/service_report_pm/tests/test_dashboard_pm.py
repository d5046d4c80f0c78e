from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.service_pm.tests.common import ServicePmCase


@tagged("post_install", "-at_install")
class TestDashboardOverduePm(ServicePmCase):
    def _set_pm(self, order, plan, due):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE service_order SET pm_plan_id = %s, pm_due_date = %s "
                "WHERE id = %s",
                plan.id,
                due,
                order.id,
            )
        )
        order.invalidate_recordset()

    def test_overdue_pm_tile(self):
        plan = self._plan()
        late, on_time, done_late = (self._create_order() for _i in range(3))
        self._set_pm(late, plan, date(2026, 3, 1))
        self._set_pm(on_time, plan, date(2026, 3, 20))
        self._set_pm(done_late, plan, date(2026, 3, 1))
        done_late._write_lifecycle({"state": "done"})
        Order = self.env["service.order"].with_user(self.dispatcher)
        with freeze_time("2026-03-10 09:00:00"):
            data = Order.get_operations_dashboard_data()
            tile = next(t for t in data["tiles"] if t["key"] == "overdue_pm")
            found = Order.search(tile["domain"])
        self.assertIn(late, found)
        self.assertNotIn(on_time, found)
        self.assertNotIn(done_late, found)
        self.assertEqual(tile["count"], len(found))
        self.assertEqual(tile["level"], "danger")

import uuid
from datetime import datetime

from odoo.addons.service_order.tests.common import ServiceOrderCase
from odoo.addons.service_order.tests.test_guarded_writes import PNG

__all__ = ["PNG", "MobileCase"]

# the day of the tests: Tuesday 2026-01-13, UTC
DAY = datetime(2026, 1, 13)


class MobileCase(ServiceOrderCase):
    """A dispatched order for 09:00-11:00 on 2026-01-13: Alice (tech_a) leads,
    Bob (tech_b) is crew; the order type has a required checklist item."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.tech_user_a | cls.tech_user_b | cls.dispatcher).tz = "UTC"
        cls.order = cls._dispatched_order()

    @classmethod
    def _dispatched_order(cls, start=None, hours=2.0, crew=True, **values):
        start = start or datetime(2026, 1, 13, 9, 0)
        order = cls._create_order(
            order_type_id=cls.order_type.id,
            site_id=cls.site.id,
            technician_id=cls.tech_a.id,
            crew_ids=[(6, 0, cls.tech_b.ids)] if crew else [],
            date_scheduled_start=start,
            duration=hours,
            user_id=cls.dispatcher.id,
            **values,
        )
        order.action_schedule()
        order.action_dispatch()
        return order

    def action(self, order, kind, at=None, payload=None, key=None, version=None):
        return {
            "key": key or str(uuid.uuid4()),
            "order_id": order.id,
            "type": kind,
            "version": order._mobile_versions()[order.id]
            if version is None
            else version,
            "at": at,
            "payload": payload or {},
        }

    def apply(self, user, *actions):
        return self.env["service.order"].with_user(user).mobile_apply(list(actions))

    def assertStatuses(self, results, *statuses):
        self.assertEqual(
            [result["status"] for result in results],
            list(statuses),
            [result["message"] for result in results],
        )

    def logs(self, order, employee, kind=None):
        logs = order.timelog_ids.filtered(lambda log: log.employee_id == employee)
        if kind:
            logs = logs.filtered(lambda log: log.kind == kind)
        return logs.sorted("date_start")

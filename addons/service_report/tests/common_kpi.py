from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.addons.service_order.tests.common import ServiceOrderCase


class ReportCase(ServiceOrderCase):
    """Orders completed at chosen moments (the lifecycle under freezegun)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "service_callback_days": 30,
                "service_quality_share": 0.0,
                "service_quality_seed": 7,
            }
        )
        (cls.tech_a | cls.tech_b | cls.tech_c).write(
            {"resource_calendar_id": cls.calendar.id, "tz": "UTC"}
        )
        cls.site2 = cls.env["res.partner"].create(
            {
                "name": "Bakery shop",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "street": "Rue Haute 2",
            }
        )

    @classmethod
    def _done_order(cls, received, started, done, travel=0.0, **values):
        """An order received, started and completed at these moments (the
        work log runs from ``started`` to ``done``), with ``travel`` hours of
        travel logged before the start."""
        values.setdefault("technician_id", cls.tech_a.id)
        with freeze_time(received):
            order = cls._create_order(
                date_received=received,
                date_scheduled_start=started,
                date_scheduled_end=started + timedelta(hours=1),
                **values,
            )
            order.action_schedule()
            order.action_dispatch()
        with freeze_time(started):
            order.action_start()
            if travel:
                cls.env["service.order.timelog"].create(
                    {
                        "order_id": order.id,
                        "employee_id": order.technician_id.id,
                        "kind": "travel",
                        "date_start": started - timedelta(hours=travel),
                        "date_end": started,
                    }
                )
        with freeze_time(done):
            order.action_complete()
        return order

    @classmethod
    def _new_order(cls, received, **values):
        with freeze_time(received):
            return cls._create_order(date_received=received, **values)


def at(day, hour=9, minute=0, month=1):
    return datetime(2026, month, day, hour, minute)

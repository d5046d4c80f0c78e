from datetime import datetime, time

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDispatchBoardTour(HttpCase):
    def test_drag_unassigned_order_onto_technician(self):
        new_test_user(
            self.env,
            "tour_dispatcher",
            groups="service_order.group_service_dispatcher",
            name="Tour Dispatcher",
            tz="UTC",
        )
        free, busy = self.env["hr.employee"].create(
            [
                {"name": "Aaron Tour", "is_field_technician": True},
                {"name": "Abel Busy", "is_field_technician": True},
            ]
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Bakery", "is_company": True}
        )
        order_type = self.env["service.order.type"].create(
            {"name": "Tour repair", "default_duration": 1.0}
        )
        order, blocker = self.env["service.order"].create(
            [
                {"partner_id": customer.id, "order_type_id": order_type.id},
                {
                    "partner_id": customer.id,
                    "order_type_id": order_type.id,
                    "technician_id": busy.id,
                    "date_scheduled_start": datetime.combine(
                        fields.Date.today(), time(0, 0)
                    ),
                    "date_scheduled_end": datetime.combine(
                        fields.Date.today(), time(23, 59)
                    ),
                },
            ]
        )
        self.start_tour(
            "/odoo/action-service_dispatch.action_service_dispatch_board",
            "service_dispatch_board_tour",
            login="tour_dispatcher",
        )
        self.assertEqual(order.technician_id, free)
        self.assertEqual(order.state, "scheduled")
        self.assertEqual(order.date_scheduled_start.date(), fields.Date.today())
        self.assertEqual(order.duration, 1.0)
        self.assertEqual(blocker.technician_id, busy)

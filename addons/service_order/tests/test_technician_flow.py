"""A technician's day on a plain order, as the technician all the way: start,
tick the checklist, log time, add a part, get the signature, complete."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ServiceOrderCase
from .test_guarded_writes import PNG


@tagged("post_install", "-at_install")
class TestTechnicianFlow(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.signed_type.checklist_template_id = cls.template
        # the dispatcher takes the call and plans it
        orders = cls.env["service.order"].with_user(cls.dispatcher)
        with Form(orders) as form:
            form.partner_id = cls.customer
            form.order_type_id = cls.signed_type
            form.technician_id = cls.tech_a
            form.date_scheduled_start = datetime(2026, 1, 13, 9, 0)
            form.duration = 2
        cls.order = form.record
        cls.order.action_schedule()
        cls.order.action_dispatch()

    def test_technician_completes_a_plain_order(self):
        order = self.order.with_user(self.tech_user_a)
        self.assertEqual(order.state, "dispatched")
        with freeze_time("2026-01-13 09:05:00"):
            order.action_start()
        self.assertEqual(order.state, "in_progress")
        self.assertEqual(order.timelog_ids.employee_id, self.tech_a)
        with freeze_time("2026-01-13 10:40:00"):
            with Form(order) as form:
                # tick the checklist and note the breaker
                for index in range(len(form.checklist_item_ids)):
                    with form.checklist_item_ids.edit(index) as item:
                        item.is_done = True
                        item.note = "ok"
                # travel this morning, from the depot
                with form.timelog_ids.new() as log:
                    log.kind = "travel"
                    log.date_start = datetime(2026, 1, 13, 8, 30)
                    log.date_end = datetime(2026, 1, 13, 9, 5)
                with form.line_ids.new() as line:
                    line.product_id = self.product_part
                    line.qty_used = 1
                form.resolution = "<p>Replaced the start capacitor.</p>"
                form.signed_by = "Jane Customer"
                form.signature = PNG
            self.assertEqual(order.checklist_progress, 100.0)
            self.assertEqual(order.checklist_item_ids.done_by_id, self.tech_user_a)
            self.assertEqual(order.signed_on, datetime(2026, 1, 13, 10, 40))
            order.action_complete()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.date_done, datetime(2026, 1, 13, 10, 40))
        work = order.timelog_ids.filtered(lambda log: log.kind == "work")
        self.assertEqual(work.date_end, datetime(2026, 1, 13, 10, 40), "closed")
        self.assertAlmostEqual(order.travel_hours, 35 / 60)
        self.assertEqual(order.line_ids.qty_used, 1)
        # and then it is read-only for him
        self.assertTrue(order.is_locked)
        with self.assertRaisesMessage(UserError, "done or cancelled"):
            order.write({"resolution": "<p>changed afterwards</p>"})
        self.assertIn("capacitor", self.order.resolution)

from datetime import datetime, time

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, no_retry, tagged

from odoo.addons.service_order.tests.hoot import run_hoot_suite

TECH_GROUP = "service_order.group_service_technician"
DISPATCHER_GROUP = "service_order.group_service_dispatcher"


class MobileTourCase(HttpCase):
    """A technician on a 390 x 844 phone (Chrome's touch mode) with a job
    booked today, in UTC so that "today" is the server's."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tech_user = new_test_user(
            cls.env,
            "mobile_tour_tech",
            groups=TECH_GROUP,
            name="Mo Bile",
            tz="UTC",
        )
        always = cls.env["resource.calendar"].create(
            {
                "name": "Mobile tour: every day",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 0.0,
                            "hour_to": 23.99,
                        }
                    )
                    for day in range(7)
                ],
            }
        )
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "Mo Bile",
                "user_id": cls.tech_user.id,
                "is_field_technician": True,
                "resource_calendar_id": always.id,
            }
        )
        cls.gasket = cls.env["product.product"].create(
            {"name": "Mobile Tour Gasket", "type": "consu"}
        )
        cls.order_type = cls.env["service.order.type"].create(
            {
                "name": "Mobile Tour Boiler Service",
                "default_duration": 1.0,
                "requires_signature": True,
            }
        )

    @classmethod
    def _dispatched_order(cls, customer_name, hour, items):
        customer = cls.env["res.partner"].create(
            {
                "name": customer_name,
                "is_company": True,
                "phone": "+32 470 11 22 33",
                "street": "Rue du Test 1",
                "city": "Ghent",
            }
        )
        today = fields.Date.today()
        order = cls.env["service.order"].create(
            {
                "partner_id": customer.id,
                "order_type_id": cls.order_type.id,
                "technician_id": cls.employee.id,
                "date_scheduled_start": datetime.combine(today, time(hour, 0)),
                "date_scheduled_end": datetime.combine(today, time(hour + 1, 0)),
                "checklist_item_ids": [
                    Command.create({"name": name, "required": True}) for name in items
                ],
            }
        )
        order.action_schedule()
        order.action_dispatch()
        return order

    def _actions(self, order):
        return self.env["service.mobile.action"].search(
            [("order_id", "=", order.id), ("user_id", "=", self.tech_user.id)]
        )

    def _photos(self, order):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "service.order"),
                ("res_id", "=", order.id),
                ("mimetype", "=like", "image/%"),
            ]
        )


@tagged("post_install", "-at_install")
class TestMyDayTour(MobileTourCase):
    def test_technician_completes_a_job_on_the_phone(self):
        order = self._dispatched_order(
            "Mobile Tour Bakery", 8, ["Check the pressure", "Clean the filter"]
        )
        self.start_tour(
            "/odoo/my-day", "service_mobile_my_day_tour", login=self.tech_user.login
        )
        order.invalidate_recordset()
        self.assertEqual(order.state, "done")
        self.assertTrue(all(order.checklist_item_ids.mapped("is_done")))
        self.assertEqual(order.checklist_item_ids.done_by_id, self.tech_user)
        line = order.line_ids.filtered(lambda line: line.product_id == self.gasket)
        self.assertEqual(line.mapped("qty_used"), [2.0])
        # the blurred one, taken then deleted from the phone
        self.assertEqual(self._photos(order).mapped("name"), ["boiler.jpg"])
        self.assertTrue(order.signature)
        self.assertEqual(order.signed_by, "Bea Baker")
        logs = order.timelog_ids.filtered(lambda log: log.employee_id == self.employee)
        self.assertEqual(sorted(logs.mapped("kind")), ["travel", "work"])
        self.assertTrue(all(logs.mapped("date_end")), "completing closes the logs")
        # every tap applied once: 2 timer taps, 2 ticks, part, 2 photos, a
        # photo deleted, signature, finish
        self.assertEqual(len(self._actions(order)), 10)


@tagged("post_install", "-at_install")
class TestOfflineTour(MobileTourCase):
    def test_offline_taps_are_replayed_in_order_once(self):
        order = self._dispatched_order(
            "Offline Tour Dairy", 10, ["Close the valve", "Test the alarm"]
        )
        self.start_tour(
            "/odoo/my-day", "service_mobile_offline_tour", login=self.tech_user.login
        )
        order.invalidate_recordset()
        valve, alarm = order.checklist_item_ids.sorted("id")
        self.assertTrue(valve.is_done)
        self.assertEqual(valve.done_by_id, self.tech_user)
        self.assertFalse(alarm.is_done)
        self.assertEqual(len(self._photos(order)), 1, "the photo was sent once")
        self.assertEqual(order.state, "in_progress")
        actions = self._actions(order)
        self.assertEqual(
            sorted(actions.mapped("action_type")),
            ["arrive", "checklist", "photo", "start_travel"],
        )
        # the travel log closed at arrival, the work log still runs
        logs = order.timelog_ids.filtered(lambda log: log.employee_id == self.employee)
        travel = logs.filtered(lambda log: log.kind == "travel")
        work = logs.filtered(lambda log: log.kind == "work")
        self.assertEqual(len(travel), 1)
        self.assertTrue(travel.date_end)
        self.assertEqual(len(work), 1)
        self.assertFalse(work.date_end)


@tagged("post_install", "-at_install")
class TestMyDayHome(HttpCase):
    """A technician lands on My Day after login; a dispatcher keeps the
    orders; a home action the user chose wins."""

    def _home_action(self, login):
        self.authenticate(login, login)
        response = self.url_open(
            "/web/session/get_session_info",
            data="{}",
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]["home_action_id"]

    def test_technician_lands_on_my_day(self):
        my_day = self.env.ref("service_mobile.action_my_day")
        tech = new_test_user(self.env, "home_mobile_tech", groups=TECH_GROUP)
        new_test_user(self.env, "home_mobile_dispatcher", groups=DISPATCHER_GROUP)
        self.assertEqual(self._home_action("home_mobile_tech"), my_day.id)
        self.assertEqual(
            self._home_action("home_mobile_dispatcher"),
            self.env.ref("service_order.service_order_action").id,
        )
        own = self.env.ref("service_order.service_order_action_calendar")
        tech.action_id = own.id
        self.assertEqual(self._home_action("home_mobile_tech"), own.id)

    def test_my_day_menu_for_technicians(self):
        menu = self.env.ref("service_mobile.menu_my_day")
        tech = new_test_user(self.env, "menu_mobile_tech", groups=TECH_GROUP)
        outsider = new_test_user(self.env, "menu_mobile_user", groups="base.group_user")
        visible = self.env["ir.ui.menu"].with_user(tech)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        hidden = self.env["ir.ui.menu"].with_user(outsider)._visible_menu_ids()
        self.assertNotIn(menu.id, hidden)


@tagged("post_install", "-at_install")
class TestMobileQueueUnit(HttpCase):
    """The Hoot unit tests of the phone's offline queue (static/tests/unit):
    order, idempotent keys, persistence, refusals, the pending overlay."""

    @no_retry
    def test_offline_queue_js_units_hoot(self):
        run_hoot_suite(self, "service_mobile")

"""The findings of the portal's hostile review (issue 11 follow-up)."""

import json
import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import TransactionCase

from .common import local_input, setup_portal_data

HIDDEN = (
    "resolution",
    "technician_id",
    "user_id",
    "response_deadline",
    "resolution_warning_date",
    "priority",
    "channel",
    "signature",
    "signed_by",
    "site_latitude",
    "contact_phone",
    "create_uid",
    "write_uid",
)


@tagged("post_install", "-at_install")
class TestPortalPrivateFields(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        cls.order.write({"resolution": "<p>Internal: the customer broke it</p>"})
        cls.mine = cls.order.with_user(cls.portal_user)

    def test_portal_rpc_cannot_read_internal_fields(self):
        for fname in HIDDEN:
            with self.subTest(field=fname), self.assertRaises(AccessError):
                self.mine.read([fname])
        # what the page shows stays readable
        values = self.mine.read(["name", "state", "portal_technician_name"])[0]
        self.assertEqual(values["portal_technician_name"], "Marie-Claire")
        with self.assertRaises(AccessError):
            self.mine.web_search_read([], {"technician_id": {}, "name": {}})

    def test_portal_rpc_cannot_search_or_group_by_internal_fields(self):
        Order = self.env["service.order"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            Order.search([("resolution", "ilike", "broke")])
        with self.assertRaises(AccessError):
            Order.search([], order="priority desc")
        with self.assertRaises(AccessError):
            Order.read_group([], ["technician_id"], ["technician_id"])
        with self.assertRaises(AccessError):
            Order.web_read_group([], ["user_id"], ["user_id"])
        # what the customer may see still works
        self.assertEqual(Order.search([("name", "=", self.order.name)]), self.order)

    def test_employees_still_read_them(self):
        order = self.order.with_user(self.dispatcher)
        self.assertEqual(
            order.read(["technician_id"])[0]["technician_id"][0], self.tech.id
        )
        self.assertIn("broke", order.resolution)

    def test_portal_write_gets_the_plain_access_error(self):
        with self.assertRaises(AccessError) as caught:
            self.mine.write({"description": "x"})
        self.assertNotIn("Technicians", str(caught.exception))

    def test_portal_message_is_never_an_internal_note(self):
        message = self.mine.message_post(
            body="Secret note?", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        comment = self.env.ref("mail.mt_comment")
        self.assertEqual(message.sudo().subtype_id, comment)
        message = self.mine.message_post(
            body="Another", message_type="comment", is_internal=True
        )
        self.assertFalse(message.sudo().is_internal)
        self.assertEqual(message.sudo().subtype_id, comment)
        # an employee still logs notes
        note = self.order.with_user(self.dispatcher).message_post(
            body="Note", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))


@tagged("post_install", "-at_install")
class TestPortalInputBounds(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        cls.tomorrow = fields.Datetime.now().replace(
            second=0, microsecond=0
        ) + timedelta(days=1)

    def _submit(self, **form):
        values = {"site_id": str(self.site.id), "description": "The oven is cold"}
        values.update(form)
        Order = self.env["service.order"].with_user(self.portal_user)
        return Order._portal_submit_request(values, [])

    def test_window_length_is_bounded(self):
        order, errors = self._submit(
            window_start_1=local_input(self.tomorrow),
            window_end_1=local_input(self.tomorrow + timedelta(days=900)),
        )
        self.assertIsNone(order)
        self.assertIn("14 days", errors["window_1"])
        order, errors = self._submit(
            window_start_1=local_input(self.tomorrow),
            window_end_1=local_input(self.tomorrow + timedelta(days=14)),
        )
        self.assertEqual(errors, {})
        # the reschedule form has the same bound
        errors = self.order.sudo()._portal_request_reschedule(
            self.portal_user.partner_id,
            {
                "window_start": local_input(self.tomorrow),
                "window_end": local_input(self.tomorrow + timedelta(days=20)),
            },
        )
        self.assertIn("14 days", errors["window"])

    def test_too_long_description_is_refused_not_cut(self):
        count = self.env["service.order"].search_count([])
        order, errors = self._submit(description="x" * 10001)
        self.assertIsNone(order)
        self.assertIn("10000", errors["description"])
        self.assertEqual(self.env["service.order"].search_count([]), count)
        order, errors = self._submit(description="x" * 10000)
        self.assertEqual(errors, {})

    def test_upload_setting_stays_below_odoos_form_limit(self):
        for value in (10, 20, 0):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.company.service_portal_max_upload_mb = value
        self.company.service_portal_max_upload_mb = 9
        self.assertEqual(self.company.service_portal_max_upload_mb, 9)


@tagged("post_install", "-at_install")
class TestPortalPages(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        cls.token = cls.order._portal_ensure_token()

    def _status(self, order, access_token=None):
        params = {"access_token": access_token} if access_token else {}
        response = self.url_open(
            f"/my/service/orders/{order.id}/status",
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_logged_out_link_goes_to_login(self):
        url = f"/my/service/orders/{self.order.id}"
        response = self.url_open(url, allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn(
            "/web/login?redirect=%2Fmy%2Fservice%2Forders%2F",
            response.headers["Location"],
        )
        # with the token: the page
        response = self.url_open(f"{url}?access_token={self.token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Marie-Claire", response.text)
        # logged in, another customer's order: still 404
        self.authenticate("sp_portal_2", "sp_portal_2")
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 404)

    def test_live_status_route(self):
        self.authenticate("sp_portal", "sp_portal")
        data = self._status(self.order)
        self.assertEqual(data["result"]["status"], "scheduled")
        self.assertEqual(data["result"]["technician"], "Marie-Claire")
        self.assertNotIn("Dupont", json.dumps(data))
        # another customer's order: not found, nothing of it
        data = self._status(self.order_2)
        self.assertNotIn("result", data)
        self.assertEqual(data["error"]["code"], 404)
        self.assertNotIn(self.order_2.name, json.dumps(data))
        # technician on the way: the next poll says so
        self.order.action_dispatch()
        self.env["service.order.timelog"].create(
            {
                "order_id": self.order.id,
                "kind": "travel",
                "date_start": fields.Datetime.now(),
                "employee_id": self.tech.id,
            }
        )
        data = self._status(self.order)
        self.assertEqual(data["result"]["status"], "on_the_way")
        # logged out, with the token
        self.logout()
        self.assertEqual(
            self._status(self.order, self.token)["result"]["status"], "on_the_way"
        )
        self.assertEqual(self._status(self.order, "wrong")["error"]["code"], 404)
        self.assertEqual(self._status(self.order)["error"]["code"], 404)

    def test_pages_phone_layout_labels_and_upload_check(self):
        self.authenticate("sp_portal", "sp_portal")
        page = self.url_open("/my/service/orders").text
        self.assertIn("o_service_portal_cards", page)
        page = self.url_open("/my/service/request").text
        for index in (1, 2, 3):
            self.assertIn(f'for="window_start_{index}"', page)
        self.assertIn("Window 1", page)
        self.assertIn(">From</label>", page)
        self.assertIn(">Until</label>", page)
        self.assertRegex(page, r'min="\d{4}-\d\d-\d\dT00:00"')
        self.assertIn('data-max-mb="1"', page)
        self.assertIn("o_service_portal_msg_size", page)
        page = self.url_open(f"/my/service/orders/{self.order.id}").text
        self.assertIn(
            f'data-status-url="/my/service/orders/{self.order.id}/status"', page
        )

    def test_oversized_body_goes_back_to_the_form(self):
        self.authenticate("sp_portal", "sp_portal")
        page = self.url_open("/my/service/request").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            "/my/service/request",
            data={"csrf_token": token, "description": "Big photo"},
            files={"photos": ("big.png", b"\x89PNG" + b"0" * (11 * 1024 * 1024))},
            allow_redirects=False,
        )
        # with this werkzeug the file reaches the controller (its size check
        # answers, the form kept); where Odoo's part limit refuses it first,
        # ir.http sends the customer back to the form with the message below
        if response.status_code == 303:
            self.assertIn("?too_large=1", response.headers["Location"])
        else:
            self.assertEqual(response.status_code, 200)
            self.assertIn("larger than 1 MB", response.text)
            self.assertIn("Big photo", response.text)
        page = self.url_open("/my/service/request?too_large=1").text
        self.assertIn("too large to be sent", page)
        self.assertIn("at most 1 MB each", page)

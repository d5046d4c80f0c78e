import json
import re
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from odoo.addons.service_portal.models.service_order import ServiceOrder

from .common import PNG, SVG, setup_portal_data


def csrf_token_of(case, url="/my"):
    """The CSRF token of the session, read from a page as a browser would."""
    page = case.url_open(url).text
    match = re.search(r'name="csrf_token" value="([^"]+)"', page) or re.search(
        r'csrf_token: "([^"]+)"', page
    )
    return match.group(1)


@tagged("post_install", "-at_install")
class TestPortalAccess(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        cls.token = cls.order._portal_ensure_token()
        cls.token_2 = cls.order_2._portal_ensure_token()
        Order = cls.env["service.order"]
        cls.request_order, _errors = Order.with_user(
            cls.portal_user
        )._portal_submit_request(
            {"site_id": str(cls.site.id), "description": "Leaking tap"},
            [("tap.png", PNG)],
        )
        cls.request_order = cls.request_order.sudo()
        cls.photo = cls.request_order.portal_photo_ids
        cls.request_2, _errors = Order.with_user(
            cls.portal_user_2
        )._portal_submit_request(
            {"site_id": str(cls.site_other.id), "description": "Rival secret"},
            [("secret.png", PNG)],
        )
        cls.request_2 = cls.request_2.sudo()
        cls.photo_2 = cls.request_2.portal_photo_ids

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def csrf_token(self):
        return csrf_token_of(self)

    def test_list_shows_only_own_orders(self):
        self.authenticate("sp_portal", "sp_portal")
        response = self._get("/my/service/orders")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order.name, response.text)
        self.assertIn(self.request_order.name, response.text)
        self.assertNotIn(self.order_2.name, response.text)
        self.assertNotIn(self.request_2.name, response.text)
        # the technician's first name only
        self.assertIn("Marie-Claire", response.text)
        self.assertNotIn("Dupont", response.text)
        # filters and sort keep to his orders; odd values fall back
        for query in (
            "filterby=planned&sortby=visit",
            "filterby=x&sortby=y",
            "page=999",
        ):
            with self.subTest(query=query):
                response = self._get(f"/my/service/orders?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(self.order_2.name, response.text)
        response = self._get("/my/service/orders?filterby=done")
        self.assertNotIn(self.order.name, response.text)

    def test_home_counter(self):
        self.authenticate("sp_portal", "sp_portal")
        response = self._get("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/service/orders", response.text)
        response = self.url_open(
            "/my/counters",
            data=json.dumps({"params": {"counters": ["service_order_count"]}}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["service_order_count"], 2)

    def test_detail_of_own_order(self):
        self.authenticate("sp_portal", "sp_portal")
        response = self._get(f"/my/service/orders/{self.order.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order.name, response.text)
        self.assertIn("Scheduled", response.text)
        self.assertIn("Marie-Claire", response.text)
        self.assertIn(self.order.portal_window_display, response.text)
        self.assertIn("o_portal_chatter", response.text)
        self.assertIn("Ask to reschedule", response.text)
        # no report addon: no link
        self.assertNotIn("o_service_portal_report", response.text)

    def test_other_customers_order_by_id_and_by_token(self):
        self.authenticate("sp_portal", "sp_portal")
        urls = [
            f"/my/service/orders/{self.order_2.id}",
            f"/my/service/orders/{self.order_2.id}?access_token={self.token}",
            f"/my/service/orders/{self.order_2.id}?access_token=wrong-token",
            f"/my/service/orders/{self.order_2.id}?access_token=",
            f"/my/service/orders/{self.request_2.id}/attachment/{self.photo_2.id}",
            # his own order with another order's attachment
            f"/my/service/orders/{self.request_order.id}/attachment/{self.photo_2.id}",
            f"/my/service/orders/{self.order_2.id}/report",
            "/my/service/orders/999999999",
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self._get(url)
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Rival", response.text)

    def test_token_alone_opens_the_order(self):
        """The link of an email: the order's own token, without a login."""
        response = self._get(
            f"/my/service/orders/{self.order_2.id}?access_token={self.token_2}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order_2.name, response.text)
        for token in (self.token, "x", "' OR 1=1 --", "a" * 5000):
            with self.subTest(token=token[:20]):
                response = self._get(
                    f"/my/service/orders/{self.order_2.id}?access_token={token}"
                )
                self.assertEqual(response.status_code, 404)
        # without a login the list asks to log in
        response = self._get("/my/service/orders")
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_own_upload_is_served(self):
        self.authenticate("sp_portal", "sp_portal")
        response = self._get(
            f"/my/service/orders/{self.request_order.id}/attachment/{self.photo.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PNG)

    def test_report_and_documents_hooks(self):
        self.authenticate("sp_portal", "sp_portal")
        response = self._get(f"/my/service/orders/{self.order.id}/report")
        self.assertEqual(response.status_code, 404)
        documents = [{"name": "Quote S00042", "url": "/my/orders/42", "state": "Sent"}]
        with patch.object(
            ServiceOrder, "_get_portal_documents", lambda order: documents
        ):
            response = self._get(f"/my/service/orders/{self.order.id}")
        self.assertIn("Quote S00042", response.text)
        self.assertIn('href="/my/orders/42"', response.text)

    def test_report_link_when_a_report_is_given(self):
        self.order.action_dispatch()
        self.order.action_start()
        self.order.action_complete()
        report = self.env["ir.actions.report"].search(
            [("report_type", "=", "qweb-pdf")], limit=1
        )
        self.authenticate("sp_portal", "sp_portal")
        with (
            patch.object(
                ServiceOrder, "_get_portal_report_action", lambda order: report
            ),
            patch(
                "odoo.addons.service_portal.controllers.portal.ServicePortal._show_report",
                lambda self, **kw: "REPORT of %s" % kw["model"].name,
            ),
        ):
            page = self._get(f"/my/service/orders/{self.order.id}")
            self.assertIn("o_service_portal_report", page.text)
            response = self._get(f"/my/service/orders/{self.order.id}/report")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.text, f"REPORT of {self.order.name}")
            response = self._get(f"/my/service/orders/{self.order_2.id}/report")
            self.assertEqual(response.status_code, 404)

    def test_reschedule_and_rate_over_http(self):
        self.authenticate("sp_portal", "sp_portal")
        start = self.order.date_scheduled_start
        wanted = (start + timedelta(days=3)).strftime("%Y-%m-%dT09:00")
        wanted_end = (start + timedelta(days=3)).strftime("%Y-%m-%dT11:00")
        response = self.url_open(
            f"/my/service/orders/{self.order.id}/reschedule",
            data={
                "csrf_token": self.csrf_token(),
                "window_start": wanted,
                "window_end": wanted_end,
                "note": "After lunch",
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("message=rescheduled", response.headers["Location"])
        self.assertEqual(len(self.order.activity_ids), 1)
        self.assertEqual(self.order.date_scheduled_start, start)
        # the other customer's order: refused, nothing written
        response = self.url_open(
            f"/my/service/orders/{self.order_2.id}/reschedule",
            data={
                "csrf_token": self.csrf_token(),
                "window_start": wanted,
                "window_end": wanted_end,
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.order_2.activity_ids)
        # without the CSRF token: refused
        response = self.url_open(
            f"/my/service/orders/{self.order.id}/rate",
            data={"rating": "5"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.order.action_dispatch()
        self.order.action_start()
        self.order.action_complete()
        response = self.url_open(
            f"/my/service/orders/{self.order.id}/rate",
            data={"csrf_token": self.csrf_token(), "rating": "5", "feedback": "Great"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.order.invalidate_recordset()
        self.assertEqual(self.order.rating_last_value, 5)
        page = self._get(f"/my/service/orders/{self.order.id}?message=rated")
        self.assertIn("Thank you for your rating", page.text)
        self.assertNotIn("Send my rating", page.text)

    def test_request_form_over_http(self):
        self.authenticate("sp_portal", "sp_portal")
        page = self._get("/my/service/request")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Sunny kitchen", page.text)
        self.assertNotIn("Rival", page.text)
        Order = self.env["service.order"]
        count = Order.search_count([])
        # missing site, a script disguised as a photo and an oversized file
        response = self.url_open(
            "/my/service/request",
            data={"csrf_token": self.csrf_token(), "description": "Cold oven"},
            files=[
                ("photos", ("oven.png", SVG, "image/png")),
                ("photos", ("huge.jpg", PNG + b"\x00" * (1024 * 1024), "image/jpeg")),
            ],
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Choose the address of the visit", response.text)
        self.assertIn("oven.png is not a picture", response.text)
        self.assertIn("huge.jpg is larger than 1 MB", response.text)
        # what the customer typed is kept
        self.assertIn("Cold oven", response.text)
        self.assertEqual(Order.search_count([]), count)
        # the other customer's site
        response = self.url_open(
            "/my/service/request",
            data={
                "csrf_token": self.csrf_token(),
                "site_id": str(self.site_other.id),
                "description": "Cold oven",
            },
            allow_redirects=False,
        )
        self.assertIn("This address is not one of yours", response.text)
        self.assertEqual(Order.search_count([]), count)
        # a valid request
        response = self.url_open(
            "/my/service/request",
            data={
                "csrf_token": self.csrf_token(),
                "site_id": str(self.site.id),
                "description": "Cold oven",
            },
            files=[("photos", ("oven.png", PNG, "image/png"))],
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        order = Order.search([("description", "ilike", "Cold oven")])
        self.assertEqual(order.channel, "portal")
        self.assertEqual(order.portal_photo_ids.mapped("name"), ["oven.png"])
        # without the CSRF token: refused, nothing created
        response = self.url_open(
            "/my/service/request",
            data={"site_id": str(self.site.id), "description": "No token"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Order.search([("description", "ilike", "No token")]))


@tagged("post_install", "-at_install")
class TestPortalListQueries(HttpCase):
    """The list page costs the same number of queries for 10 orders as for
    80 (a full page): the display fields are computed in batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)

    def _add_orders(self, count, days):
        start = self.order.date_scheduled_start + timedelta(days=days)
        orders = self.env["service.order"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "site_id": (self.site if i % 2 else self.site_2).id,
                    "order_type_id": self.order_type.id,
                    "technician_id": self.tech.id,
                    "date_scheduled_start": start + timedelta(hours=3 * i),
                    "date_scheduled_end": start + timedelta(hours=3 * i + 2),
                }
                for i in range(count)
            ]
        )
        orders.action_schedule()
        self.env.flush_all()

    def _page_queries(self):
        self.url_open("/my/service/orders")  # warm-up (session, assets)
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        response = self.url_open("/my/service/orders")
        self.assertEqual(response.status_code, 200)
        return self.cr.sql_log_count - before, response.text.count(
            "o_service_portal_row"
        )

    def test_list_queries_do_not_grow_with_the_orders(self):
        self.authenticate("sp_portal", "sp_portal")
        self._add_orders(9, days=30)
        small, rows = self._page_queries()
        self.assertEqual(rows, 10)
        self._add_orders(70, days=60)
        large, rows = self._page_queries()
        self.assertEqual(rows, 80)
        self.assertGreater(small, 5, "the page's queries are counted")
        self.assertLessEqual(large, small + 2)

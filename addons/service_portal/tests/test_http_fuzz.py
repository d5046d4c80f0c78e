"""A seeded HTTP fuzz of the portal's routes with hostile values.

As the portal user of one customer, and without a login: wrong types, huge
and negative ids, the other customer's ids and tokens, odd strings, with and
without the CSRF token. Every answer must be a clean one (200 page, a form
error, a redirect, 400/403/404/405), never a server error, and the other
customer's records must come out untouched.
"""

import logging
import random

from odoo.tests import HttpCase, tagged

from .common import PNG, SVG, setup_portal_data
from .test_portal_access import csrf_token_of

_logger = logging.getLogger(__name__)

SEED = 20261202
CALLS = 160
CLEAN_STATUSES = {200, 301, 302, 303, 400, 403, 404, 405}


@tagged("post_install", "-at_install")
class TestPortalHttpFuzz(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        cls.token_2 = cls.order_2._portal_ensure_token()

    def _snapshot(self):
        self.env.invalidate_all()
        Order = self.env["service.order"].with_context(active_test=False)
        other = Order.search([("partner_id", "=", self.customer_2.id)])
        return {
            "other_orders": sorted(other.ids),
            "other_values": sorted(
                (
                    o.id,
                    o.state,
                    str(o.date_scheduled_start),
                    o.description or "",
                    len(o.activity_ids),
                    len(o.sudo().rating_ids),
                    len(o.message_ids),
                )
                for o in other
            ),
            "own_dates": (
                str(self.order.date_scheduled_start),
                str(self.order.date_scheduled_end),
                self.order.state,
            ),
            "foreign_portal_orders": Order.search_count(
                [
                    ("portal_user_id", "=", self.portal_user.id),
                    ("partner_id", "!=", self.customer.id),
                ]
            ),
        }

    def _values(self, rng):
        ids = [
            0,
            -1,
            1,
            2**31 - 1,
            2**31,
            2**63,
            self.order.id,
            self.order_2.id,
            self.site.id,
            self.site_other.id,
        ]
        strings = [
            "",
            "abc",
            "1e5",
            "[1]",
            "{'a': 1}",
            "<script>alert(1)</script>",
            "'; DROP TABLE service_order; --",
            "x" * 20000,
            "\x00",
            "é" * 300,
            "2030-02-30T10:00",
            "9999-12-31T23:59",
            self.token_2,
        ]
        return ids, strings

    def _one_call(self, rng, csrf):
        ids, strings = self._values(rng)
        pick_id = rng.choice(ids + [str(v) for v in strings[:4]])
        value = lambda: rng.choice(strings + [str(rng.choice(ids))])  # noqa: E731
        kind = rng.choice(
            ["detail", "list", "report", "attachment", "reschedule", "rate", "request"]
        )
        data, files, method = None, None, "GET"
        params = []
        if rng.random() < 0.5:
            params.append(f"access_token={rng.choice(strings)[:200]}")
        if kind == "detail":
            url = f"/my/service/orders/{pick_id}"
        elif kind == "list":
            url = "/my/service/orders"
            params += [f"sortby={value()[:50]}", f"filterby={value()[:50]}"]
        elif kind == "report":
            url = f"/my/service/orders/{pick_id}/report"
        elif kind == "attachment":
            url = f"/my/service/orders/{pick_id}/attachment/{rng.choice(ids)}"
        else:
            method = "POST"
            if kind == "reschedule":
                url = f"/my/service/orders/{pick_id}/reschedule"
                data = {"window_start": value(), "window_end": value(), "note": value()}
            elif kind == "rate":
                url = f"/my/service/orders/{pick_id}/rate"
                data = {"rating": value(), "feedback": value()}
            else:
                url = "/my/service/request"
                data = {
                    "site_id": value(),
                    "unit_id": value(),
                    "description": value(),
                    "window_start_1": value(),
                    "window_end_1": value(),
                }
                if rng.random() < 0.5:
                    files = [
                        (
                            "photos",
                            ("a.png", rng.choice([PNG, SVG, b"", b"MZ"]), "image/png"),
                        )
                    ]
            if rng.random() < 0.8:
                data["csrf_token"] = csrf
        if params:
            url = f"{url}?{'&'.join(params)}"
        if method == "GET":
            response = self.url_open(url, allow_redirects=False)
        else:
            response = self.url_open(url, data=data, files=files, allow_redirects=False)
        return kind, url, response

    def test_fuzz_portal_routes(self):
        rng = random.Random(SEED)
        before = self._snapshot()
        counts = {}
        for persona in ("sp_portal", None):
            if persona:
                self.authenticate(persona, persona)
                csrf = csrf_token_of(self)
            else:
                self.authenticate(None, None)
                csrf = "not-a-token"
            for _i in range(CALLS // 2):
                kind, url, response = self._one_call(rng, csrf)
                counts[response.status_code] = counts.get(response.status_code, 0) + 1
                self.assertIn(
                    response.status_code,
                    CLEAN_STATUSES,
                    f"{kind} {url[:200]} answered {response.status_code}",
                )
                self.assertNotIn("Traceback", response.text[:20000])
                self.assertNotIn("Rival dining room", response.text)
        after = self._snapshot()
        self.assertEqual(after["other_orders"], before["other_orders"])
        self.assertEqual(after["other_values"], before["other_values"])
        self.assertEqual(after["own_dates"], before["own_dates"])
        self.assertEqual(after["foreign_portal_orders"], 0)
        _logger.info(
            "portal HTTP fuzz: %s calls, statuses %s", CALLS, sorted(counts.items())
        )

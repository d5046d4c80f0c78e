import base64
import io

import openpyxl
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.service_report.tests.common_kpi import ReportCase, at

# (technician, customer's stars or None for an order not rated)
ORDERS = [
    ("tech_a", 5),
    ("tech_a", 3),
    ("tech_b", 1),
    ("tech_a", None),
    ("tech_c", None),
]


@tagged("post_install", "-at_install")
class TestKpiRating(ReportCase):
    """Three completed orders rated 5, 3 and 1 by their customers through the
    rating mixin, one completed order not rated."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orders = cls.env["service.order"]
        for day, (tech, stars) in enumerate(ORDERS, start=5):
            order = cls._done_order(
                at(day, 8), at(day, 9), at(day, 11), technician_id=getattr(cls, tech).id
            )
            if stars is not None:
                token = order._rating_get_access_token(order.partner_id)
                order.rating_apply(stars, token=token, feedback="Thanks")
            cls.orders |= order
        cls.techs = cls.tech_a | cls.tech_b | cls.tech_c
        cls.domain = [("technician_id", "in", cls.techs.ids)]
        # the averages, computed here: an unrated order counts for nothing
        cls.expected = {}
        for tech in ("tech_a", "tech_b", "tech_c"):
            stars = [s for t, s in ORDERS if t == tech and s is not None]
            cls.expected[getattr(cls, tech)] = (
                sum(stars) / len(stars) if stars else None
            )

    def test_bridge_installs_by_itself(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "service_report_portal")]
        )
        self.assertTrue(module.auto_install)
        self.assertEqual(module.state, "installed")

    def test_average_rating_per_technician(self):
        self.assertEqual(self.orders.mapped("rating_last_value"), [5, 3, 1, 0, 0])
        Kpi = self.env["service.report.kpi"].with_user(self.dispatcher)
        groups = Kpi._read_group(self.domain, ["technician_id"], ["rating:avg"])
        self.assertEqual(len(groups), 3)
        for tech, rating in groups:
            if self.expected[tech] is None:
                self.assertFalse(rating)  # no rating, not a 0 rating
            else:
                self.assertAlmostEqual(rating, self.expected[tech])
        unrated = Kpi.search([("order_id", "=", self.orders[3].id)])
        self.assertFalse(unrated.rating)
        summary = Kpi._get_kpi_summary(self.domain)
        self.assertAlmostEqual(summary["rating"], (5 + 3 + 1) / 3)

    def test_rating_is_a_visible_measure(self):
        Kpi = self.env["service.report.kpi"].with_user(self.dispatcher)
        for view_type in ("pivot", "graph", "list"):
            with self.subTest(view=view_type):
                arch = etree.fromstring(Kpi.get_view(view_type=view_type)["arch"])
                [field] = arch.xpath("//field[@name='rating']")
                self.assertFalse(field.get("invisible"))
                if view_type == "pivot":
                    self.assertEqual(field.get("type"), "measure")

    def test_workbook_avg_rating(self):
        wizard = (
            self.env["service.report.workbook.wizard"]
            .with_user(self.dispatcher)
            .create(
                {
                    "date_from": at(1).date(),
                    "date_to": at(20).date(),
                    "technician_ids": [(6, 0, self.techs.ids)],
                }
            )
        )
        wizard.action_export()
        raw = base64.b64decode(wizard.attachment_id.sudo().datas)
        book = openpyxl.load_workbook(io.BytesIO(raw))
        rows = list(book["By Technician"].iter_rows(values_only=True))
        col = rows[0].index("Avg. rating")
        by_tech = {row[0]: row[col] for row in rows[1:-1]}
        self.assertAlmostEqual(by_tech["Alice Tech"], self.expected[self.tech_a])
        self.assertAlmostEqual(by_tech["Bob Tech"], self.expected[self.tech_b])
        # a group without a rating: an empty cell, not 0
        self.assertIsNone(by_tech["Carl Crew"])
        self.assertEqual(rows[-1][0], "Total")
        self.assertAlmostEqual(rows[-1][col], 3.0)
        for name in ("By Order Type", "By Site"):
            header = next(book[name].iter_rows(values_only=True))
            self.assertEqual(header[-1], "Avg. rating")

    def test_technician_sees_no_kpi(self):
        Kpi = self.env["service.report.kpi"].with_user(self.tech_user_a)
        with self.assertRaises(AccessError):
            Kpi.search_read(self.domain, ["rating"])
        with self.assertRaises(AccessError):
            Kpi._read_group(self.domain, ["technician_id"], ["rating:avg"])

from odoo.tests import HttpCase, tagged

from odoo.addons.service_portal.tests.common import complete, setup_portal_data


@tagged("post_install", "-at_install")
class TestPortalReport(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        complete(cls.order)
        cls.order.signed_by = "Paula Portal"
        cls.token = cls.order._portal_ensure_token()

    def _report(self, order, query=""):
        return self.url_open(
            f"/my/service/orders/{order.id}/report{query}", allow_redirects=False
        )

    def test_customer_downloads_his_signed_report(self):
        self.authenticate("sp_portal", "sp_portal")
        page = self.url_open(f"/my/service/orders/{self.order.id}").text
        self.assertIn("o_service_portal_report", page)
        response = self._report(self.order)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        # under tests Odoo renders the report's HTML instead of calling
        # wkhtmltopdf (service_report's own tests check the PDF itself)
        self.assertTrue(
            response.content.startswith(b"%PDF")
            or self.order.name.encode() in response.content
        )
        self.assertIn(b"o_service_report", response.content)
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))

    def test_other_customer_gets_404(self):
        self.authenticate("sp_portal_2", "sp_portal_2")
        self.assertEqual(self._report(self.order).status_code, 404)

    def test_token_and_open_orders(self):
        self.assertEqual(
            self._report(self.order, f"?access_token={self.token}").status_code, 200
        )
        self.assertEqual(self._report(self.order, "?access_token=x").status_code, 404)
        # an order not done yet has no report
        self.authenticate("sp_portal_2", "sp_portal_2")
        self.assertEqual(self._report(self.order_2).status_code, 404)

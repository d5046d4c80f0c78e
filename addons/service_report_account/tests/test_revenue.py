from odoo.tests import tagged

from odoo.addons.service_account.tests.common import ServiceAccountCase


@tagged("post_install", "-at_install")
class TestKpiRevenue(ServiceAccountCase):
    def _kpi(self, order):
        self.env.flush_all()
        self.env["service.report.kpi"].invalidate_model()
        return self.env["service.report.kpi"].search([("order_id", "=", order.id)])

    def test_revenue_from_invoice_lines(self):
        order = self._done_order([(self.code_diag, 1), (self.part, 2)])
        self.assertFalse(self._kpi(order).revenue)
        order.action_create_invoice()
        # 89 + 2 x 32, untaxed
        self.assertAlmostEqual(self._kpi(order).revenue, 153.0)
        order.invoice_ids.button_cancel()
        self.assertFalse(self._kpi(order).revenue)

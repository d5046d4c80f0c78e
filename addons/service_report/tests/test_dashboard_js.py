from odoo.tests import HttpCase, no_retry, tagged

from odoo.addons.service_order.tests.hoot import run_hoot_suite


@tagged("post_install", "-at_install")
class TestServiceReportHoot(HttpCase):
    """The Hoot unit tests of the dashboard and the map (static/tests/unit):
    the tiles, the bus reload, the markers drawn without a tile server."""

    @no_retry
    def test_dashboard_and_map_js_units_hoot(self):
        run_hoot_suite(self, "service_report")

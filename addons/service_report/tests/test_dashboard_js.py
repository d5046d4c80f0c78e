from odoo.tests import HttpCase, no_retry, tagged


def _hoot_hash(name):
    """Hoot's id of a suite (as in Odoo's web/tests/test_js.py)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


@tagged("post_install", "-at_install")
class TestServiceReportHoot(HttpCase):
    """The Hoot unit tests of the dashboard and the map (static/tests/unit):
    the tiles, the bus reload, the markers drawn without a tile server."""

    @no_retry
    def test_dashboard_and_map_js_units_hoot(self):
        suite = _hoot_hash("@service_report")
        self.browser_js(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000"
            f"&suite={suite}",
            "",
            "",
            login="admin",
            timeout=900,
            success_signal="[HOOT] test suite succeeded",
            error_checker=lambda message: "[HOOT]" not in message,
        )

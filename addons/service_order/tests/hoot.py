"""Running an addon's Hoot unit tests (static/tests/unit) from an HttpCase."""


def hoot_hash(name):
    """Hoot's id of a suite (as in Odoo's web/tests/test_js.py)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


def run_hoot_suite(case, module, timeout=900):
    """Run the Hoot suite ``@<module>`` headless as admin in ``case`` (an
    HttpCase); fails on the first failed Hoot test."""
    case.browser_js(
        "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000"
        f"&suite={hoot_hash('@' + module)}",
        "",
        "",
        login="admin",
        timeout=timeout,
        success_signal="[HOOT] test suite succeeded",
        error_checker=lambda message: "[HOOT]" not in message,
    )

from odoo.tests import tagged

from odoo.addons.service_pm.tests import test_rpc


@tagged("post_install", "-at_install")
class TestContractPublicMethodsOverRpc(test_rpc.TestPublicMethodsOverRpc):
    """The public methods of contracts and of plans (contract plans among
    them), over real XML-RPC and JSON-RPC: a valid result or a clean Odoo
    error, never a raw Python error."""

    METHODS = {
        "service.contract": [
            "action_activate",
            "action_cancel",
            "action_set_draft",
            "action_renew",
            "action_view_orders",
            "action_view_breaches",
            "action_view_invoices",
            "action_view_renewal",
        ],
        "service.pm.plan": [
            "action_generate_now",
            "action_view_orders",
            "action_open_forecast",
        ],
    }
    USERS = {
        "service.contract": ("admin", "dispatcher", "technician"),
        "service.pm.plan": ("dispatcher", "technician"),
    }

import xmlrpc.client

from odoo.tests import HttpCase, get_db_name, tagged
from odoo.tests.common import JsonRpcException

# XML-RPC fault codes of clean Odoo errors (odoo/addons/base/controllers/rpc.py)
CLEAN_FAULTS = {2: "warning", 3: "access denied", 4: "access error"}


@tagged("post_install", "-at_install")
class TestPublicMethodsOverRpc(HttpCase):
    """Every public method of the two addons' models, over real XML-RPC and
    JSON-RPC, called on [] / one / several ids and on ids in hostile shapes,
    by the people who might call it: a valid (marshallable) result or a clean
    Odoo error, never a raw Python error."""

    METHODS = {
        "maintenance.equipment": ["action_view_service_orders", "action_view_pm_plans"],
        "service.pm.plan": [
            "action_generate_now",
            "action_view_orders",
            "action_open_forecast",
        ],
    }
    USERS = {
        "maintenance.equipment": ("dispatcher", "technician"),
        "service.pm.plan": ("dispatcher", "technician"),
    }

    def _id_shapes(self, model):
        ids = self.env[model].search([], limit=2, order="id").ids
        self.assertEqual(len(ids), 2, f"demo data has {model} records")
        return [
            [],
            ids[:1],
            ids,
            [str(ids[0])],
            ["abc"],
            [[ids[0]]],
            [-1],
            [2**31 - 1],
            [999_999_999],
            [True],
        ]

    def _uid(self, login):
        return self.env["res.users"].search([("login", "=", login)]).id

    def _raw_errors(self, args):
        """The raw (non-Odoo) errors of one call over each protocol."""
        errors = []
        try:
            self.xmlrpc_object.execute_kw(*args)
        except xmlrpc.client.Fault as fault:
            if fault.faultCode not in CLEAN_FAULTS:
                last_line = fault.faultString.strip().splitlines()[-1]
                errors.append(("xmlrpc", args[2:], last_line))
        try:
            self.make_jsonrpc_request(
                "/jsonrpc",
                {"service": "object", "method": "execute_kw", "args": args},
            )
        except JsonRpcException as error:
            if not str(error).startswith("odoo.exceptions."):
                errors.append(("jsonrpc", args[2:], str(error)))
        return errors

    def test_public_methods_over_xmlrpc_and_jsonrpc(self):
        db = get_db_name()
        raw = []
        calls = 0
        for model, methods in self.METHODS.items():
            shapes = self._id_shapes(model)
            for login in self.USERS[model]:
                uid = self._uid(login)
                for method in methods:
                    for ids in shapes:
                        calls += 2
                        raw += self._raw_errors([db, uid, login, model, method, [ids]])
        self.assertGreater(calls, 150)
        self.assertFalse(
            raw, "raw errors:\n" + "\n".join(str(item)[:300] for item in raw[:10])
        )

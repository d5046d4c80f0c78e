from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.service_order.tests.common import (
    DISPATCHER_GROUP,
    MANAGER_GROUP,
    TECH_GROUP,
)

MODULES = ("service_asset", "service_pm")
PERSONAS = {
    "portal": "base.group_portal",
    "internal": "base.group_user",
    "technician": TECH_GROUP,
    "dispatcher": DISPATCHER_GROUP,
    "manager": MANAGER_GROUP,
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
# what each persona may do on each model of the two addons (model level;
# the record rules narrow it: technicians to their orders' units, everyone
# to his companies). A model of these addons missing here fails the test.
ACCESS = {
    "service.asset.meter": {
        "technician": "r",
        "dispatcher": "rwc",
        "manager": "rwcu",
    },
    "service.asset.meter.reading": {
        "technician": "rwc",
        "dispatcher": "rwcu",
        "manager": "rwcu",
    },
    "service.pm.plan": {"technician": "r", "dispatcher": "r", "manager": "rwcu"},
    "service.pm.forecast": {"dispatcher": "rwcu", "manager": "rwcu"},
    # extended: Odoo lets every internal user read the equipment (its own
    # rule then shows him the units he follows)
    "maintenance.equipment": {
        "internal": "r",
        "technician": "r",
        "dispatcher": "rwc",
        "manager": "rwcu",
    },
}


@tagged("post_install", "-at_install")
class TestAccessTable(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            name: new_test_user(cls.env, f"table_{name}", groups=group)
            for name, group in PERSONAS.items()
        }

    def _own_models(self):
        """The models these addons define (not the ones they extend)."""
        return {
            name
            for name, model in self.env.registry.items()
            if model._original_module in MODULES
        }

    def test_the_table_names_every_model(self):
        own = self._own_models()
        self.assertIn("service.asset.meter.reading", own)
        self.assertIn("service.pm.forecast", own)
        self.assertLessEqual(own, set(ACCESS))

    def test_access_per_persona(self):
        for model, rights in ACCESS.items():
            for persona, user in self.users.items():
                allowed = rights.get(persona, "")
                for letter, operation in OPERATIONS.items():
                    with self.subTest(model=model, persona=persona, op=operation):
                        self.assertEqual(
                            self.env[model].with_user(user).has_access(operation),
                            letter in allowed,
                        )

    def test_every_model_with_a_company_has_a_multi_company_rule(self):
        Rule = self.env["ir.rule"]
        for model in sorted(self._own_models()):
            if "company_id" not in self.env[model]._fields:
                continue
            with self.subTest(model=model):
                rules = Rule.search(
                    [("model_id.model", "=", model), ("global", "=", True)]
                )
                self.assertTrue(
                    any("company_ids" in rule.domain_force for rule in rules),
                    f"{model} has no global multi-company rule",
                )

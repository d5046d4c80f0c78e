import re

from lxml import etree

from odoo.tests import TransactionCase, tagged

SUITE_MODULES = ("service_asset", "service_contract", "service_pm")
# record.<field> in a kanban template: the field must be declared in the arch
RECORD_FIELD = re.compile(r"\brecord\.(\w+)")


@tagged("post_install", "-at_install")
class TestViewArchs(TransactionCase):
    """Every view these addons define or extend, as each group sees it: the
    kanban cards read only declared fields (Odoo 18 crashes in the browser,
    "Oops", on record.X of an undeclared field)."""

    def _suite_views(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", SUITE_MODULES), ("model", "=", "ir.ui.view")]
        )
        views = self.env["ir.ui.view"].browse(data.mapped("res_id"))
        # an extension is checked in the view it extends
        return views | views.inherit_id

    def test_kanban_templates_read_declared_fields_only(self):
        kanbans = self._suite_views().filtered(
            lambda view: view.type == "kanban" and not view.inherit_id
        )
        self.assertTrue(kanbans)
        users = [
            self.env.ref("base.user_admin"),
            self.env.ref("service_order.user_dispatcher"),
            self.env.ref("service_order.user_technician"),
        ]
        for view in kanbans:
            for user in users:
                model = self.env[view.model].with_user(user)
                if not model.has_access("read"):
                    continue
                arch = model.get_views([(view.id, "kanban")])["views"]["kanban"]["arch"]
                root = etree.fromstring(arch)
                declared = {node.get("name") for node in root.iter("field")}
                used = {
                    name
                    for node in root.iter()
                    for value in node.attrib.values()
                    for name in RECORD_FIELD.findall(value)
                } - {"id"}
                with self.subTest(view=view.xml_id or view.name, user=user.login):
                    self.assertFalse(
                        used - declared,
                        f"{view.model} kanban reads undeclared fields",
                    )

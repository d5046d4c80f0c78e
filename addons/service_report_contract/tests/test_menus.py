from odoo.tests import tagged

from odoo.addons.service_order.tests.common import ServiceOrderCase

CONTRACT_MENUS = (
    "service_contract.menu_service_report_contract_performance",
    "service_contract.menu_service_report_contract_sla",
)


@tagged("post_install", "-at_install")
class TestReportingMenus(ServiceOrderCase):
    def _visible(self, user):
        return self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()

    def test_bridge_installs_by_itself(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "service_report_contract")]
        )
        self.assertTrue(module.auto_install)
        self.assertEqual(module.state, "installed")

    def test_contract_analyses_in_the_reporting_menu(self):
        root = self.env.ref("service_report.menu_service_report_root")
        visible = self._visible(self.dispatcher)
        for xmlid in CONTRACT_MENUS:
            with self.subTest(menu=xmlid):
                menu = self.env.ref(xmlid)
                self.assertEqual(menu.parent_id, root)
                self.assertIn(menu.id, visible)
                self.assertNotIn(menu.id, self._visible(self.tech_user_a))

    def test_one_reporting_menu_without_duplicates(self):
        app = self.env.ref("service_order.menu_service_root")
        Menu = self.env["ir.ui.menu"].with_user(self.dispatcher)
        visible = self._visible(self.dispatcher)
        tops = Menu.search([("parent_id", "=", app.id), ("id", "in", list(visible))])
        names = tops.mapped("name")
        self.assertEqual(names.count("Reporting"), 1)
        self.assertEqual(len(names), len(set(names)))
        reports = Menu.search(
            [
                (
                    "parent_id",
                    "=",
                    self.env.ref("service_report.menu_service_report_root").id,
                ),
                ("id", "in", list(visible)),
            ]
        )
        report_names = reports.mapped("name")
        self.assertEqual(len(report_names), len(set(report_names)))
        self.assertIn("Contract Performance", report_names)
        sequences = reports.mapped("sequence")
        self.assertEqual(len(sequences), len(set(sequences)))

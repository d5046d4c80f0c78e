"""The board's Auto-dispatch button: the board data name the wizard's action
once this addon is installed (the board shows the button only then)."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.service_dispatch.tests.common import DispatchCase


@tagged("post_install", "-at_install")
class TestBoardAutoDispatchAction(DispatchCase):
    def test_board_data_name_the_wizard_action(self):
        data = (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .get_dispatch_board_data("2026-01-13 00:00:00", "2026-01-14 00:00:00")
        )
        xmlid = data["auto_dispatch_action"]
        self.assertEqual(
            xmlid, "service_dispatch_optimizer.service_dispatch_plan_wizard_action"
        )
        # the action the board opens: the wizard, for dispatchers
        action = self.env.ref(xmlid)
        self.assertEqual(action.res_model, "service.dispatch.plan.wizard")
        self.assertEqual(action.target, "new")
        # the board's other keys are still there
        self.assertLessEqual(
            {"technicians", "blocks", "unassigned", "unassigned_count"}, set(data)
        )

    def test_technician_gets_no_board_data(self):
        with self.assertRaises(AccessError):
            self.env["service.order"].with_user(
                self.tech_user_a
            ).get_dispatch_board_data("2026-01-13 00:00:00", "2026-01-14 00:00:00")

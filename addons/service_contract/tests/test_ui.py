from odoo.tests import HttpCase, tagged

from odoo.addons.service_asset.tests.browser import (
    FORM,
    GRAPH,
    KANBAN_CARD,
    LIST,
    LIST_ROW,
    PIVOT,
    BrowserViewsMixin,
)


@tagged("post_install", "-at_install")
class TestContractViews(BrowserViewsMixin, HttpCase):
    """The Contracts menu (its kanban crashed: a field of the card was not
    declared), the reports and the inherited order and invoice forms open
    without a client error."""

    def _steps(self):
        contract = self.env.ref("service_contract.contract_atrium_full")
        order = self.env["service.order"].search(
            [("contract_id", "!=", False)], limit=1
        )
        steps = [
            ["service_contract.service_contract_action", "kanban", KANBAN_CARD, 0],
            ["service_contract.service_contract_action", "list", LIST_ROW, 0],
            ["service_contract.service_contract_action", "form", FORM, contract.id],
            ["service_contract.service_contract_action_performance", "list", LIST, 0],
            ["service_contract.service_order_action_contract_sla", "pivot", PIVOT, 0],
            ["service_contract.service_order_action_contract_sla", "graph", GRAPH, 0],
            ["service_contract.service_order_action_contract_sla", "list", LIST, 0],
        ]
        if order:
            steps.append(["service_order.service_order_action", "form", FORM, order.id])
        return steps

    def test_views_as_admin(self):
        self._check_views(
            "admin",
            [
                *self._steps(),
                # the invoice form with the contract's fields
                ["account.action_move_out_invoice_type", "form", FORM, 0],
            ],
        )

    def test_views_as_dispatcher(self):
        self._check_views("dispatcher", self._steps())

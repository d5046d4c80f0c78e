from odoo.tests import HttpCase, tagged

from .browser import FORM, KANBAN_CARD, LIST, LIST_ROW, BrowserViewsMixin


@tagged("post_install", "-at_install")
class TestAssetViews(BrowserViewsMixin, HttpCase):
    """Every screen of the addon opens without a client error, for the people
    who use it: Customer Equipment (its kanban crashed: a field of the card was
    not declared), Odoo's own Maintenance > Equipment (inherited card), the
    unit form, the readings and the order form with its units."""

    def _steps(self):
        unit = self.env.ref("service_asset.equipment_atrium_rtu1")
        order = self.env["service.order"].search(
            [("equipment_ids", "in", unit.ids)], limit=1
        )
        steps = [
            ["service_asset.service_asset_equipment_action", "kanban", KANBAN_CARD, 0],
            ["service_asset.service_asset_equipment_action", "list", LIST_ROW, 0],
            ["service_asset.service_asset_equipment_action", "form", FORM, unit.id],
            ["maintenance.hr_equipment_action", "kanban", KANBAN_CARD, 0],
            ["maintenance.hr_equipment_action", "list", LIST_ROW, 0],
            ["service_asset.service_asset_meter_reading_action", "list", LIST, 0],
        ]
        if order:
            steps.append(["service_order.service_order_action", "form", FORM, order.id])
        return steps

    def test_views_as_admin(self):
        self._check_views("admin", self._steps())

    def test_views_as_dispatcher(self):
        self._check_views("dispatcher", self._steps())

    def test_views_as_technician(self):
        # a technician sees the units of his own orders only
        tech = self.env.ref("service_order.user_technician")
        unit = (
            self.env["maintenance.equipment"]
            .with_user(tech)
            .search([("partner_id", "!=", False)], limit=1)
        )
        self.assertTrue(unit, "the demo technician has units on his orders")
        self._check_views(
            "technician",
            [
                [
                    "service_asset.service_asset_equipment_action",
                    "kanban",
                    KANBAN_CARD,
                    0,
                ],
                ["service_asset.service_asset_equipment_action", "list", LIST_ROW, 0],
                ["service_asset.service_asset_equipment_action", "form", FORM, unit.id],
            ],
        )

from odoo.tests import HttpCase, tagged

from odoo.addons.service_asset.tests.browser import (
    CALENDAR,
    FORM,
    KANBAN,
    LIST,
    LIST_ROW,
    BrowserViewsMixin,
)


@tagged("post_install", "-at_install")
class TestPmViews(BrowserViewsMixin, HttpCase):
    """The Preventive Maintenance menus (plans, PM orders in every view, the
    calendar, the forecast) and the unit form with its PM button open without
    a client error."""

    def _steps(self, forecast=True):
        plan = self.env.ref("service_pm.pm_plan_atrium_rtu1_quarterly")
        steps = [
            ["service_pm.service_pm_plan_action", "list", LIST_ROW, 0],
            ["service_pm.service_pm_plan_action", "form", FORM, plan.id],
            ["service_pm.service_order_action_pm", "list", LIST, 0],
            ["service_pm.service_order_action_pm", "calendar", CALENDAR, 0],
            ["service_pm.service_order_action_pm", "kanban", KANBAN, 0],
            ["service_pm.service_order_action_pm_calendar", "calendar", CALENDAR, 0],
        ]
        if forecast:
            steps += [
                ["service_pm.service_pm_plan_action_forecast", "list", LIST, 0],
                ["service_pm.service_pm_plan_action_forecast", "calendar", CALENDAR, 0],
                [
                    "service_asset.service_asset_equipment_action",
                    "form",
                    FORM,
                    plan.equipment_id.id,
                ],
            ]
        return steps

    def test_views_as_admin(self):
        self._check_views("admin", self._steps())

    def test_views_as_dispatcher(self):
        self._check_views("dispatcher", self._steps())

    def test_views_as_technician(self):
        tech = self.env.ref("service_order.user_technician")
        plans = self.env["service.pm.plan"].with_user(tech).search([])
        plan_steps = []
        if plans:
            plan_steps = [
                ["service_pm.service_pm_plan_action", "list", LIST_ROW, 0],
                ["service_pm.service_pm_plan_action", "form", FORM, plans[0].id],
            ]
        self._check_views(
            "technician",
            [
                *plan_steps,
                ["service_pm.service_order_action_pm", "list", LIST, 0],
                ["service_pm.service_order_action_pm", "calendar", CALENDAR, 0],
                [
                    "service_pm.service_order_action_pm_calendar",
                    "calendar",
                    CALENDAR,
                    0,
                ],
            ],
        )

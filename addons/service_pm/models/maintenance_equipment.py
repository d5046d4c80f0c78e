from odoo import fields, models

from odoo.addons.service_order.tools.record_guard import ensure_one_record


class MaintenanceEquipment(models.Model):
    _inherit = "maintenance.equipment"

    pm_plan_ids = fields.One2many("service.pm.plan", "equipment_id", string="PM Plans")
    pm_plan_count = fields.Integer(compute="_compute_pm_plan_count")

    def _compute_pm_plan_count(self):
        data = self.env["service.pm.plan"]._read_group(
            [("equipment_id", "in", self.ids)], ["equipment_id"], ["__count"]
        )
        counts = {unit.id: count for unit, count in data}
        for unit in self:
            unit.pm_plan_count = counts.get(unit.id, 0)

    def action_view_pm_plans(self):
        ensure_one_record(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_pm.service_pm_plan_action"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_company_id": self.company_id.id or self.env.company.id,
        }
        return action

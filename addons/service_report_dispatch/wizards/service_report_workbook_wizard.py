from odoo import _, fields, models


class ServiceReportWorkbookWizard(models.TransientModel):
    _inherit = "service.report.workbook.wizard"

    team_ids = fields.Many2many("service.team", string="Teams")

    def _get_kpi_domain(self):
        domain = super()._get_kpi_domain()
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        return domain

    def _get_day_domain(self):
        domain = super()._get_day_domain()
        if self.team_ids:
            domain.append(("employee_id.service_team_ids", "in", self.team_ids.ids))
        return domain

    def _get_order_sheets(self):
        return super()._get_order_sheets() + [(_("By Team"), "team_id")]

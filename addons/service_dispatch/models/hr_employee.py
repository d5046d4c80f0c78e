from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    service_team_ids = fields.Many2many(
        "service.team",
        "service_team_employee_rel",
        "employee_id",
        "team_id",
        string="Service Teams",
        check_company=True,
    )
    service_territory_ids = fields.Many2many(
        "service.territory",
        "service_territory_employee_rel",
        "employee_id",
        "territory_id",
        string="Service Territories",
        check_company=True,
    )

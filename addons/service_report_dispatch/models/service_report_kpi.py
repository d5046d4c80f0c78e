from odoo import api, fields, models
from odoo.tools import SQL


class ServiceReportKpi(models.Model):
    _inherit = "service.report.kpi"

    team_id = fields.Many2one(
        "service.team",
        readonly=True,
        help="The lead technician's team (the first one, when he is in several).",
    )

    @api.model
    def _select_extra(self):
        return super()._select_extra() + [
            SQL(
                """(
                    SELECT r.team_id
                      FROM service_team_employee_rel r
                      JOIN service_team t ON t.id = r.team_id
                     WHERE r.employee_id = o.technician_id AND t.active
                     ORDER BY t.sequence, t.name, t.id
                     LIMIT 1
                ) AS team_id"""
            )
        ]

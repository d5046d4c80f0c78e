from odoo import fields, models


class HrEmployeePublic(models.Model):
    """The board and the suggestions read technicians through the public
    view (dispatchers are not HR officers): it must carry teams and
    territories (same relation tables as ``hr.employee``)."""

    _inherit = "hr.employee.public"

    service_team_ids = fields.Many2many(
        "service.team",
        "service_team_employee_rel",
        "employee_id",
        "team_id",
        readonly=True,
    )
    service_territory_ids = fields.Many2many(
        "service.territory",
        "service_territory_employee_rel",
        "employee_id",
        "territory_id",
        readonly=True,
    )

from odoo import fields, models


class ServiceOrderType(models.Model):
    _inherit = "service.order.type"

    project_id = fields.Many2one(
        "project.project",
        string="Timesheet Project",
        domain="[('allow_timesheets', '=', True)]",
        help="Timesheets of this type's orders go to this project; empty: the "
        "company's default service project.",
    )

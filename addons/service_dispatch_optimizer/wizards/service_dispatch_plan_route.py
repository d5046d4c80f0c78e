from odoo import fields, models


class ServiceDispatchPlanRoute(models.TransientModel):
    _name = "service.dispatch.plan.route"
    _inherit = ["service.dispatch.plan.guarded"]
    _description = "Auto-Dispatch: Technician Day"
    _order = "date, technician_id"

    technician_id = fields.Many2one("hr.employee", required=True, readonly=True)
    date = fields.Date(string="Day", readonly=True)
    date_departure = fields.Datetime(string="Leaves", readonly=True)
    date_return = fields.Datetime(string="Back", readonly=True)
    stop_count = fields.Integer(string="Stops", readonly=True)
    new_count = fields.Integer(string="New Stops", readonly=True)
    drive_minutes = fields.Float(string="Drive (min)", readonly=True)
    idle_minutes = fields.Float(string="Idle (min)", readonly=True)
    work_minutes = fields.Float(string="Work (min)", readonly=True)
    line_ids = fields.One2many(
        "service.dispatch.plan.line", "route_id", string="Route Stops"
    )

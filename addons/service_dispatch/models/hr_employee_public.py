from odoo import fields, models


class HrEmployeePublic(models.Model):
    """The board and the suggestions read technicians through the public
    view (dispatchers are not HR officers): it must carry teams and
    territories (same relation tables as ``hr.employee``)."""

    _inherit = "hr.employee.public"

    # where a technician's day starts is his home address in most cases:
    # private to dispatchers (the board and the planning read it), not to
    # every colleague. The board and the suggestions check the dispatcher
    # group before they read it.
    home_latitude = fields.Float(groups="service_order.group_service_dispatcher")
    home_longitude = fields.Float(groups="service_order.group_service_dispatcher")

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

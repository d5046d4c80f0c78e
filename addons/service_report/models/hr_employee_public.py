from odoo import fields, models


class HrEmployeePublic(models.Model):
    """Dispatchers see employees through this public view: it carries the
    last known position (for dispatchers only, as on hr.employee)."""

    _inherit = "hr.employee.public"

    last_latitude = fields.Float(
        readonly=True, digits=(10, 7), groups="service_order.group_service_dispatcher"
    )
    last_longitude = fields.Float(
        readonly=True, digits=(10, 7), groups="service_order.group_service_dispatcher"
    )
    last_position_date = fields.Datetime(
        readonly=True, groups="service_order.group_service_dispatcher"
    )

from odoo import fields, models


class HrEmployeePublic(models.Model):
    """Dispatchers and technicians are not HR officers: they see employees
    through this public view, which must carry the technician fields."""

    _inherit = "hr.employee.public"

    is_field_technician = fields.Boolean(readonly=True)
    # private: see hr.employee
    home_latitude = fields.Float(
        readonly=True,
        digits=(10, 7),
        groups="service_order.group_service_dispatcher",
    )
    home_longitude = fields.Float(
        readonly=True,
        digits=(10, 7),
        groups="service_order.group_service_dispatcher",
    )

from odoo import fields, models


class HrEmployeePublic(models.Model):
    """Technicians and dispatchers read employees through the public view:
    it carries the van (hr.employee prefetches it for them otherwise, and
    refuses a field the public view lacks)."""

    _inherit = "hr.employee.public"

    van_location_id = fields.Many2one("stock.location", string="Van", readonly=True)

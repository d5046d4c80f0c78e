from odoo import fields, models

from ..tools.input_guard import ensure_one


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    is_field_technician = fields.Boolean(
        string="Field Technician",
        index=True,
        help="Can be assigned to service orders as lead technician or crew.",
    )
    # where a technician's day starts is his home address in most cases:
    # for HR and dispatchers only. On hr.employee too: a non-HR user reads
    # employees through hr.employee.public, and prefetches every field of
    # hr.employee his groups allow, so a field private on the public model
    # only would refuse a technician his own order's crew
    home_latitude = fields.Float(
        string="Home Base Latitude",
        digits=(10, 7),
        groups="hr.group_hr_user,service_order.group_service_dispatcher",
        help="Where the technician's day starts (depot or home).",
    )
    home_longitude = fields.Float(
        string="Home Base Longitude",
        digits=(10, 7),
        groups="hr.group_hr_user,service_order.group_service_dispatcher",
    )
    service_order_ids = fields.One2many(
        "service.order", "technician_id", string="Service Orders (lead)"
    )
    service_order_count = fields.Integer(compute="_compute_service_order_count")

    def _compute_service_order_count(self):
        # one grouped query for the lead role and one for the crew role
        orders = self.env["service.order"]
        lead = dict(
            (employee.id, count)
            for employee, count in orders._read_group(
                [("technician_id", "in", self.ids), ("state", "!=", "cancelled")],
                ["technician_id"],
                ["__count"],
            )
        )
        crew = dict(
            (employee.id, count)
            for employee, count in orders._read_group(
                [("crew_ids", "in", self.ids), ("state", "!=", "cancelled")],
                ["crew_ids"],
                ["__count"],
            )
            if employee.id in self.ids
        )
        for employee in self:
            employee.service_order_count = lead.get(employee.id, 0) + crew.get(
                employee.id, 0
            )

    def action_view_service_orders(self):
        ensure_one(self)
        return self.env["service.order"]._get_orders_action(
            ["|", ("technician_id", "=", self.id), ("crew_ids", "in", self.id)],
            {"default_technician_id": self.id},
        )

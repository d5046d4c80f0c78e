from odoo import models


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _get_dispatch_visit_counts(self, technicians):
        """Adds the asset visits: per technician, the completed orders (as
        lead or crew: one booking each) on one of this order's units, each
        order counted once. One grouped query on the bookings for all the
        technicians."""
        counts = super()._get_dispatch_visit_counts(technicians)
        units = self.equipment_ids
        if not units or not technicians:
            return counts
        groups = self.env["service.order.assignment"]._read_group(
            [
                ("employee_id", "in", technicians.ids),
                ("order_id.state", "=", "done"),
                ("order_id.equipment_ids", "in", units.ids),
                ("order_id", "!=", self.id),
            ],
            ["employee_id"],
            ["order_id:count_distinct"],
        )
        result = dict(counts)
        for employee, unit_visits in groups:
            site_visits = result.get(employee.id, (0, 0))[0]
            result[employee.id] = (site_visits, unit_visits)
        return result

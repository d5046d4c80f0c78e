from collections import defaultdict

from odoo import models


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _get_dispatch_visit_counts(self, technicians):
        """Adds the asset visits: per technician, the completed orders (as
        lead or crew) on one of this order's units, each order counted once.
        One grouped query for all the technicians."""
        counts = super()._get_dispatch_visit_counts(technicians)
        units = self.equipment_ids
        if not units or not technicians:
            return counts
        wanted = set(technicians.ids)
        served = defaultdict(set)
        for lead, crew, order_ids in self._read_group(
            [
                ("state", "=", "done"),
                ("equipment_ids", "in", units.ids),
                ("id", "!=", self.id),
                "|",
                ("technician_id", "in", technicians.ids),
                ("crew_ids", "in", technicians.ids),
            ],
            ["technician_id", "crew_ids"],
            ["id:array_agg"],
        ):
            # a row per (lead, crew member): the sets count an order once
            for employee in (lead, crew):
                if employee.id in wanted:
                    served[employee.id].update(order_ids)
        result = dict(counts)
        for employee_id, orders in served.items():
            site_visits = result.get(employee_id, (0, 0))[0]
            result[employee_id] = (site_visits, len(orders))
        return result

from collections import defaultdict

from odoo import models
from odoo.tools import float_compare


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _get_parts_availability(self, employees):
        """Compare the planned storable parts of each order with what each
        employee's van holds: "ok" (all of it), "missing" (none of it),
        "partial". Orders without planned storable parts get no badge. A
        constant number of queries whatever the numbers of orders and
        employees: the lines, their products and units, the vans, one grouped
        read of the quants."""
        result = super()._get_parts_availability(employees)
        if not self or not employees:
            return result
        # sudo: the board's readers (dispatchers) have no stock rights; only
        # quantities of the orders' own planned parts are compared
        lines = (
            self.env["service.order.line"]
            .sudo()
            .search_fetch(
                [
                    ("order_id", "in", self.ids),
                    ("line_type", "=", "part"),
                    ("qty_planned", ">", 0),
                    ("product_id.is_storable", "=", True),
                ],
                ["order_id", "product_id", "qty_planned", "product_uom_id"],
            )
        )
        if not lines:
            return result
        needed = defaultdict(lambda: defaultdict(float))
        for line in lines:
            product = line.product_id
            qty = line.qty_planned
            if line.product_uom_id and line.product_uom_id != product.uom_id:
                qty = line.product_uom_id._compute_quantity(qty, product.uom_id)
            needed[line.order_id.id][product] += qty
        vans = {
            employee.id: employee.van_location_id.id
            for employee in self.env["hr.employee"]
            .sudo()
            .search_fetch([("id", "in", employees.ids)], ["van_location_id"])
        }
        in_vans = defaultdict(float)
        for location, product, qty in (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "in", [van for van in vans.values() if van]),
                    ("product_id", "in", lines.product_id.ids),
                ],
                ["location_id", "product_id"],
                ["quantity:sum"],
            )
        ):
            in_vans[location.id, product.id] = qty
        for order_id, products in needed.items():
            for employee_id in employees.ids:
                van = vans.get(employee_id)
                covered = []
                for product, qty in products.items():
                    have = in_vans[van, product.id] if van else 0.0
                    rounding = product.uom_id.rounding
                    if float_compare(have, qty, precision_rounding=rounding) >= 0:
                        covered.append("ok")
                    elif float_compare(have, 0.0, precision_rounding=rounding) > 0:
                        covered.append("partial")
                    else:
                        covered.append("missing")
                if all(state == "ok" for state in covered):
                    state = "ok"
                elif all(state == "missing" for state in covered):
                    state = "missing"
                else:
                    state = "partial"
                result[order_id, employee_id] = state
        return result

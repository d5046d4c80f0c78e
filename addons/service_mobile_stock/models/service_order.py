from odoo import _, api, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from odoo.addons.service_order.tools.input_guard import clean_id


class ServiceOrder(models.Model):
    _inherit = "service.order"

    # ------------------------------------------------------------------
    # My Day: the van's contents
    # ------------------------------------------------------------------
    @api.model
    def _mobile_day_extras(self, employee):
        extras = super()._mobile_day_extras(employee)
        extras["van"] = self._mobile_van_contents(employee)
        return extras

    @api.model
    def _mobile_van_quants(self, van, domain=()):
        """[(product, lot, quantity)] on hand in ``van`` (one grouped read).

        sudo: technicians have no stock rights; only the quantities of their
        own van are read."""
        if not van:
            return []
        return (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [("location_id", "=", van.id), *domain],
                ["product_id", "lot_id"],
                ["quantity:sum"],
            )
        )

    @api.model
    def _mobile_van_contents(self, employee):
        """What ``employee``'s van holds, for the phone: a product per entry
        with its lots (tracked products), in a constant number of queries."""
        # sudo: the van is on the private side of hr.employee
        van = employee.sudo().van_location_id
        rows = self._mobile_van_quants(van)
        # the products, their templates and units, the lots: one read each
        # for the whole van (the grouped read's records are read one by one)
        products = self.env["product.product"].sudo()
        lots = self.env["stock.lot"].sudo()
        for product, lot, __ in rows:
            products |= product
            lots |= lot
        products.fetch(["product_tmpl_id"])
        products.product_tmpl_id.fetch(["name", "default_code", "tracking", "uom_id"])
        products.uom_id.fetch(["rounding"])
        names = dict(zip(products.ids, products.mapped("display_name"), strict=True))
        lots.fetch(["name"])
        entries = {}
        for product, lot, qty in rows:
            rounding = product.uom_id.rounding
            if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                continue
            entry = entries.get(product.id)
            if entry is None:
                entry = entries[product.id] = {
                    "product_id": product.id,
                    "product_name": names[product.id],
                    "qty": 0.0,
                    "tracking": product.tracking,
                    "lots": [],
                }
            entry["qty"] += qty
            if lot and product.tracking != "none":
                entry["lots"].append({"id": lot.id, "name": lot.name, "qty": qty})
        for entry in entries.values():
            entry["lots"].sort(key=lambda lot: lot["name"])
        return sorted(entries.values(), key=lambda entry: entry["product_name"])

    # ------------------------------------------------------------------
    # The part action: lots and serials from the technician's van
    # ------------------------------------------------------------------
    def _mobile_part_lot(self, product, payload, checked=False):
        """The lot of a part action (empty when none was sent). ``checked``:
        the tap's lot was verified by :meth:`_mobile_check_part` already (it
        exists, is of the product and in the van), as it is for the line's
        search and values that follow it in the same tap: no query again."""
        lot_id = clean_id(payload.get("lot_id"), _("Lot/Serial"), env=self.env)
        # sudo: technicians have no stock rights; the lot is checked in
        # _mobile_check_part against the product and the technician's van
        lots = self.env["stock.lot"].sudo()
        if not lot_id:
            return lots
        return lots.browse(lot_id) if checked else lots.browse(lot_id).exists()

    def _mobile_check_part(self, employee, product, qty, payload):
        super()._mobile_check_part(employee, product, qty, payload)
        lot = self._mobile_part_lot(product, payload)
        if payload.get("lot_id") and not lot:
            raise ValidationError(_("This lot or serial number does not exist."))
        if product.tracking == "none":
            if lot:
                raise ValidationError(
                    _(
                        "%(product)s has no lots or serial numbers.",
                        product=product.display_name,
                    )
                )
            self._mobile_check_van_holds(employee, product, qty)
            return
        if not lot:
            raise ValidationError(
                _(
                    "Pick the lot or serial number of %(product)s from your van.",
                    product=product.display_name,
                )
            )
        if lot.product_id != product:
            raise ValidationError(
                _(
                    "%(lot)s is not a lot or serial number of %(product)s.",
                    lot=lot.name,
                    product=product.display_name,
                )
            )
        if product.tracking == "serial":
            if float_compare(qty, 1.0, precision_rounding=product.uom_id.rounding):
                raise ValidationError(
                    _(
                        "A serial number is one unit: add the serials of "
                        "%(product)s one by one.",
                        product=product.display_name,
                    )
                )
            if self.line_ids.filtered(
                lambda line: line.lot_id == lot and line.qty_used > 0
            ):
                raise ValidationError(
                    _(
                        "Serial number %(lot)s is on %(order)s already.",
                        lot=lot.name,
                        order=self.name,
                    )
                )
        # sudo: the van is on the private side of hr.employee
        van = employee.sudo().van_location_id
        in_van = sum(
            quantity
            for __, __, quantity in self._mobile_van_quants(
                van, [("product_id", "=", product.id), ("lot_id", "=", lot.id)]
            )
        )
        if float_compare(in_van, qty, precision_rounding=product.uom_id.rounding) < 0:
            raise ValidationError(
                _(
                    "%(lot)s of %(product)s is not in your van (%(qty)s there): "
                    "pick one it holds.",
                    lot=lot.name,
                    product=product.display_name,
                    qty=self._format_quantity(in_van),
                )
            )

    def _mobile_check_van_holds(self, employee, product, qty):
        """A storable part that the van lacks is refused at the tap, not at
        the completion (which the phone could then not close): his lines of
        that product on this job plus ``qty`` must be in his van, unless the
        company takes missing parts from the warehouse."""
        if not product.is_storable or self.company_id.service_stock_warehouse_fallback:
            return
        # sudo: the van is on the private side of hr.employee
        van = employee.sudo().van_location_id
        in_van = sum(
            quantity
            for __, __, quantity in self._mobile_van_quants(
                van, [("product_id", "=", product.id)]
            )
        )
        used = sum(
            line.qty_used
            for line in self.line_ids
            if line.product_id == product
            and line.line_type == "part"
            and line.employee_id == employee
        )
        rounding = product.uom_id.rounding
        if float_compare(used + qty, in_van, precision_rounding=rounding) > 0:
            raise ValidationError(
                _(
                    "Your van holds %(in_van)s of %(product)s and this job "
                    "uses %(used)s already: ask the office for more parts.",
                    in_van=self._format_quantity(in_van),
                    product=product.display_name,
                    used=self._format_quantity(used),
                )
            )

    def _mobile_find_part_line(self, employee, product, payload):
        """The technician's own line of that product and lot: a planned line
        without a lot takes the first lot used; a serial is a line each."""
        lot = self._mobile_part_lot(product, payload, checked=True)
        lines = self.line_ids.filtered(
            lambda line: (
                line.product_id == product
                and line.line_type == "part"
                and (not line.employee_id or line.employee_id == employee)
            )
        )
        if product.tracking == "serial":
            # an unused planned line takes the serial, else a new line
            return lines.filtered(lambda line: not line.lot_id and not line.qty_used)[
                :1
            ]
        same_lot = lines.filtered(lambda line: line.lot_id == lot)
        if same_lot:
            return same_lot[:1]
        return lines.filtered(lambda line: not line.lot_id and not line.qty_used)[:1]

    def _mobile_prepare_part_write(self, employee, line, qty, payload):
        values = super()._mobile_prepare_part_write(employee, line, qty, payload)
        lot = self._mobile_part_lot(line.product_id, payload, checked=True)
        if lot and not line.lot_id:
            values["lot_id"] = lot.id
        if not line.employee_id:
            values["employee_id"] = employee.id
        return values

    def _mobile_prepare_part_line(self, employee, product, qty, payload):
        values = super()._mobile_prepare_part_line(employee, product, qty, payload)
        lot = self._mobile_part_lot(product, payload, checked=True)
        values["employee_id"] = employee.id
        if lot:
            values["lot_id"] = lot.id
        return values

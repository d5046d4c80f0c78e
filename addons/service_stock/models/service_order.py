from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero, float_round

from odoo.addons.service_order.tools.input_guard import ensure_one


class ServiceOrder(models.Model):
    _inherit = "service.order"

    stock_move_ids = fields.One2many(
        "stock.move", "service_order_id", string="Stock Moves", readonly=True
    )
    stock_move_count = fields.Integer(
        compute="_compute_stock_move_count",
        # sudo: a count of the order's own moves (technicians have no stock
        # rights; the button is the dispatchers')
        compute_sudo=True,
    )

    def _compute_stock_move_count(self):
        counts = dict(
            self.env["stock.move"]._read_group(
                [("service_order_id", "in", self.ids)],
                ["service_order_id"],
                ["__count"],
            )
        )
        for order in self:
            order.stock_move_count = counts.get(order, 0)

    # ------------------------------------------------------------------
    # Lifecycle: parts leave the van on completion, come back on reopen
    # ------------------------------------------------------------------
    def _check_completion(self):
        errors = super()._check_completion()
        _moves, stock_errors = self._plan_part_moves()
        return errors + stock_errors

    def action_complete(self):
        result = super().action_complete()
        self._consume_parts()
        return result

    def _prepare_reopen(self):
        result = super()._prepare_reopen()
        self._return_parts()
        return result

    def action_view_stock_moves(self):
        ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.stock_move_action"
        )
        action["domain"] = [("service_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_part_lines(self):
        """The lines whose goods leave stock on completion."""
        return self.line_ids.filtered(
            lambda line: (
                line.line_type == "part"
                and line.product_id.type == "consu"
                and line.qty_used > 0
            )
        )

    def _get_stock_warehouses(self):
        """{company id: the first warehouse of the company} for ``self``."""
        warehouses = (
            self.env["stock.warehouse"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids)], order="sequence, id")
        )
        result = {}
        for warehouse in warehouses:
            result.setdefault(warehouse.company_id.id, warehouse)
        return result

    def _lock_quants(self, location_ids, product_ids):
        """Lock the quants the completion draws from and return their
        available quantities {(location id, product id, lot id): qty}: a
        second completion drawing the same units waits for this transaction,
        then sees what it left (PostgreSQL reports the stale snapshot as a
        serialization failure, and Odoo replays the call)."""
        if not location_ids or not product_ids:
            return {}
        self.env["stock.quant"].flush_model(
            ["location_id", "product_id", "lot_id", "quantity", "reserved_quantity"]
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT location_id, product_id, lot_id, quantity, reserved_quantity
                  FROM stock_quant
                 WHERE location_id IN %s AND product_id IN %s
              ORDER BY id
                   FOR NO KEY UPDATE
                """,
                tuple(location_ids),
                tuple(product_ids),
            )
        )
        available = defaultdict(float)
        for location_id, product_id, lot_id, quantity, reserved in rows:
            available[location_id, product_id, lot_id] += quantity - reserved
        return available

    def _plan_part_moves(self):
        """What completing ``self`` takes from stock: (stock.move values,
        errors). Storable parts come from the van of the line's technician;
        what the van lacks is refused, or taken from the warehouse stock when
        the company allows it. One query for the warehouses, one that locks
        and reads the quants, whatever the number of orders."""
        lines = self._get_part_lines()
        if not lines:
            return [], []
        # sudo: technicians read employees through hr.employee.public and have
        # no stock rights; the plan only reads where the parts are, and the
        # moves it returns are the lines' own
        lines = lines.sudo()
        errors = []
        entries = []
        for line in lines:
            van = (line.employee_id or line.order_id.technician_id).van_location_id
            qty = line.qty_used
            if line.product_uom_id and line.product_uom_id != line.product_id.uom_id:
                qty = line.product_uom_id._compute_quantity(qty, line.product_id.uom_id)
            error = self._check_part_line(line, van, qty)
            if error:
                errors.append(error)
            else:
                entries.append((line, van, qty))
        warehouses = self._get_stock_warehouses()
        location_ids = {van.id for _line, van, _qty in entries if van}
        if any(order.company_id.service_stock_warehouse_fallback for order in self):
            location_ids |= {wh.lot_stock_id.id for wh in warehouses.values()}
        available = self._lock_quants(
            location_ids,
            {line.product_id.id for line, _van, _qty in entries},
        )
        customer = self.env.ref("stock.stock_location_customers")
        moves = []
        for line, van, qty in entries:
            warehouse = warehouses.get(line.order_id.company_id.id)
            line_moves, error = self._allocate_part(
                line, van, qty, warehouse, available, customer
            )
            if error:
                errors.append(error)
            moves += line_moves
        return moves, errors

    def _check_part_line(self, line, van, qty):
        """The error that keeps ``line`` (``qty`` in the product's unit) from
        leaving ``van``, or None."""
        order = line.order_id
        product = line.product_id
        if van and van.company_id != order.company_id:
            return _(
                "%(order)s: the van %(van)s belongs to %(company)s; it cannot "
                "supply an order of %(order_company)s.",
                order=order.name,
                van=van.display_name,
                company=van.company_id.name,
                order_company=order.company_id.name,
            )
        if product.tracking != "none" and not line.lot_id:
            return _(
                "%(order)s: %(product)s is tracked: choose the lot or serial "
                "number used on its line.",
                order=order.name,
                product=product.display_name,
            )
        if line.lot_id and line.lot_id.product_id != product:
            return _(
                "%(order)s: the lot %(lot)s is not one of %(product)s.",
                order=order.name,
                lot=line.lot_id.name,
                product=product.display_name,
            )
        if (
            product.tracking == "serial"
            and float_compare(qty, 1.0, precision_rounding=product.uom_id.rounding) != 0
        ):
            return _(
                "%(order)s: %(product)s has one serial number per unit: enter "
                "one line of 1 unit per serial number.",
                order=order.name,
                product=product.display_name,
            )
        return None

    def _allocate_part(self, line, van, qty, warehouse, available, customer):
        """(move values, error) of ``qty`` of ``line`` to ``customer``: from
        ``van`` first, the rest from the warehouse stock when the company
        allows it; ``available`` ({(location, product, lot): qty}, locked) is
        drawn down."""
        order = line.order_id
        product = line.product_id
        rounding = product.uom_id.rounding
        lot_id = line.lot_id.id or None
        if not product.is_storable:
            # not tracked in stock: recorded as used, nothing to check
            source = van or (warehouse and warehouse.lot_stock_id)
            if not source:
                return [], None
            return [self._prepare_part_move(line, source, customer, qty, False)], None
        moves = []
        taken = in_van = 0.0
        if van:
            in_van = max(available[van.id, product.id, lot_id], 0.0)
            taken = min(qty, in_van)
            available[van.id, product.id, lot_id] -= taken
            if not float_is_zero(taken, precision_rounding=rounding):
                moves.append(self._prepare_part_move(line, van, customer, taken, False))
        missing = float_round(qty - taken, precision_rounding=rounding)
        if float_is_zero(missing, precision_rounding=rounding):
            return moves, None
        values = {
            "order": order.name,
            "qty": qty,
            "unit": product.uom_id.name,
            "product": product.display_name,
            "lot": f" ({line.lot_id.name})" if line.lot_id else "",
            "in_van": in_van,
            "van": van.display_name if van else _("(no van)"),
        }
        if order.company_id.service_stock_warehouse_fallback and warehouse:
            stock = warehouse.lot_stock_id
            in_stock = max(available[stock.id, product.id, lot_id], 0.0)
            if float_compare(in_stock, missing, precision_rounding=rounding) < 0:
                return [], _(
                    "%(order)s: %(qty)s %(unit)s of %(product)s%(lot)s needed, "
                    "%(in_van)s in the van %(van)s and %(in_stock)s in %(stock)s.",
                    **values,
                    in_stock=in_stock,
                    stock=stock.display_name,
                )
            available[stock.id, product.id, lot_id] -= missing
            moves.append(
                self._prepare_part_move(
                    line, stock, customer, missing, warehouse.out_type_id
                )
            )
            return moves, None
        if not van:
            return [], _(
                "%(order)s: %(employee)s has no van to take %(product)s from.",
                order=order.name,
                employee=(line.employee_id or order.technician_id).name or _("nobody"),
                product=product.display_name,
            )
        return [], _(
            "%(order)s: %(qty)s %(unit)s of %(product)s%(lot)s needed, only "
            "%(in_van)s in the van %(van)s.",
            **values,
        )

    def _prepare_part_move(self, line, source, destination, qty, picking_type):
        order = line.order_id
        product = line.product_id
        common = {
            "product_id": product.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
            "company_id": order.company_id.id,
            "picked": True,
        }
        return dict(
            common,
            name=line.name or product.display_name,
            product_uom=product.uom_id.id,
            product_uom_qty=qty,
            partner_id=(order.site_id or order.partner_id).id,
            origin=order.name,
            picking_type_id=picking_type.id if picking_type else False,
            service_order_id=order.id,
            service_order_line_id=line.id,
            move_line_ids=[
                Command.create(
                    dict(
                        common,
                        product_uom_id=product.uom_id.id,
                        quantity=qty,
                        lot_id=line.lot_id.id,
                    )
                )
            ],
        )

    def _consume_parts(self):
        """Create and validate the moves of the completed orders' parts (one
        create for all), then install the serial-tracked equipment."""
        vals_list, errors = self._plan_part_moves()
        if errors:
            # the quants are locked since _check_completion: only a change
            # made by this very transaction in between can get here
            raise UserError("\n".join(errors))
        if not vals_list:
            return self.env["stock.move"]
        # sudo: the completion was checked as the user (his access to the
        # order, the lifecycle's checks); the moves record what the lines say,
        # from the locations the plan checked and locked
        moves = self.env["stock.move"].sudo().create(vals_list)
        moves._action_done()
        self._install_equipment(moves.service_order_line_id)
        return moves

    def _return_parts(self):
        """Reverse moves customer -> source (same lots) of the parts the
        orders consumed and did not get back yet."""
        # sudo: the reopen was checked (dispatchers, done orders); the returns
        # mirror the orders' own moves
        consumed = self.sudo().stock_move_ids.filtered(
            lambda m: (
                m.state == "done"
                and m.location_dest_id.usage == "customer"
                and not m.origin_returned_move_id
                and not m.returned_move_ids
            )
        )
        if not consumed:
            return self.env["stock.move"]
        vals_list = []
        for move in consumed:
            common = {
                "product_id": move.product_id.id,
                "location_id": move.location_dest_id.id,
                "location_dest_id": move.location_id.id,
                "company_id": move.company_id.id,
                "picked": True,
            }
            vals_list.append(
                dict(
                    common,
                    name=_("Return of %(move)s", move=move.name),
                    product_uom=move.product_uom.id,
                    product_uom_qty=move.product_uom_qty,
                    partner_id=move.partner_id.id,
                    origin=move.origin,
                    origin_returned_move_id=move.id,
                    service_order_id=move.service_order_id.id,
                    service_order_line_id=move.service_order_line_id.id,
                    move_line_ids=[
                        Command.create(
                            dict(
                                common,
                                product_uom_id=ml.product_uom_id.id,
                                quantity=ml.quantity,
                                lot_id=ml.lot_id.id,
                            )
                        )
                        for ml in move.move_line_ids
                    ],
                )
            )
        returns = self.env["stock.move"].sudo().create(vals_list)
        returns._action_done()
        return returns

    def _install_equipment(self, lines):
        """Create or update the customer's equipment of the serial-tracked
        units flagged as equipment installed by ``lines`` (one search, one
        create)."""
        lines = lines.filtered(
            lambda line: (
                line.product_id.service_is_equipment
                and line.product_id.tracking == "serial"
                and line.lot_id
            )
        )
        if not lines:
            return self.env["maintenance.equipment"]
        # sudo: technicians complete orders but only read equipment; the unit
        # is the record of what the completed order installed
        Equipment = self.env["maintenance.equipment"].sudo()
        existing = Equipment.search(
            [
                ("serial_no", "in", lines.lot_id.mapped("name")),
                ("company_id", "in", lines.order_id.company_id.ids),
            ]
        )
        units = {(unit.company_id.id, unit.serial_no): unit for unit in existing}
        to_create = []
        for line in lines:
            order = line.order_id
            vals = {
                "partner_id": order.partner_id.id,
                "site_id": (order.site_id or order.partner_id).id,
                # the day at the site, whoever completes it from wherever
                "install_date": order._get_service_date(order.date_done),
                "service_order_ids": [Command.link(order.id)],
            }
            unit = units.get((order.company_id.id, line.lot_id.name))
            if unit:
                unit.write(vals)
            else:
                to_create.append(
                    dict(
                        vals,
                        name=line.product_id.name,
                        serial_no=line.lot_id.name,
                        company_id=order.company_id.id,
                    )
                )
        return existing | Equipment.create(to_create)

    @api.model
    def _get_van_stock(self, employee):
        """What ``employee``'s van holds, for the phone's part picker:
        ``[{"product_id", "product_name", "lot_id", "lot_name", "qty"}]``
        (one grouped query)."""
        # sudo: a technician reads employees through hr.employee.public; only
        # the id of the van is read here, the quants with the user's rights
        van = self.env["hr.employee"].sudo().browse(employee.id).van_location_id
        if not van:
            return []
        groups = self.env["stock.quant"]._read_group(
            [("location_id", "=", van.id), ("quantity", ">", 0)],
            ["product_id", "lot_id"],
            ["quantity:sum"],
            order="product_id, lot_id",
        )
        return [
            {
                "product_id": product.id,
                "product_name": product.display_name,
                "lot_id": lot.id or False,
                "lot_name": lot.name or False,
                "qty": qty,
            }
            for product, lot, qty in groups
        ]

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.tools.record_guard import check_linked_records


class ServiceOrderLine(models.Model):
    _inherit = "service.order.line"

    employee_id = fields.Many2one(
        "hr.employee",
        string="Technician",
        compute="_compute_employee_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('is_field_technician', '=', True)]",
        help="Who used the part: it is taken from his van on completion. "
        "The order's lead technician by default.",
    )
    van_location_id = fields.Many2one(
        "stock.location", string="Van", compute="_compute_van_location_id"
    )
    product_tracking = fields.Selection(related="product_id.tracking")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        check_company=True,
        domain="[('product_id', '=', product_id),"
        " ('quant_ids.location_id', '=', van_location_id),"
        " ('quant_ids.quantity', '>', 0)]",
        help="The lot or serial number used, from the technician's van "
        "(required for tracked products on completion).",
    )
    stock_move_ids = fields.One2many(
        "stock.move", "service_order_line_id", string="Stock Moves", readonly=True
    )
    source_location_id = fields.Many2one(
        "stock.location",
        string="Source",
        compute="_compute_source_location_id",
        # sudo: technicians have no stock rights; the source only names the
        # location of the line's own moves
        compute_sudo=True,
        help="Where the part was taken from (the van, or the warehouse when the "
        "van lacked it), or will be taken from.",
    )

    @api.depends("order_id.technician_id")
    def _compute_employee_id(self):
        for line in self:
            if not line.employee_id:
                line.employee_id = line.order_id.technician_id

    @api.depends("employee_id")
    def _compute_van_location_id(self):
        # sudo: technicians read employees through hr.employee.public, which
        # does not carry the van; the van's name is no secret
        for line in self:
            line.van_location_id = line.employee_id.sudo().van_location_id

    def _check_child_create(self, vals_list):
        result = super()._check_child_create(vals_list)
        # the lot must exist (a clean error, not the database's); technicians
        # have no stock rights: its product and van are checked below and on
        # completion, not its read access
        check_linked_records(self, vals_list, {"lot_id"}, check_access=False)
        return result

    def _check_child_write(self, vals):
        result = super()._check_child_write(vals)
        check_linked_records(self, [vals], {"lot_id"}, check_access=False)
        return result

    @api.constrains("lot_id", "product_id")
    def _check_lot_product(self):
        # sudo: technicians have no stock rights; only the lot's product is
        # compared
        for line in self.filtered("lot_id"):
            lot = line.lot_id.sudo()
            if lot.product_id != line.product_id:
                raise ValidationError(
                    _(
                        "%(lot)s is a lot or serial number of %(lot_product)s, "
                        "not of %(product)s.",
                        lot=lot.name,
                        lot_product=lot.product_id.display_name,
                        product=line.product_id.display_name,
                    )
                )

    @api.constrains("employee_id")
    def _check_employee_on_order(self):
        # the parts come out of his van: he must be on the job
        for line in self:
            order = line.order_id
            if line.employee_id and line.employee_id not in (
                order.technician_id | order.crew_ids
            ):
                raise ValidationError(
                    _(
                        "%(employee)s is not on %(order)s: only its lead "
                        "technician and crew use parts on it.",
                        employee=line.employee_id.name,
                        order=order.name,
                    )
                )

    @api.depends("stock_move_ids.state", "van_location_id")
    def _compute_source_location_id(self):
        for line in self:
            consumed = line.stock_move_ids.filtered(
                lambda m: (
                    m.state == "done"
                    and m.location_dest_id.usage == "customer"
                    and not m.returned_move_ids
                )
            )
            line.source_location_id = (
                consumed[-1:].location_id if consumed else line.van_location_id
            )

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# more than any real number of parts or hours on one order line
MAX_QUANTITY = 1e6


class ServiceOrderLine(models.Model):
    """A part or a labour item planned on an order, and what was really used."""

    _name = "service.order.line"
    _inherit = ["service.order.child.mixin"]
    _description = "Service Order Part / Labour Line"
    _order = "order_id, sequence, id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "service.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    line_type = fields.Selection(
        [("part", "Part"), ("labour", "Labour")],
        compute="_compute_line_type",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_id = fields.Many2one(
        "uom.uom",
        domain="[('category_id', '=', product_uom_category_id)]",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    qty_planned = fields.Float(
        string="Planned", default=1.0, digits="Product Unit of Measure"
    )
    qty_used = fields.Float(string="Used", digits="Product Unit of Measure")

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.display_name or line.name

    @api.depends("product_id")
    def _compute_line_type(self):
        for line in self:
            line.line_type = "labour" if line.product_id.type == "service" else "part"

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            line.product_uom_id = line.product_id.uom_id

    @api.constrains("qty_planned", "qty_used")
    def _check_quantities(self):
        for line in self:
            # written so that NaN fails too
            if not (
                0 <= line.qty_planned <= MAX_QUANTITY
                and 0 <= line.qty_used <= MAX_QUANTITY
            ):
                raise ValidationError(
                    _(
                        "A line on %(order)s: quantities cannot be negative or "
                        "above %(max)s.",
                        order=line.order_id.name,
                        max=int(MAX_QUANTITY),
                    )
                )

    @api.constrains("product_uom_id", "product_id")
    def _check_uom(self):
        for line in self:
            if (
                line.product_uom_id
                and line.product_id
                and line.product_uom_id.category_id
                != line.product_id.uom_id.category_id
            ):
                raise ValidationError(
                    _(
                        "The unit %(unit)s cannot measure %(product)s.",
                        unit=line.product_uom_id.name,
                        product=line.product_id.display_name,
                    )
                )

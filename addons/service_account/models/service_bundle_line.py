from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.models.service_order_line import MAX_QUANTITY
from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import check_linked_records


class ServiceBundleLine(models.Model):
    """A part or labour product a service code includes in its price."""

    _name = "service.bundle.line"
    _description = "Service Code Bundle Line"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "product.template",
        string="Service Code",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", string="Included Product", required=True
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")

    @api.constrains("quantity", "product_id", "template_id")
    def _check_bundle_line(self):
        for line in self:
            if not 0 < line.quantity <= MAX_QUANTITY:
                raise ValidationError(
                    _(
                        "%(code)s: an included quantity must be above 0 and at "
                        "most %(max)s.",
                        code=line.template_id.display_name,
                        max=int(MAX_QUANTITY),
                    )
                )
            if line.product_id.product_tmpl_id == line.template_id:
                raise ValidationError(
                    _(
                        "%(code)s cannot include itself.",
                        code=line.template_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        check_linked_records(self, vals_list, {"template_id", "product_id"})
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        if "template_id" in vals and any(
            line.template_id.id != vals["template_id"] for line in self
        ):
            raise ValidationError(
                _("A bundle line stays on its service code: delete it instead.")
            )
        check_linked_records(self, [vals], {"product_id"})
        return super().write(vals)

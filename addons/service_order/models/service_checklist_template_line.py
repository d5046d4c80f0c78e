from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.input_guard import clean_vals


class ServiceChecklistTemplateLine(models.Model):
    _name = "service.checklist.template.line"
    _description = "Service Checklist Template Item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "service.checklist.template", required=True, ondelete="cascade", index=True
    )
    # the template's company, for the multi-company rule of the items
    company_id = fields.Many2one(
        related="template_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True, translate=True)
    required = fields.Boolean(
        help="The order cannot be completed while this item is not done."
    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        templates = self.env["service.checklist.template"].browse(
            {vals["template_id"] for vals in vals_list if vals.get("template_id")}
        )
        if not self.env.su:
            # an item is added to a template the user may change (record
            # rules of the items are checked on the item as it was)
            templates.check_access("write")
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        if "template_id" in vals and any(
            line.template_id.id != vals["template_id"] for line in self
        ):
            raise UserError(
                _(
                    "A checklist item stays on its template: delete it and add it "
                    "to the other template instead."
                )
            )
        return super().write(vals)

    def _prepare_checklist_item_values(self):
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "name": self.name,
            "required": self.required,
        }

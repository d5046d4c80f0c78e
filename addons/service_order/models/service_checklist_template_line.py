from odoo import api, fields, models

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
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(clean_vals(self, vals))

    def _prepare_checklist_item_values(self):
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "name": self.name,
            "required": self.required,
        }

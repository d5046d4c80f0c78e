from odoo import fields, models


class ServiceChecklistTemplateLine(models.Model):
    _name = "service.checklist.template.line"
    _description = "Service Checklist Template Item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "service.checklist.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True, translate=True)
    required = fields.Boolean(
        help="The order cannot be completed while this item is not done."
    )

    def _prepare_checklist_item_values(self):
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "name": self.name,
            "required": self.required,
        }

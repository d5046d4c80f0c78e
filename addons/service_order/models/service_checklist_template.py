from odoo import api, fields, models

from ..tools.input_guard import clean_vals


class ServiceChecklistTemplate(models.Model):
    _name = "service.checklist.template"
    _description = "Service Checklist Template"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    line_ids = fields.One2many(
        "service.checklist.template.line", "template_id", string="Items", copy=True
    )
    item_count = fields.Integer(compute="_compute_item_count")

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(clean_vals(self, vals))

    def _compute_item_count(self):
        for template in self:
            template.item_count = len(template.line_ids)

    def _prepare_checklist_commands(self):
        """One2many commands that copy this template's items onto an order."""
        self.ensure_one()
        return [
            fields.Command.create(line._prepare_checklist_item_values())
            for line in self.line_ids
        ]

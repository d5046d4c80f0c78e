from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class ServiceDispatchSuggestion(models.TransientModel):
    _name = "service.dispatch.suggestion"
    _description = "Technician Suggestions for a Service Order"

    order_id = fields.Many2one("service.order", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id")
    date_from = fields.Datetime(
        string="From",
        help="Search a free slot from this moment (unscheduled orders); empty: "
        "now or the requested window.",
    )
    date_to = fields.Datetime(string="Until")
    order_scheduled = fields.Boolean(compute="_compute_order_scheduled")
    show_ineligible = fields.Boolean(string="Show Excluded Technicians")
    line_ids = fields.One2many(
        "service.dispatch.suggestion.line", "wizard_id", string="All Technicians"
    )
    eligible_line_ids = fields.One2many(
        "service.dispatch.suggestion.line",
        "wizard_id",
        string="Suggestions",
        domain=[("eligible", "=", True)],
    )

    @api.depends("order_id.date_scheduled_start")
    def _compute_order_scheduled(self):
        for wizard in self:
            wizard.order_scheduled = bool(wizard.order_id.date_scheduled_start)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._fill_lines()
        return wizards

    def _fill_lines(self):
        for wizard in self:
            suggestions = wizard.order_id._compute_dispatch_suggestions(
                wizard.date_from or None, wizard.date_to or None
            )
            commands = [Command.clear()]
            for rank, suggestion in enumerate(suggestions, start=1):
                commands.append(
                    Command.create(
                        {
                            "rank": rank if suggestion.eligible else 0,
                            "employee_id": suggestion.technician_id,
                            "eligible": suggestion.eligible,
                            "score": suggestion.score,
                            "date_start": suggestion.start,
                            "date_end": suggestion.end,
                            "explanation": (
                                wizard.order_id._format_dispatch_explanation(suggestion)
                            ),
                        }
                    )
                )
            wizard.line_ids = commands

    def action_refresh(self):
        self.ensure_one()
        self._fill_lines()
        return {
            "type": "ir.actions.act_window",
            "name": _("Who should take %(order)s?", order=self.order_id.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class ServiceDispatchSuggestionLine(models.TransientModel):
    _name = "service.dispatch.suggestion.line"
    _description = "Technician Suggestion"
    _order = "eligible desc, rank, id"

    wizard_id = fields.Many2one(
        "service.dispatch.suggestion", required=True, ondelete="cascade"
    )
    rank = fields.Integer()
    employee_id = fields.Many2one("hr.employee", string="Technician", readonly=True)
    eligible = fields.Boolean(readonly=True)
    score = fields.Float(readonly=True, digits=(5, 1))
    date_start = fields.Datetime(string="Start", readonly=True)
    date_end = fields.Datetime(string="End", readonly=True)
    explanation = fields.Text(readonly=True)

    def action_assign(self):
        """One click: assign the technician (and the proposed slot)."""
        self.ensure_one()
        if not self.eligible:
            raise UserError(
                _(
                    "%(tech)s cannot take this order: %(why)s",
                    tech=self.employee_id.name,
                    why=self.explanation,
                )
            )
        order = self.wizard_id.order_id
        order.action_dispatch_assign(
            self.employee_id.id, self.date_start, self.date_end
        )
        return {"type": "ir.actions.act_window_close"}

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.service_order.tools.input_guard import clean_field_names, clean_vals


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
    empty_note = fields.Text(
        string="Why No Suggestion",
        readonly=True,
        help="When no technician can take the order: the reason for each one.",
    )

    @api.depends("order_id.date_scheduled_start")
    def _compute_order_scheduled(self):
        for wizard in self:
            wizard.order_scheduled = bool(wizard.order_id.date_scheduled_start)

    @api.model
    def default_get(self, fields_list):
        self.env["service.order"]._check_dispatch_access()
        return super().default_get(clean_field_names(self, fields_list))

    @api.model_create_multi
    def create(self, vals_list):
        self.env["service.order"]._check_dispatch_access()
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        wizards = super().create(vals_list)
        wizards._fill_lines()
        return wizards

    def write(self, vals):
        self.env["service.order"]._check_dispatch_access()
        return super().write(clean_vals(self, vals))

    def _fill_lines(self):
        for wizard in self:
            order = wizard.order_id
            suggestions = order._compute_dispatch_suggestions(
                wizard.date_from or None, wizard.date_to or None
            )
            wizard.empty_note = wizard._get_empty_note(suggestions)
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

    def _get_empty_note(self, suggestions):
        """One line per technician when none is eligible, else False."""
        if any(suggestion.eligible for suggestion in suggestions):
            return False
        order = self.order_id
        if not suggestions:
            return _(
                "No field technician works for %(company)s.",
                company=order.company_id.name,
            )
        lines = [_("No technician can take %(order)s:", order=order.name)]
        lines += [
            _(
                "%(tech)s: %(why)s",
                tech=suggestion.name,
                why=order._format_dispatch_explanation(suggestion),
            )
            for suggestion in suggestions
        ]
        return "\n".join(lines)

    def action_refresh(self):
        self.env["service.order"]._check_dispatch_access()
        if len(self) != 1:
            raise UserError(_("Refresh one suggestion list at a time."))
        self._fill_lines()
        return {
            "type": "ir.actions.act_window",
            "name": _("Who should take %(order)s?", order=self.order_id.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "extra-large"},
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

    @api.model_create_multi
    def create(self, vals_list):
        self.env["service.order"]._check_dispatch_access()
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        self.env["service.order"]._check_dispatch_access()
        return super().write(clean_vals(self, vals))

    def action_assign(self):
        """One click: assign the technician (and the proposed slot)."""
        self.env["service.order"]._check_dispatch_access()
        if len(self) != 1:
            raise UserError(_("Assign one suggested technician at a time."))
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

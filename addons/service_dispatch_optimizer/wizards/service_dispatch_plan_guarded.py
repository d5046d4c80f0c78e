from odoo import api, fields, models

from odoo.addons.service_order.tools.input_guard import clean_vals

from .service_dispatch_plan_wizard import check_proposal_write


class GuardedPlanModel(models.AbstractModel):
    """The auto-dispatch wizard's lines (routes, stops, orders not planned):
    dispatchers only, values cleaned, written by the solver alone; each
    belongs to one plan and to its company."""

    _name = "service.dispatch.plan.guarded"
    _description = "Auto-Dispatch: guarded transient lines"

    wizard_id = fields.Many2one(
        "service.dispatch.plan.wizard", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="wizard_id.company_id", store=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["service.order"]._check_dispatch_access()
        check_proposal_write(self, None)
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        self.env["service.order"]._check_dispatch_access()
        check_proposal_write(self, None)
        return super().write(clean_vals(self, vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_by_the_solver(self):
        """A stop leaves a proposal by Drop (which counts it as not planned)
        and the proposal by Plan or Back, not by a client's delete or a
        one2many command on the wizard (the counts would lie, and Apply would
        schedule what is left). The superuser (the transient vacuum) is not
        limited."""
        check_proposal_write(self, None)

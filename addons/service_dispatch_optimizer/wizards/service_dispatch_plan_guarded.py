from odoo import api, models

from odoo.addons.service_order.tools.input_guard import clean_vals

from .service_dispatch_plan_wizard import check_proposal_write


class GuardedPlanModel(models.AbstractModel):
    """The auto-dispatch wizard's lines: dispatchers only, values cleaned."""

    _name = "service.dispatch.plan.guarded"
    _description = "Auto-Dispatch: guarded transient lines"

    @api.model_create_multi
    def create(self, vals_list):
        self.env["service.order"]._check_dispatch_access()
        check_proposal_write(self, None)
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        self.env["service.order"]._check_dispatch_access()
        check_proposal_write(self, None)
        return super().write(clean_vals(self, vals))

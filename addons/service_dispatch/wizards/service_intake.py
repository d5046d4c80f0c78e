from odoo import api, models


class ServiceIntake(models.TransientModel):
    _inherit = "service.intake"

    @api.model
    def _get_intake_next_action(self, order, plan=True):
        """Save & Plan ends on the technician suggestions of the new order."""
        if plan:
            return order.action_open_dispatch_suggestions()
        return super()._get_intake_next_action(order, plan=plan)

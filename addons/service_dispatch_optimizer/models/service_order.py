from odoo import api, models

# the board opens this action for its "Auto-dispatch" button (the board shows
# the button only when its data name one)
AUTO_DISPATCH_ACTION = "service_dispatch_optimizer.service_dispatch_plan_wizard_action"


class ServiceOrder(models.Model):
    _inherit = "service.order"

    @api.model
    def get_dispatch_board_data(self, start, end, filters=None):
        data = super().get_dispatch_board_data(start, end, filters=filters)
        data["auto_dispatch_action"] = AUTO_DISPATCH_ACTION
        return data

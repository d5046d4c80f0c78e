from odoo import models

TECHNICIAN_GROUP = "service_order.group_service_technician"
DISPATCHER_GROUP = "service_order.group_service_dispatcher"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _get_service_home_action(self):
        """Where a user of the suite lands after login when he chose no home
        action of his own: a technician on his jobs, a dispatcher on the
        orders (extension point: the dispatch board can take the
        dispatchers)."""
        self.ensure_one()
        if self.share or not self.has_group(TECHNICIAN_GROUP):
            return self.env["ir.actions.act_window"]
        if self.has_group(DISPATCHER_GROUP):
            return self.env.ref("service_order.service_order_action")
        return self.env.ref("service_order.service_order_action_my")

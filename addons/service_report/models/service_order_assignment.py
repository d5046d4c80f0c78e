from odoo import api, models


class ServiceOrderAssignment(models.Model):
    """Bookings written on their own (the dispatch board, a crew change) move
    the dashboard's progress per technician: tell the open dashboards."""

    _inherit = "service.order.assignment"

    @api.model_create_multi
    def create(self, vals_list):
        bookings = super().create(vals_list)
        bookings.order_id._notify_operations_dashboard()
        return bookings

    def write(self, vals):
        result = super().write(vals)
        self.order_id._notify_operations_dashboard()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_notify_operations_dashboard(self):
        self.order_id._notify_operations_dashboard()

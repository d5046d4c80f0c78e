from odoo import models


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _get_portal_report_action(self):
        """The signed service report of ``service_report``: the portal shows
        the download link of a completed order and its route renders it
        after the order's ownership (or token) check."""
        return (
            self.env.ref(
                "service_report.action_report_service_order", raise_if_not_found=False
            )
            or super()._get_portal_report_action()
        )

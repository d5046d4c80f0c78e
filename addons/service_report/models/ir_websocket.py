from odoo import models

from .service_order_dashboard import DASHBOARD_CHANNEL


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        channels = super()._build_bus_channel_list(channels)
        channels.extend(self._get_operations_dashboard_channels())
        return channels

    def _get_operations_dashboard_channels(self):
        """Dispatchers listen to the dashboard channel of each of their
        companies (the notification carries no data)."""
        user = self.env.user
        if not user or user._is_public():
            return []
        if not user.has_group("service_order.group_service_dispatcher"):
            return []
        return [(company, DASHBOARD_CHANNEL) for company in user.company_ids]

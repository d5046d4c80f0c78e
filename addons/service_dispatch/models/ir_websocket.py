from odoo import models

from .service_order import BOARD_CHANNEL


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        channels = super()._build_bus_channel_list(channels)
        channels.extend(self._get_dispatch_board_channels())
        return channels

    def _get_dispatch_board_channels(self):
        """Dispatchers listen to the board channel of each of their companies,
        where order changes are announced (ids only)."""
        user = self.env.user
        if not user or user._is_public():
            return []
        if not user.has_group("service_order.group_service_dispatcher"):
            return []
        return [(company, BOARD_CHANNEL) for company in user.company_ids]

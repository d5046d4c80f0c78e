from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """Users of the suite without a home action of their own land in Field
        Service (the web client opens the home action when the URL names
        none; without one it opens the first app, Discuss)."""
        info = super().session_info()
        user = self.env.user
        if user and not info.get("home_action_id"):
            action = user._get_service_home_action()
            if action:
                info["home_action_id"] = action.id
        return info

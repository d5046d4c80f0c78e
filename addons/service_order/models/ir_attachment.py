from odoo import _, api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.ondelete(at_uninstall=False)
    def _unlink_service_order_files_of_others(self):
        """A technician deletes only the files he added to a service order
        (a blurred photo of his); the photos and documents of the office or of
        a colleague stay, whatever the client calls. Odoo itself lets anyone
        who may write on the order delete its attachments. The superuser
        (an order deleted with its files) and dispatchers are not limited."""
        if self.env.su or self.env.user.has_group(
            "service_order.group_service_dispatcher"
        ):
            return
        others = self.filtered(
            lambda attachment: (
                attachment.res_model == "service.order"
                and not attachment.res_field
                and attachment.create_uid != self.env.user
            )
        )
        if others:
            raise UserError(
                _(
                    "%(file)s was added by %(user)s: you can delete only the "
                    "files you added to a service order.",
                    file=others[0].name,
                    user=others[0].create_uid.name,
                )
            )

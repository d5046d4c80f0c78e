from odoo import models


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _get_portal_documents(self):
        """The order's posted customer invoices (drafts are the office's
        business), served by the native invoice portal."""
        documents = super()._get_portal_documents()
        # sudo: the portal page calls this on the order it checked access to;
        # only posted invoices of the order's own customer are listed
        moves = self.sudo().invoice_line_ids.move_id.filtered(
            lambda move: (
                move.state == "posted"
                and move.move_type == "out_invoice"
                and move.commercial_partner_id == self.partner_id.commercial_partner_id
            )
        )
        states = dict(moves._fields["payment_state"]._description_selection(self.env))
        for move in moves.sorted("id"):
            documents.append(
                {
                    "name": self.env._("Invoice %(name)s", name=move.name),
                    "url": move.get_portal_url(),
                    "state": states.get(move.payment_state, ""),
                }
            )
        return documents

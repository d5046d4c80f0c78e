from odoo import models

PORTAL_QUOTE_STATES = ("sent", "sale")


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _get_portal_documents(self):
        """The order's sent and confirmed quotations (drafts are the
        office's business), served by the native sale portal, where the
        customer reviews, signs and pays them."""
        documents = super()._get_portal_documents()
        # sudo: the portal page calls this on the order it checked access to;
        # only sent or confirmed quotations of the order's own customer are
        # listed (their portal URL carries their own access token)
        quotes = self.sudo().quotation_ids.filtered(
            lambda quote: (
                quote.state in PORTAL_QUOTE_STATES
                and quote.partner_id.commercial_partner_id
                == self.partner_id.commercial_partner_id
            )
        )
        states = dict(quotes._fields["state"]._description_selection(self.env))
        for quote in quotes.sorted("id"):
            if quote.state == "sent":
                name = self.env._("Quotation %(name)s", name=quote.name)
            else:
                name = self.env._("Sales Order %(name)s", name=quote.name)
            documents.append(
                {
                    "name": name,
                    "url": quote.get_portal_url(),
                    "state": states.get(quote.state, ""),
                }
            )
        return documents

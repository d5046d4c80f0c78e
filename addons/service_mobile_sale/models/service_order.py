from odoo import _, models
from odoo.exceptions import ValidationError
from odoo.tools import clean_context

from odoo.addons.service_mobile.models.service_order import clean_bool

SALESMAN_GROUP = "sales_team.group_sale_salesman"


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _mobile_do_extra_work(self, employee, booking, at, payload):
        """``quote: true``: the extra work also becomes a draft quotation for
        the order's customer (the office prices and sends it; once accepted
        it creates the follow-up order), instead of a follow-up at once."""
        quote = clean_bool(payload.get("quote"), _("Quotation"), env=self.env)
        if quote and clean_bool(payload.get("followup"), _("Follow-up"), env=self.env):
            raise ValidationError(
                _(
                    "Ask for a quotation or for a follow-up order, not both: the "
                    "quotation creates the follow-up order once the customer "
                    "accepts it."
                )
            )
        result = super()._mobile_do_extra_work(employee, booking, at, payload)
        if quote:
            note = payload["note"].strip()  # checked by super()
            self._mobile_create_quotation(note)
        return result

    def _mobile_create_quotation(self, note):
        """A draft quotation of the technician's extra-work ``note`` for the
        order's customer, for the salesperson to price and send."""
        order = self.sudo().with_context(clean_context(self.env.context))
        # sudo: technicians have no sales rights; the quotation is the
        # customer's of the order he works on (checked by the caller: his
        # booking on a workable order) with his note only, no product, no
        # price, a draft that the sales team reviews before the customer
        # sees it
        salesperson = order._get_mobile_quotation_salesperson()
        quote = order._create_extra_work_quotation(
            note, self.env["product.product"], values={"user_id": salesperson.id}
        )
        if salesperson:
            quote.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_(
                    "Price and send the extra work found on %(order)s",
                    order=order.name,
                ),
                user_id=salesperson.id,
            )
        elif order.user_id:
            order.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_(
                    "Extra work quoted from the field (%(quote)s): have sales "
                    "price and send it",
                    quote=quote.name,
                ),
                user_id=order.user_id.id,
            )
        return quote

    def _get_mobile_quotation_salesperson(self):
        """Who prices a quotation asked from the field: the order's
        responsible when he sells, else the customer's salesperson working
        for the order's company, else nobody (extension point)."""
        self.ensure_one()
        for user in (
            self.user_id,
            self.partner_id.commercial_partner_id.user_id or self.partner_id.user_id,
        ):
            if (
                user
                and not user.share
                and self.company_id in user.company_ids
                and user.has_group(SALESMAN_GROUP)
            ):
                return user
        return self.env["res.users"]

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import clean_context

from odoo.addons.service_order.tools.input_guard import clean_value
from odoo.addons.service_order.tools.record_guard import ensure_existing_record

DISPATCHER_GROUP = "service_order.group_service_dispatcher"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    service_order_id = fields.Many2one(
        "service.order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The service order on which the extra work of this quotation was found.",
    )
    service_followup_id = fields.Many2one(
        "service.order",
        string="Follow-up Order",
        readonly=True,
        copy=False,
        ondelete="set null",
        check_company=True,
        help="The service order created when this quotation was confirmed, "
        "to do the quoted work (created once).",
    )
    service_description = fields.Text(
        string="Extra Work",
        copy=False,
        help="What the technician found on site: the description of the "
        "follow-up order.",
    )

    # set by the server only (the Quote Extra Work wizard, the confirmation)
    SERVICE_SERVER_FIELDS = ("service_order_id", "service_followup_id")

    # ------------------------------------------------------------------
    # CRUD: the service links are the server's
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # only the suite's fields are cleaned: the rest is the sale
            # app's business
            for vals in vals_list:
                if not isinstance(vals, dict):
                    continue
                for fname in self.SERVICE_SERVER_FIELDS:
                    if fname in vals:
                        vals[fname] = clean_value(self, fname, vals[fname])
            self._check_service_links(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if (
            not self.env.su
            and isinstance(vals, dict)
            and any(fname in vals for fname in self.SERVICE_SERVER_FIELDS)
        ):
            raise AccessError(
                _(
                    "A quotation is linked to its service order by Quote Extra "
                    "Work on the order, and to its follow-up order when it is "
                    "confirmed; these links cannot be changed by hand."
                )
            )
        return super().write(vals)

    @api.model
    def _check_service_links(self, vals_list):
        """A new quotation names a service order only when its author may
        quote extra work on that order (the wizard's check); it never names
        a follow-up order."""
        vals_list = [vals for vals in vals_list if isinstance(vals, dict)]
        if any(vals.get("service_followup_id") for vals in vals_list):
            raise AccessError(
                _("The follow-up order of a quotation is created when it is confirmed.")
            )
        ids = {
            vals["service_order_id"]
            for vals in vals_list
            if vals.get("service_order_id")
        }
        if not ids:
            return
        orders = self.env["service.order"].browse(sorted(ids))
        if len(orders.exists()) != len(orders):
            raise AccessError(_("You can only quote extra work on an existing order."))
        for order in orders:
            order._check_can_quote()

    # ------------------------------------------------------------------
    # Confirmation: the follow-up order
    # ------------------------------------------------------------------
    def _action_confirm(self):
        result = super()._action_confirm()
        self._create_service_followups()
        return result

    def _create_service_followups(self):
        """The follow-up service order of each confirmed quotation of
        ``self`` linked to a service order, once: a quotation that has one
        (confirmed before, cancelled, set back to quotation and confirmed
        again) keeps it. One ``create()`` for the batch.

        The quotation's row is locked by the confirmation's write of its
        state (in this transaction), so a second confirmation running at the
        same time waits for this one, then finds the quotation confirmed."""
        # sudo: whoever may confirm the quotation (a salesperson without
        # service rights, the customer signing it on the portal) starts the
        # work it sells; the follow-up copies the customer, site, type and
        # responsible of the linked order (checked when the quotation was
        # linked) and the quotation's description, nothing from the client
        quotes = self.sudo().filtered(
            lambda quote: (
                quote.state == "sale"
                and quote.service_order_id
                and not quote.service_followup_id
            )
        )
        if not quotes:
            return self.env["service.order"]
        Order = (
            self.env["service.order"]
            .sudo()
            .with_context(clean_context(self.env.context), mail_create_nosubscribe=True)
        )
        vals_list = [
            quote.service_order_id._prepare_quotation_followup_values(quote)
            for quote in quotes
        ]
        followups = Order.create(vals_list)
        by_user = defaultdict(lambda: Order.browse())
        for quote, followup in zip(quotes, followups, strict=True):
            quote.service_followup_id = followup
            if followup.user_id:
                by_user[followup.user_id] |= followup
        for user, orders in by_user.items():
            orders.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Plan the extra work the customer accepted"),
                user_id=user.id,
            )
        # one batch of notes on the first orders (no notification: the
        # dispatcher has his to-do); sudo as above
        bodies = defaultdict(list)
        for quote, followup in zip(quotes, followups, strict=True):
            bodies[quote.service_order_id.id].append(
                _(
                    "Quotation %(quote)s was confirmed: follow-up order "
                    "%(followup)s is to plan.",
                    quote=quote.name,
                    followup=followup.name,
                )
            )
        quotes.service_order_id._message_log_batch(
            bodies={order_id: " ".join(texts) for order_id, texts in bodies.items()}
        )
        return followups

    # ------------------------------------------------------------------
    # Smart buttons
    # ------------------------------------------------------------------
    def action_view_service_order(self):
        quote = ensure_existing_record(self)
        return quote._get_service_order_form(quote.service_order_id)

    def action_view_service_followup(self):
        quote = ensure_existing_record(self)
        return quote._get_service_order_form(quote.service_followup_id)

    def _get_service_order_form(self, order):
        # the user's own rights on the order (a salesperson without service
        # rights gets a clean access error, not the order)
        order.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

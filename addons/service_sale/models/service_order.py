from markupsafe import Markup

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import clean_context, plaintext2html

from odoo.addons.service_order.tools.record_guard import ensure_existing_record

SALESMAN_GROUP = "sales_team.group_sale_salesman"
DISPATCHER_GROUP = "service_order.group_service_dispatcher"
# a description longer than this is no note typed on site
MAX_DESCRIPTION = 10000


class ServiceOrder(models.Model):
    _inherit = "service.order"

    quotation_ids = fields.One2many(
        "sale.order",
        "service_order_id",
        string="Quotations",
        readonly=True,
        groups=SALESMAN_GROUP,
    )
    quotation_count = fields.Integer(
        compute="_compute_quotation_count",
        string="Quotations Count",
        groups=SALESMAN_GROUP,
    )

    @api.depends("quotation_ids")
    @api.depends_context("uid")
    def _compute_quotation_count(self):
        # one grouped query for all orders (the quotations the user sees)
        data = self.env["sale.order"]._read_group(
            [("service_order_id", "in", self.ids)], ["service_order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in data}
        for order in self:
            order.quotation_count = counts.get(order.id, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_quote_extra_work(self):
        """Open the Quote Extra Work form for this order."""
        order = ensure_existing_record(self)
        order._check_can_quote()
        return {
            "type": "ir.actions.act_window",
            "name": _("Quote Extra Work"),
            "res_model": "service.sale.quote.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": order.id},
        }

    def action_view_quotations(self):
        order = ensure_existing_record(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("service_order_id", "=", order.id)]
        action["context"] = {"create": False}
        quotes = order.quotation_ids
        if len(quotes) == 1:
            action.update(views=[(False, "form")], view_mode="form", res_id=quotes.id)
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_can_quote(self):
        """The caller quotes extra work on this order: a dispatcher (or
        service manager) with the sales app's rights to create quotations,
        who may write the order, which is not cancelled."""
        self.ensure_one()
        if not self.env.su:
            user = self.env.user
            if not user.has_group(DISPATCHER_GROUP):
                raise AccessError(
                    _(
                        "Only dispatchers and service managers quote extra work; "
                        "a technician recommends it to sales from the order."
                    )
                )
            if not user.has_group(SALESMAN_GROUP):
                raise AccessError(
                    _(
                        "Quoting extra work creates a quotation: ask for the Sales "
                        "app's rights (Sales: User) first."
                    )
                )
            self.check_access("write")
        if self.state == "cancelled":
            raise UserError(
                _(
                    "%(order)s is cancelled: it cannot be quoted extra work.",
                    order=self.name,
                )
            )

    def _create_extra_work_quotation(self, description, products, values=None):
        """A draft quotation of the extra work ``description`` (with one line
        per product of ``products``) for the order's customer, linked to the
        order, created with the caller's own sales rights; ``values``: more
        values of the quotation, from the server's code (e.g. its
        salesperson)."""
        self.ensure_one()
        self._check_can_quote()
        description = (description or "").strip()
        if not description:
            raise UserError(_("Describe the extra work to quote."))
        if len(description) > MAX_DESCRIPTION:
            raise UserError(
                _(
                    "The description is %(length)s characters long: keep it "
                    "under %(max)s.",
                    length=len(description),
                    max=MAX_DESCRIPTION,
                )
            )
        not_sold = products.filtered(lambda product: not product.sale_ok)
        if not_sold:
            raise UserError(
                _(
                    "%(products)s cannot be sold: choose products that can.",
                    products=", ".join(not_sold.mapped("display_name")),
                )
            )
        vals = self._prepare_extra_work_quotation_values(description, products)
        vals.update(values or {})
        quote = (
            self.env["sale.order"]
            .with_context(clean_context(self.env.context))
            .with_company(self.company_id)
            .create(vals)
        )
        self.message_post(
            body=_(
                "Quotation %(quote)s created for the extra work found on site.",
                quote=quote.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return quote

    def _prepare_extra_work_quotation_values(self, description, products):
        """Values of the quotation of the extra work (extension point): the
        description as a note line the customer reads, then the products."""
        self.ensure_one()
        lines = [Command.create({"display_type": "line_note", "name": description})]
        lines += [
            Command.create({"product_id": product.id, "product_uom_qty": 1.0})
            for product in products
        ]
        return {
            "partner_id": self.partner_id.id,
            "partner_shipping_id": (self.site_id or self.partner_id).id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "service_order_id": self.id,
            "service_description": description,
            "order_line": lines,
            # the customer accepts extra work by signing; it is paid on its
            # invoice once done (a company's prepayment setting would leave
            # the quotation unconfirmable without a payment provider)
            "require_signature": True,
            "require_payment": False,
        }

    def _prepare_quotation_followup_values(self, quote):
        """Values of the follow-up order of the confirmed quotation
        ``quote`` (extension point): new and unassigned, for the order's
        customer, site, type and responsible dispatcher, the quotation's
        description and what it sells."""
        self.ensure_one()
        values = self._convert_to_write(
            {
                fname: self[fname]
                for fname in (
                    "partner_id",
                    "site_id",
                    "order_type_id",
                    "company_id",
                    "user_id",
                )
            }
        )
        values.update(
            followup_of_id=self.id,
            channel=self.channel,
            description=self._get_quotation_followup_description(quote),
        )
        return values

    def _get_quotation_followup_description(self, quote):
        self.ensure_one()
        parts = [
            Markup("<p>%s</p>")
            % _(
                "Extra work of quotation %(quote)s, found on %(order)s.",
                quote=quote.name,
                order=self.name,
            )
        ]
        if quote.service_description:
            parts.append(plaintext2html(quote.service_description))
        unit = self.env.ref("uom.product_uom_unit", raise_if_not_found=False)
        items = []
        for line in quote.order_line:
            if line.display_type or not line.product_id:
                continue
            # what the customer reads on the portal: "2 × Compressor",
            # "1.50 Hours × Fitting", not "2.0 Units [COMP-5] Compressor"
            name = line.product_id.with_context(display_default_code=False).display_name
            qty = self._format_quantity(line.product_uom_qty)
            if line.product_uom and line.product_uom != unit:
                item = _(
                    "%(qty)s %(uom)s × %(name)s",
                    qty=qty,
                    uom=line.product_uom.name,
                    name=name,
                )
            else:
                item = _("%(qty)s × %(name)s", qty=qty, name=name)
            items.append(Markup("<li>%s</li>") % item)
        if items:
            parts.append(Markup("<ul>%s</ul>") % Markup("").join(items))
        return Markup("").join(parts)

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.service_order.tools.input_guard import clean_vals, ensure_one
from odoo.addons.service_order.tools.record_guard import check_linked_records

from ..models.service_order import MAX_DESCRIPTION


class ServiceSaleQuoteWizard(models.TransientModel):
    """Quote Extra Work: the extra work found on a service order becomes a
    draft quotation for its customer."""

    _name = "service.sale.quote.wizard"
    _description = "Quote Extra Work"
    _check_company_auto = True

    order_id = fields.Many2one(
        "service.order",
        string="Service Order",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="order_id.company_id", compute_sudo=False)
    # read with the user's rights: the form shows only what he may read
    partner_id = fields.Many2one(
        related="order_id.partner_id", string="Customer", compute_sudo=False
    )
    description = fields.Text(
        string="Extra Work",
        required=True,
        help="What was found on site; the customer reads it on the quotation "
        "and the follow-up order gets it.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
        help="Parts and services to quote, one line each (quantities and "
        "prices are set on the quotation).",
    )
    # set by action_confirm only (refused from a client): a form gives one
    # quotation
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Quoted")],
        default="draft",
        required=True,
        readonly=True,
    )
    sale_order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)

    SERVER_FIELDS = ("state", "sale_order_id")

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        # a client may send the defaults of a new form (draft, no quotation)
        self._check_server_fields(
            [
                {
                    fname: value
                    for fname, value in vals.items()
                    if not (fname == "state" and value == "draft")
                    and not (fname == "sale_order_id" and not value)
                }
                for vals in vals_list
            ]
        )
        check_linked_records(self, vals_list, {"order_id", "product_ids"})
        wizards = super().create(vals_list)
        wizards._check_order_access()
        return wizards

    def write(self, vals):
        vals = clean_vals(self, vals)
        self._check_server_fields([vals])
        check_linked_records(self, [vals], {"order_id", "product_ids"})
        result = super().write(vals)
        if "order_id" in vals:
            self._check_order_access()
        return result

    @api.model
    def _check_server_fields(self, vals_list):
        if self.env.su:
            return
        if any(fname in vals for vals in vals_list for fname in self.SERVER_FIELDS):
            raise AccessError(
                _("The quotation of this form is created by its Create button.")
            )

    @api.constrains("description")
    def _check_description_length(self):
        for wizard in self:
            if len(wizard.description or "") > MAX_DESCRIPTION:
                raise ValidationError(
                    _(
                        "The description is %(length)s characters long: keep it "
                        "under %(max)s.",
                        length=len(wizard.description),
                        max=MAX_DESCRIPTION,
                    )
                )

    def _check_order_access(self):
        """The user may quote extra work on the order (else the form would
        show the customer of an order hidden from him)."""
        for wizard in self:
            wizard.order_id._check_can_quote()

    def action_confirm(self):
        wizard = ensure_one(self)
        if wizard.state == "done":
            raise UserError(
                _(
                    "This extra work was quoted already (%(quote)s); start a new "
                    "form from the service order to quote more.",
                    quote=wizard.sale_order_id.name,
                )
            )
        # marked first (the row is locked until commit: a second click
        # running at the same time waits, then finds it quoted). sudo: the
        # server-set fields are refused from clients; what the quotation may
        # be is checked by _create_extra_work_quotation, as the user
        wizard.sudo().state = "done"
        wizard.flush_recordset(["state"])
        quote = wizard.order_id._create_extra_work_quotation(
            wizard.description, wizard.product_ids
        )
        wizard.sudo().sale_order_id = quote
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": quote.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

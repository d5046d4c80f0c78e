from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.service_order.tools.input_guard import clean_vals, ensure_one

from ..models.service_order import RECOMMENDATION_KINDS

MAX_TITLE = 200


class ServiceCrmRecommendation(models.TransientModel):
    """What a technician recommends on site (extra work, a replacement),
    handed to the sales team as an opportunity."""

    _name = "service.crm.recommendation"
    _description = "Recommendation to Sales"

    order_id = fields.Many2one(
        "service.order",
        string="Service Order",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    # read with the user's rights (not as superuser): the wizard shows only
    # what the user may read of the order
    partner_id = fields.Many2one(
        related="order_id.partner_id", string="Customer", compute_sudo=False
    )
    kind = fields.Selection(
        RECOMMENDATION_KINDS,
        string="Recommendation",
        required=True,
        default="extra_work",
    )
    name = fields.Char(
        string="What to Offer",
        required=True,
        help="A short title for the sales team, e.g. 'Replace the compressor'.",
    )
    note = fields.Text(
        string="Technician's Note",
        help="What you saw on site and why you recommend it.",
    )
    # set by action_confirm only (refused from a client): a wizard gives one
    # opportunity
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Sent")],
        default="draft",
        required=True,
        readonly=True,
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )

    SERVER_FIELDS = ("state", "lead_id")

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        # a client may send the defaults of a new wizard (draft, no lead)
        self._check_server_fields(
            [
                {
                    fname: value
                    for fname, value in vals.items()
                    if not (fname == "state" and value == "draft")
                    and not (fname == "lead_id" and not value)
                }
                for vals in vals_list
            ]
        )
        wizards = super().create(vals_list)
        wizards._check_order_access()
        return wizards

    def write(self, vals):
        vals = clean_vals(self, vals)
        self._check_server_fields([vals])
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
                _("A recommendation is marked as sent when it is sent, not by hand.")
            )

    def _check_order_access(self):
        """The user may read and write the order (a technician: his own
        orders, of his companies): else the wizard would show the customer
        and units of an order hidden from him."""
        if self.env.su:
            return
        orders = self.order_id
        orders.check_access("read")
        orders.check_access("write")

    def action_confirm(self):
        wizard = ensure_one(self)
        if wizard.state == "done":
            raise UserError(
                _(
                    "This recommendation was already sent to the sales team; "
                    "start a new one from the service order to recommend "
                    "something else."
                )
            )
        title = (wizard.name or "").strip()
        if not title:
            raise UserError(_("Say in a few words what the sales team should offer."))
        if len(title) > MAX_TITLE:
            raise UserError(
                _(
                    "The title is %(length)s characters long: keep it under "
                    "%(max)s and put the details in the note.",
                    length=len(title),
                    max=MAX_TITLE,
                )
            )
        # marked first (the row is locked until commit: a second confirm
        # running at the same time waits, then sees it sent). sudo: the
        # server-set fields are refused from clients; the user may write the
        # order (checked again by _create_sales_opportunity)
        wizard.sudo().state = "done"
        wizard.flush_recordset(["state"])
        lead = wizard.order_id._create_sales_opportunity(wizard)
        wizard.sudo().lead_id = lead
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "The opportunity %(title)s was sent to the sales team.",
                    title=lead.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

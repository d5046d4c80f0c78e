from odoo import _, api, fields, models
from odoo.exceptions import UserError

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
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
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

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        return super().write(clean_vals(self, vals))

    def action_confirm(self):
        wizard = ensure_one(self)
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
        lead = wizard.order_id._create_sales_opportunity(wizard)
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

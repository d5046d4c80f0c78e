from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.service_order.tools.input_guard import clean_vals, ensure_one


class ServiceCallbackReviewWizard(models.TransientModel):
    """A dispatcher confirms or clears a callback flag, with a reason."""

    _name = "service.callback.review.wizard"
    _description = "Review a Callback"

    order_id = fields.Many2one(
        "service.order",
        string="Callback",
        required=True,
        ondelete="cascade",
        domain="[('callback_of_id', '!=', False)]",
    )
    callback_of_id = fields.Many2one(related="order_id.callback_of_id")
    decision = fields.Selection(
        [
            ("confirm", "Confirm: the work did not hold"),
            ("clear", "Clear: not a callback"),
        ],
        required=True,
        default="confirm",
    )
    reason = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(clean_vals(self, vals))

    def action_apply(self):
        ensure_one(self)
        order = self.order_id
        order._check_dispatcher(_("review callbacks of"))
        if not order.callback_of_id:
            raise UserError(
                _("%(order)s is not flagged as a callback.", order=order.name)
            )
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason of your decision."))
        original = order.callback_of_id
        vals = {
            "callback_reason": reason,
            "callback_review_uid": self.env.user.id,
            "callback_review_date": fields.Datetime.now(),
        }
        if self.decision == "confirm":
            vals["callback_state"] = "confirmed"
            body = _(
                "Confirmed as a callback of %(original)s: %(reason)s",
                original=original.name,
                reason=reason,
            )
        else:
            # no longer a callback: the original's first-time fix comes back
            vals.update(callback_state="cleared", callback_of_id=False)
            body = _(
                "Cleared: not a callback of %(original)s (%(reason)s)",
                original=original.name,
                reason=reason,
            )
        order._write_lifecycle(vals)
        order.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("service_report.mail_activity_type_callback")
            )
        ).action_feedback(feedback=body)
        order.message_post(body=body)
        return {"type": "ir.actions.act_window_close"}

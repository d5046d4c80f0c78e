from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.service_order.tools.input_guard import clean_vals, ensure_one


class ServiceQualityCheckWizard(models.TransientModel):
    """Record the result of a quality check on a completed order."""

    _name = "service.quality.check.wizard"
    _description = "Record a Quality Check"

    order_id = fields.Many2one(
        "service.order",
        required=True,
        ondelete="cascade",
        domain="[('state', '=', 'done')]",
    )
    result = fields.Selection(
        [("passed", "Passed"), ("failed", "Failed")], required=True, default="passed"
    )
    notes = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(clean_vals(self, vals))

    def action_apply(self):
        ensure_one(self)
        order = self.order_id
        order._check_dispatcher(_("record quality checks of"))
        if order.state != "done":
            raise UserError(
                _(
                    "%(order)s is not completed: only completed orders are checked.",
                    order=order.name,
                )
            )
        if order.quality_state not in (False, "to_check"):
            raise UserError(
                _(
                    "%(order)s: a quality result is already recorded; it is "
                    "not overwritten.",
                    order=order.name,
                )
            )
        if self.result == "failed" and not (self.notes or "").strip():
            raise UserError(_("Say what failed in the notes."))
        if not order.quality_state:
            # an order outside the sample, checked on purpose by a dispatcher:
            # it enters the checks (tracked) before its result
            order._write_lifecycle({"quality_state": "to_check"})
        order._write_lifecycle(
            {
                "quality_state": self.result,
                "quality_notes": self.notes,
                "quality_uid": self.env.user.id,
                "quality_date": fields.Datetime.now(),
            }
        )
        labels = dict(self._fields["result"]._description_selection(self.env))
        body = _(
            "Quality check %(result)s: %(notes)s",
            result=labels[self.result],
            notes=self.notes or "-",
        )
        order.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("service_report.mail_activity_type_quality")
            )
        ).action_feedback(feedback=body)
        order.message_post(body=body)
        return {"type": "ir.actions.act_window_close"}

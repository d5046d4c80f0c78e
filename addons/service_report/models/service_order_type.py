from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceOrderType(models.Model):
    _inherit = "service.order.type"

    send_report_on_completion = fields.Boolean(
        string="Send Report on Completion",
        help="When an order of this type is completed, its signed service "
        "report (PDF) is e-mailed to the customer, once.",
    )

    callback_days = fields.Integer(
        string="Callback Window (days)",
        help="A new order within this many days after a completed order of "
        "this type is its callback. 0: the company's window.",
    )
    quality_share = fields.Float(
        string="Quality Check Share (%)",
        default=-1.0,
        help="Share of this type's completed orders that get a quality check. "
        "Negative: the company's share.",
    )

    @api.constrains("callback_days", "quality_share")
    def _check_report_settings(self):
        for order_type in self:
            if not 0 <= order_type.callback_days <= 3650:
                raise ValidationError(
                    _(
                        "%(type)s: the callback window must lie between 0 and "
                        "3650 days.",
                        type=order_type.display_name,
                    )
                )
            # written so that NaN fails too
            if not -1 <= order_type.quality_share <= 100:
                raise ValidationError(
                    _(
                        "%(type)s: the quality check share must lie between 0 "
                        "and 100 (or -1 for the company's).",
                        type=order_type.display_name,
                    )
                )

    def _get_callback_days(self, company):
        """The callback window of this type in ``company`` (days)."""
        self.ensure_one()
        return self.callback_days or company.service_callback_days

    def _get_quality_share(self, company):
        self.ensure_one()
        if self.quality_share >= 0:
            return self.quality_share
        return company.service_quality_share

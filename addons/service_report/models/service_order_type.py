from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

# the fields _get_max_callback_days reads: a change clears its cache
CALLBACK_BOUND_FIELDS = {"callback_days", "company_id", "active"}


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

    @api.model_create_multi
    def create(self, vals_list):
        order_types = super().create(vals_list)
        if any(order_type.callback_days for order_type in order_types):
            self.env.registry.clear_cache()  # _get_max_callback_days
        return order_types

    def write(self, vals):
        result = super().write(vals)
        if CALLBACK_BOUND_FIELDS & vals.keys():
            self.env.registry.clear_cache()  # _get_max_callback_days
        return result

    def unlink(self):
        bounded = any(order_type.callback_days for order_type in self)
        result = super().unlink()
        if bounded:
            self.env.registry.clear_cache()  # _get_max_callback_days
        return result

    @api.model
    @tools.ormcache("company_ids")
    def _get_max_callback_days(self, company_ids):
        """The longest callback window of the active types of these
        companies and the shared ones (0: none).

        Cached in the registry (cleared, and the other workers signalled,
        when a type's window, company or archiving changes): every order's
        create bounds its callback search with it."""
        # sudo and an empty context: the result is shared by every user and
        # request of the worker; the domain keeps what the multi-company rule
        # lets through (these companies and shared types); only a number of
        # days comes out of it
        env = self.env(context={}, su=True)
        return (
            env[self._name]._read_group(
                [
                    ("callback_days", ">", 0),
                    ("company_id", "in", [*company_ids, False]),
                ],
                [],
                ["callback_days:max"],
            )[0][0]
            or 0
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

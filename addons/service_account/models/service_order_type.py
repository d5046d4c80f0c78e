from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import check_linked_records

from .hr_employee import RATE_MAX

LINK_FIELDS = {"labour_product_id", "analytic_account_id"}


class ServiceOrderType(models.Model):
    _inherit = "service.order.type"

    billing_method = fields.Selection(
        [("flat", "Flat rate"), ("time", "Time and materials")],
        default="flat",
        required=True,
        help="Flat rate: the service codes, parts and labour lines of the "
        "order at their prices. Time and materials: the parts, plus the "
        "technicians' logged time at their hourly rate.",
    )
    labour_product_id = fields.Many2one(
        "product.product",
        domain="[('type', '=', 'service')]",
        help="Product of the labour lines (its taxes and accounts apply); the "
        "company's labour product when empty.",
    )
    labour_rate = fields.Float(
        string="Hourly Rate",
        digits="Product Price",
        help="Billed per hour of a technician who has no billing rate of his own.",
    )
    bill_travel = fields.Boolean(
        string="Bill Travel Time",
        help="Time and materials: travel time is billed with the work time.",
    )
    time_increment = fields.Integer(
        string="Rounding (min)",
        default=15,
        help="Each technician's billed time is rounded up to this many "
        "minutes; 0: not rounded.",
    )
    is_emergency = fields.Boolean(
        string="Emergency",
        help="Every order of this type gets the surcharge.",
    )
    after_hours_surcharge = fields.Boolean(
        string="After-Hours Surcharge",
        default=True,
        help="An order scheduled outside the company's working hours gets the "
        "surcharge.",
    )
    surcharge_percent = fields.Float(
        string="Surcharge (%)",
        help="Percentage of the order's billed amount; 0: the company's "
        "after-hours percentage.",
    )
    surcharge_amount = fields.Float(
        string="Surcharge (fixed)",
        digits="Product Price",
        help="Fixed amount added by the surcharge.",
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        groups="analytic.group_analytic_accounting",
        help="Analytic account of the invoice lines of this type's orders "
        "(an order's own analytic account wins).",
    )

    @api.constrains(
        "labour_rate", "time_increment", "surcharge_percent", "surcharge_amount"
    )
    def _check_billing_terms(self):
        for order_type in self:
            # written so that NaN fails too
            if not (
                0 <= order_type.labour_rate <= RATE_MAX
                and 0 <= order_type.time_increment <= 24 * 60
                and 0 <= order_type.surcharge_percent <= 1000
                and 0 <= order_type.surcharge_amount <= RATE_MAX
            ):
                raise ValidationError(
                    _(
                        "%(type)s: the hourly rate, the rounding (0 to 1440 "
                        "minutes) and the surcharge cannot be negative or "
                        "absurdly large.",
                        type=order_type.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        check_linked_records(self, vals_list, LINK_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        check_linked_records(self, [vals], LINK_FIELDS)
        return super().write(vals)

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RATE_MAX = 1e6


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    service_billing_rate = fields.Float(
        string="Billing Rate (per hour)",
        digits="Product Price",
        groups="hr.group_hr_user,account.group_account_invoice",
        help="Hourly rate billed to customers for this technician's time on "
        "time-and-materials orders; 0: the order type's rate.",
    )

    @api.constrains("service_billing_rate")
    def _check_service_billing_rate(self):
        for employee in self:
            # sudo: the rate is an HR field; only its bounds are checked
            rate = employee.sudo().service_billing_rate
            if not 0 <= rate <= RATE_MAX:
                raise ValidationError(
                    _(
                        "%(employee)s: the billing rate must lie between 0 and "
                        "%(max)s.",
                        employee=employee.name,
                        max=int(RATE_MAX),
                    )
                )

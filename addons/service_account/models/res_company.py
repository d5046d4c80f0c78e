from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    service_surcharge_product_id = fields.Many2one(
        "product.product",
        string="Surcharge Product",
        domain="[('type', '=', 'service')]",
        help="Product of the after-hours and emergency surcharge lines; the "
        "suite's own surcharge product when empty.",
    )
    service_after_hours_percent = fields.Float(
        string="After-Hours Surcharge (%)",
        help="Added to an order scheduled outside the company's working hours "
        "(or on a holiday) when its type does not set its own surcharge.",
    )
    service_labour_product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        domain="[('type', '=', 'service')]",
        help="Product of the labour lines of time-and-materials orders when "
        "their type names none.",
    )

    @api.constrains("service_after_hours_percent")
    def _check_service_after_hours_percent(self):
        for company in self:
            if not 0 <= company.service_after_hours_percent <= 1000:
                raise ValidationError(
                    _("The after-hours surcharge must lie between 0 and 1000 %.")
                )

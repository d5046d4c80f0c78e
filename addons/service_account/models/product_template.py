from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.models.service_order import MAX_ORDER_HOURS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    is_service_code = fields.Boolean(
        string="Service Code",
        help="A flat-rate service of the pricebook: billed at its price "
        "(or the customer's pricelist price) whatever the time spent.",
    )
    service_duration = fields.Float(
        string="Standard Duration (h)",
        help="Hours a technician is expected to spend on this service code.",
    )
    service_bundle_line_ids = fields.One2many(
        "service.bundle.line",
        "template_id",
        string="Included Parts and Labour",
        help="What the code includes: the parts and labour of these products "
        "used on the order are billed inside the code's price, up to these "
        "quantities per code.",
    )
    is_service_bundle = fields.Boolean(
        string="Bundle", compute="_compute_is_service_bundle", store=True
    )

    @api.depends("service_bundle_line_ids")
    def _compute_is_service_bundle(self):
        for template in self:
            template.is_service_bundle = bool(template.service_bundle_line_ids)

    @api.constrains("service_duration", "is_service_code", "type")
    def _check_service_code(self):
        for template in self:
            # written so that NaN fails too
            if not 0 <= template.service_duration <= MAX_ORDER_HOURS:
                raise ValidationError(
                    _(
                        "%(product)s: the standard duration must lie between 0 "
                        "and %(max)s hours.",
                        product=template.display_name,
                        max=int(MAX_ORDER_HOURS),
                    )
                )
            if template.is_service_code and template.type != "service":
                raise ValidationError(
                    _(
                        "%(product)s: a service code must be a service product.",
                        product=template.display_name,
                    )
                )

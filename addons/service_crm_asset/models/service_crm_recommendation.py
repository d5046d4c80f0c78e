from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceCrmRecommendation(models.TransientModel):
    _inherit = "service.crm.recommendation"

    # read with the user's rights (not as superuser), as the customer
    order_equipment_ids = fields.Many2many(
        related="order_id.equipment_ids", compute_sudo=False
    )
    equipment_id = fields.Many2one(
        "maintenance.equipment",
        string="Unit",
        compute="_compute_equipment_id",
        store=True,
        readonly=False,
        # with the user's rights: the order's only unit is not shown for an
        # order hidden from him
        compute_sudo=False,
        domain="[('id', 'in', order_equipment_ids)]",
        help="The unit the recommendation is about: one of the order's units.",
    )

    @api.depends("order_id")
    def _compute_equipment_id(self):
        for wizard in self:
            units = wizard.order_id.equipment_ids
            wizard.equipment_id = units if len(units) == 1 else False

    @api.constrains("equipment_id", "order_id")
    def _check_equipment(self):
        for wizard in self:
            if wizard.equipment_id and wizard.equipment_id not in (
                wizard.order_id.equipment_ids
            ):
                raise ValidationError(
                    _(
                        "Recommend a unit of the order only (one serviced on this "
                        "visit)."
                    )
                )

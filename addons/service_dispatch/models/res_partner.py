from odoo import api, fields, models

from odoo.addons.service_order.tools.input_guard import clean_value


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_territory_id = fields.Many2one(
        "service.territory",
        index="btree_not_null",
        check_company=True,
        help="The territory of this service site: the dispatch board filters "
        "orders and technicians by it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._clean_territory(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._clean_territory(vals))

    def _clean_territory(self, vals):
        """The territory id in the shape the ORM documents (not ``"7"`` or
        ``[7]``); the rest of the values is res.partner's business."""
        if isinstance(vals, dict) and "service_territory_id" in vals:
            vals = dict(vals)
            vals["service_territory_id"] = clean_value(
                self, "service_territory_id", vals["service_territory_id"]
            )
        return vals

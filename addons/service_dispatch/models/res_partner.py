from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.tools.input_guard import clean_value


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_territory_id = fields.Many2one(
        "service.territory",
        index="btree_not_null",
        # not check_company: a site shared between companies (no company, as
        # Odoo creates contacts) may lie in a company's territory, while
        # check_company would allow it only territories of no company, which
        # don't exist. A site of one company takes only that company's
        # territories (_check_service_territory_company).
        domain="company_id and [('company_id', '=', company_id)] or []",
        help="The territory of this service site: the dispatch board filters "
        "orders and technicians by it.",
    )

    @api.constrains("service_territory_id", "company_id")
    def _check_service_territory_company(self):
        for partner in self:
            # sudo: reads only the company of the territory, to compare it with
            # the site's; the message names the site's own company
            territory = partner.service_territory_id.sudo()
            if (
                territory
                and partner.company_id
                and territory.company_id != partner.company_id
            ):
                raise ValidationError(
                    _(
                        "The territory of %(site)s must belong to its company "
                        "(%(company)s).",
                        site=partner.display_name,
                        company=partner.company_id.name,
                    )
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

from markupsafe import Markup

from odoo import _, models


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _get_opportunity_description(self, recommendation):
        paragraphs = super()._get_opportunity_description(recommendation)
        unit = recommendation.equipment_id
        if unit:
            paragraphs.insert(
                1,
                Markup("<p>%s</p>")
                % _(
                    "Unit: %(unit)s (%(model)s, installed %(installed)s).",
                    unit=unit.display_name,
                    model=unit.model or unit.category_id.display_name or "-",
                    installed=unit.install_date or "-",
                ),
            )
        return paragraphs

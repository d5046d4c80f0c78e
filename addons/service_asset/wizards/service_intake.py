from odoo import _, fields, models
from odoo.tools import format_date

# how many of the site's units the intake dialog lists
INTAKE_UNIT_LIMIT = 10


class ServiceIntake(models.TransientModel):
    _inherit = "service.intake"

    def _get_intake_site_summary(self):
        """The site's units and their warranty, in three queries at most
        whatever the number of units."""
        summary = super()._get_intake_site_summary()
        if not self.site_id:
            return summary
        units_model = self.env["maintenance.equipment"]
        domain = [
            ("site_id", "=", self.site_id._origin.id),
            ("company_id", "in", [(self.company_id or self.env.company).id, False]),
        ]
        units = units_model.search(domain, limit=INTAKE_UNIT_LIMIT, order="name, id")
        total = (
            len(units)
            if len(units) < INTAKE_UNIT_LIMIT
            else units_model.search_count(domain)
        )
        under_warranty = (
            units_model.search_count(domain + [("under_warranty", "=", True)])
            if units
            else 0
        )
        today = fields.Date.context_today(self)
        lines = []
        for unit in units:
            if unit._is_under_warranty(today):
                warranty = _(
                    "under warranty until %(date)s",
                    date=format_date(self.env, unit.warranty_date),
                )
            else:
                warranty = _("no warranty")
            lines.append(
                _("%(unit)s, %(warranty)s", unit=unit.display_name, warranty=warranty)
            )
        summary["units"] = units
        summary["unit_count"] = total
        summary["warranty_count"] = under_warranty
        summary["sections"].append(
            {
                "key": "units",
                "title": _(
                    "Units: %(count)s, %(warranty)s under warranty",
                    count=total,
                    warranty=under_warranty,
                ),
                "count": None,
                "level": "info" if units else "muted",
                "lines": lines,
            }
        )
        return summary

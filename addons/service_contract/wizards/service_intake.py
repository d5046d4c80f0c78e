from odoo import _, fields, models
from odoo.tools import format_date


class ServiceIntake(models.TransientModel):
    _inherit = "service.intake"

    def _get_intake_site_summary(self):
        """The active contract that covers the site today (the site listed,
        or every site of the customer): one query."""
        summary = super()._get_intake_site_summary()
        site = self.site_id._origin
        if not site:
            return summary
        today = fields.Date.context_today(self)
        contracts = self.env["service.contract"].search(
            [
                ("state", "=", "active"),
                ("commercial_partner_id", "=", site.commercial_partner_id.id),
                ("company_id", "=", (self.company_id or self.env.company).id),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
                "|",
                ("site_ids", "=", False),
                ("site_ids", "in", site.ids),
            ],
            order="date_start desc, id desc",
        )
        summary["contracts"] = contracts
        summary["sections"].append(
            {
                "key": "contracts",
                "title": _("Contract"),
                "count": len(contracts),
                "level": "info" if contracts else "muted",
                "lines": [
                    _(
                        "%(contract)s, until %(date)s",
                        contract=contract.display_name,
                        # the user's date format, as the date widgets show it
                        # (a contract always has an end)
                        date=format_date(self.env, contract.date_end),
                    )
                    for contract in contracts
                ],
            }
        )
        return summary

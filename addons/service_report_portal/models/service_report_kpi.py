from odoo import api, models
from odoo.tools import SQL


class ServiceReportKpi(models.Model):
    _inherit = "service.report.kpi"

    @api.model
    def _rating_sql(self):
        """The customer's rating of order ``o``: the stored last consumed
        rating of the rating mixin (``service_portal``). The mixin stores 0
        for an order never rated; NULL keeps it out of the average."""
        return SQL("NULLIF(o.rating_last_value, 0)::double precision")

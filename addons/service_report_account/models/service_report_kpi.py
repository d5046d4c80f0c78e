from odoo import api, models
from odoo.tools import SQL


class ServiceReportKpi(models.Model):
    _inherit = "service.report.kpi"

    @api.model
    def _revenue_sql(self):
        """The order's revenue: its invoice lines (draft or posted, not
        cancelled) in company currency; NULL for an order never invoiced."""
        return SQL(
            """(SELECT SUM(-aml.balance)
                  FROM account_move_line aml
                 WHERE aml.service_order_id = o.id
                   AND aml.parent_state != 'cancel'
                   AND aml.display_type = 'product')::double precision"""
        )

from odoo import models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)


class ServiceReportWorkbookWizard(models.TransientModel):
    _inherit = "service.report.workbook.wizard"

    def _get_order_columns(self):
        # empty where a group has no rating (the average of no value)
        return super()._get_order_columns() + [("rating", _lt("Avg. rating"), "dec")]

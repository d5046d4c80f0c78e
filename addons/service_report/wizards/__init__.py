from . import service_callback_review_wizard
from . import service_quality_check_wizard
from . import service_report_workbook_wizard

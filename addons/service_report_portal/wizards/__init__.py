from . import service_report_workbook_wizard

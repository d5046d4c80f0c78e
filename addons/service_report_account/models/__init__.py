from . import service_report_kpi

from . import res_company
from . import res_config_settings
from . import service_order
from . import service_order_type
from . import service_report_kpi
from . import service_technician_day

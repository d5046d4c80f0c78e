from . import res_company, res_config_settings, service_order
from . import ir_http

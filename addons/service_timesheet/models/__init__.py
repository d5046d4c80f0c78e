from . import account_analytic_line
from . import res_company
from . import service_order_type
from . import service_order_timelog

from . import crm_lead
from . import res_partner
from . import service_order
from . import service_order_type

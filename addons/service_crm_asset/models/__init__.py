from . import res_partner
from . import service_crm_recommendation
from . import service_order

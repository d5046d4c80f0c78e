from . import service_crm_recommendation

from . import test_crm_contract

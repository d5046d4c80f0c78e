from . import test_crm_account

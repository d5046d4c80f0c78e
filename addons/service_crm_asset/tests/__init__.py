from . import test_crm_asset

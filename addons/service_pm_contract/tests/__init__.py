from . import test_contract_plans
from . import test_rpc

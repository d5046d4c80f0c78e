from . import service_contract
from . import service_contract_sla
from . import service_order
from . import account_move

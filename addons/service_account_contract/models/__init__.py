from . import account_move
from . import account_move_line
from . import service_contract
from . import service_order
from . import service_order_line

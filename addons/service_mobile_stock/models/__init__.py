from . import service_order
from . import service_order_line

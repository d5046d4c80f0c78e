from . import service_mobile_action
from . import service_order
from . import service_order_assignment
from . import service_order_checklist_item
from . import service_order_line
from . import res_users

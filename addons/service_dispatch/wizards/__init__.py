from . import service_dispatch_plan_wizard
from . import service_dispatch_plan_line

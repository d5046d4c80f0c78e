from . import service_dispatch_plan_wizard
from . import service_dispatch_plan_guarded
from . import service_dispatch_plan_route
from . import service_dispatch_plan_line
from . import service_dispatch_plan_dropped

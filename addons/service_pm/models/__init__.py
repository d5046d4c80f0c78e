from . import service_pm_plan
from . import service_order
from . import service_pm_forecast
from . import maintenance_equipment

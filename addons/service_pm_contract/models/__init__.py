from . import service_pm_plan

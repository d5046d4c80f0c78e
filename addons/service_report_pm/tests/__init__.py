from . import test_dashboard_pm

from . import test_report_team

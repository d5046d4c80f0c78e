from . import test_portal_report

from . import test_portal_quotations

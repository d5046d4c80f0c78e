from . import test_portal_units

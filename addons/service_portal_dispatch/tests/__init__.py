from . import test_portal_travel

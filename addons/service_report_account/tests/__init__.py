from . import test_revenue

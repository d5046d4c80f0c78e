from . import test_unit_visits

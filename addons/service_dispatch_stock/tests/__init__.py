from . import test_parts_availability

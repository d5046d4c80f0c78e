from . import test_van_parts

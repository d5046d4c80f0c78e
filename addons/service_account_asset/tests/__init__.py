from . import test_warranty

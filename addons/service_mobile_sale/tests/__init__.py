from . import test_mobile_quote

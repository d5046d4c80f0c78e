from . import test_access
from . import test_followup
from . import test_quote

from . import test_coverage
from . import test_cap
from . import test_access
from . import test_performance

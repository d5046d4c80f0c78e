from . import test_pricing
from . import test_invoicing
from . import test_access
from . import test_periodic
from . import test_performance
from . import test_costing

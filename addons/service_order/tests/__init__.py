from . import test_working_time
from . import test_lifecycle
from . import test_sla
from . import test_security
from . import test_bad_input
from . import test_performance
from . import test_tour
from . import test_smart_buttons

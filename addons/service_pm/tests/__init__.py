from . import test_recurrence
from . import test_pm_generation
from . import test_pm_idempotency
from . import test_pm_security
from . import test_pm_performance
from . import test_technician_flow
from . import test_hostile_input
from . import test_ui

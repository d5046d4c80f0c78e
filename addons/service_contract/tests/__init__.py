from . import test_coverage
from . import test_contract_lifecycle
from . import test_billing
from . import test_sla
from . import test_security
from . import test_hostile_input
from . import test_technician_flow
from . import test_ui

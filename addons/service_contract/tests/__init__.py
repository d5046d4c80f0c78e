from . import test_coverage
from . import test_contract_lifecycle
from . import test_billing
from . import test_sla
from . import test_security

from . import test_shift_utils
from . import test_dashboard
from . import test_dashboard_js
from . import test_handoff
from . import test_map
from . import test_service_report_pdf

from . import test_sampling
from . import test_callback
from . import test_quality
from . import test_kpi
from . import test_workbook

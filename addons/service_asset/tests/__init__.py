from . import test_equipment
from . import test_meter
from . import test_order_equipment
from . import test_security
from . import test_performance
from . import test_ui
from . import test_hostile_input
from . import test_views

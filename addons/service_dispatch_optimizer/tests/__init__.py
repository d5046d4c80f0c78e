from . import test_optimizer
from . import test_vrp_modules
from . import test_vrp_local
from . import test_plan_wizard
from . import test_forged_proposal
from . import test_plan_trust
from . import test_board_action
from . import test_plan_bookings

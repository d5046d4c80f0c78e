from . import test_mobile_actions
from . import test_mobile_day
from . import test_notifications
from . import test_return_visit
from . import test_tour_mobile

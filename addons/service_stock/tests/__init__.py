from . import test_van
from . import test_completion
from . import test_lots_equipment
from . import test_access
from . import test_performance
from . import test_race

from . import working_time
from . import activity_widget

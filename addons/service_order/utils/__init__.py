from . import working_time

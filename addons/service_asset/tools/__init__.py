from . import record_guard

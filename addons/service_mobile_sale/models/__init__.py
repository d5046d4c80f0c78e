from . import service_order

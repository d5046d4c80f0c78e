from . import service_intake

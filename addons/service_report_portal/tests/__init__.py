from . import test_kpi_rating

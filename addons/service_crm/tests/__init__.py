from . import test_lead_to_order
from . import test_recommend
from . import test_customer_view
from . import test_tour
from . import test_review_fixes

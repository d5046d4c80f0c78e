from . import test_upload_utils
from . import test_request
from . import test_status
from . import test_reschedule_rating
from . import test_reminder
from . import test_portal_access
from . import test_http_fuzz
from . import test_tour

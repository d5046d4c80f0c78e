from . import test_job_invoicing

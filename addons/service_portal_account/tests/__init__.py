from . import test_portal_documents

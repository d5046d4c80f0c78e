from odoo.tests import tagged

from odoo.addons.service_account.tests.common import ServiceAccountCase


@tagged("post_install", "-at_install")
class TestPortalDocuments(ServiceAccountCase):
    def test_posted_invoices_only(self):
        order = self._done_order([(self.code_diag, 1)])
        order.action_create_invoice()
        self.assertEqual(order._get_portal_documents(), [])
        move = order.invoice_ids
        move.action_post()
        documents = order._get_portal_documents()
        self.assertEqual(len(documents), 1)
        self.assertIn(move.name, documents[0]["name"])
        self.assertEqual(documents[0]["url"], move.get_portal_url())

"""A create reads the orders' sequence settings from the registry's cache:
a change of the sequence reaches the next order (issue 8)."""

from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestCreateCaches(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequence = cls.env.ref("service_order.seq_service_order")

    def _name_of_new_order(self):
        return (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .create(self._order_values(date_received=datetime(2026, 1, 9, 15, 0)))
            .name
        )

    def test_sequence_changes_reach_the_next_order(self):
        first = self._name_of_new_order()
        year = str(datetime.now().year)
        self.assertTrue(first.startswith(f"SO/{year}/"), first)
        self.sequence.write({"prefix": "FS-%(year)s-", "padding": 3})
        second = self._name_of_new_order()
        self.assertRegex(second, rf"^FS-{year}-\d{{3,}}$")
        self.assertGreater(int(second.rsplit("-", 1)[1]), int(first.rsplit("/")[-1]))
        # no gaps: drawn by the sequence's own code
        self.sequence.implementation = "no_gap"
        number = self.sequence.number_next_actual
        self.assertEqual(self._name_of_new_order(), f"FS-{year}-{number:03d}")

    def test_company_sequence_then_missing_sequence(self):
        own = self.sequence.copy(
            {"company_id": self.company.id, "prefix": "OWN/", "number_next": 7}
        )
        self.assertEqual(self._name_of_new_order(), "OWN/00007")
        own.unlink()
        self.assertTrue(self._name_of_new_order().startswith("SO/"))
        self.sequence.code = "service.order.old"
        with self.assertRaisesRegex(UserError, "sequence of service orders"):
            self._name_of_new_order()

    def test_creation_message(self):
        order = (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .with_context(mail_create_nolog=False, tracking_disable=False)
            .create(self._order_values())
        )
        self.assertIn("Service Order created", order.message_ids.mapped("body")[-1])

import json

from odoo.tests import tagged

from .common import DispatchCase

NOTIFICATION = "service_dispatch/board_changed"


@tagged("post_install", "-at_install")
class TestBoardLiveUpdates(DispatchCase):
    """Open boards learn about order changes through the bus: one message
    per company and transaction, sent when it commits, on a channel only the
    company's dispatchers listen to."""

    def _board_messages(self, since):
        # what the commit would send (bus messages are created in precommit)
        self.env.cr.precommit.run()
        messages = self.env["bus.bus"].sudo().search([("id", ">", since)])
        return [
            (json.loads(m.channel), json.loads(m.message)["payload"])
            for m in messages
            if json.loads(m.message)["type"] == NOTIFICATION
        ]

    def _last_bus_id(self):
        self.env.cr.precommit.run()
        return self.env["bus.bus"].sudo()._bus_last_id()

    def test_one_message_per_company_with_the_changed_orders(self):
        first = self._book(self.tech_a, 13, 9, 10)
        second = self._create_order()
        since = self._last_bus_id()
        first.with_user(self.dispatcher).dispatch_board_move(
            self.tech_b.id, "2026-01-13 10:00:00", "2026-01-13 11:00:00"
        )
        second.priority = "3"
        (channel, payload), *others = self._board_messages(since)
        self.assertFalse(others)
        self.assertEqual(
            channel,
            [
                self.env.cr.dbname,
                "res.company",
                self.company.id,
                "service_dispatch_board",
            ],
        )
        self.assertEqual(
            payload,
            {"company_id": self.company.id, "order_ids": sorted((first | second).ids)},
        )

    def test_creation_and_deletion_are_announced(self):
        since = self._last_bus_id()
        order = self._create_order()
        self.assertEqual(self._board_messages(since)[0][1]["order_ids"], order.ids)
        since = self._last_bus_id()
        order.unlink()
        self.assertEqual(self._board_messages(since)[0][1]["order_ids"], order.ids)

    def test_changes_the_board_does_not_draw_are_silent(self):
        order = self._create_order()
        since = self._last_bus_id()
        order.write({"description": "<p>Bring a ladder</p>", "contact_phone": "123"})
        self.assertEqual(self._board_messages(since), [])

    def test_rolled_back_change_sends_nothing(self):
        order = self._create_order()
        since = self._last_bus_id()
        with self.assertRaises(ValueError), self.env.cr.savepoint():
            order.priority = "2"
            raise ValueError("rollback")
        # the savepoint rolled back the write; nothing pending for the board
        self.env.cr.precommit.clear()
        self.assertEqual(self._board_messages(since), [])

    def _channels(self, user):
        return self.env["ir.websocket"].with_user(user)._get_dispatch_board_channels()

    def test_only_dispatchers_listen_to_their_companies(self):
        self.dispatcher.company_ids = self.company | self.company2
        channels = self._channels(self.dispatcher)
        self.assertIn((self.company, "service_dispatch_board"), channels)
        self.assertIn((self.company2, "service_dispatch_board"), channels)
        technician_channels = self._channels(self.tech_user_a)
        self.assertEqual(technician_channels, [])

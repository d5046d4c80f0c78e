from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DispatchCase

RANGE = ("2026-01-12 00:00:00", "2026-01-17 00:00:00")


@tagged("post_install", "-at_install")
class TestBoardUnassign(DispatchCase):
    """A block dropped onto the board's unassigned panel: the board sends the
    order's own ``write`` (board_model.js ``unassignValues``), one call that
    the lifecycle routes through "reset to new" with its checks."""

    # what the board sends (JSON commands 5 and 3)
    UNASSIGN_LEAD = {"state": "new", "technician_id": False, "crew_ids": [(5, 0, 0)]}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.crewed = cls._book(
            cls.tech_a, 13, 9, 11, crew_ids=[Command.set(cls.tech_b.ids)]
        )
        # as a drop on the board leaves it
        cls.crewed.action_schedule()

    def _board(self, user):
        return self.env["service.order"].with_user(user).get_dispatch_board_data(*RANGE)

    def _rows(self, data):
        return sorted(
            (block["technician_id"], block["role"])
            for block in data["blocks"]
            if block["id"] == self.crewed.id
        )

    def test_lead_block_onto_panel_unassigns_the_order(self):
        self.assertEqual(self.crewed.state, "scheduled")
        self.assertEqual(
            self._rows(self._board(self.dispatcher)),
            sorted([(self.tech_a.id, "lead"), (self.tech_b.id, "crew")]),
        )
        self.crewed.with_user(self.dispatcher).write(dict(self.UNASSIGN_LEAD))
        self.assertEqual(self.crewed.state, "new")
        self.assertFalse(self.crewed.technician_id)
        self.assertFalse(self.crewed.crew_ids)
        data = self._board(self.dispatcher)
        self.assertEqual(self._rows(data), [])
        self.assertIn(self.crewed.id, [order["id"] for order in data["unassigned"]])

    def test_crew_block_onto_panel_takes_only_him_off(self):
        self.crewed.with_user(self.dispatcher).write(
            {"crew_ids": [(3, self.tech_b.id, 0)]}
        )
        self.assertEqual(self.crewed.technician_id, self.tech_a)
        self.assertEqual(self.crewed.state, "scheduled")
        self.assertEqual(
            self._rows(self._board(self.dispatcher)), [(self.tech_a.id, "lead")]
        )

    def test_a_technician_cannot_unassign(self):
        with self.assertRaises(AccessError):
            self.crewed.with_user(self.tech_user_a).write(dict(self.UNASSIGN_LEAD))
        self.assertEqual(self.crewed.technician_id, self.tech_a)
        self.assertEqual(self.crewed.state, "scheduled")

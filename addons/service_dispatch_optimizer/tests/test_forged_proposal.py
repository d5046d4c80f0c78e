from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.service_order.tests.common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestForgedProposal(ServiceOrderCase):
    """A proposal is the solver's: a dispatcher cannot make one by hand over
    RPC (a stop on any order, outside the checks of the solve) and Apply it."""

    def test_stops_and_proposal_figures_are_the_solvers(self):
        Wizard = self.env["service.dispatch.plan.wizard"].with_user(self.dispatcher)
        with self.assertRaises(UserError):
            Wizard.create({"state": "proposed"})
        wizard = Wizard.create({})
        self.assertEqual(wizard.state, "draft")
        with self.assertRaises(UserError):
            wizard.write({"state": "proposed", "planned_count": 3})
        order = self.env["service.order"].create(
            {"partner_id": self.customer.id, "order_type_id": self.plain_type.id}
        )
        with self.assertRaises(UserError):
            route = (
                self.env["service.dispatch.plan.route"]
                .with_user(self.dispatcher)
                .create({"wizard_id": wizard.id, "technician_id": self.tech_a.id})
            )
        route = self.env["service.dispatch.plan.route"].create(
            {"wizard_id": wizard.id, "technician_id": self.tech_a.id}
        )
        with self.assertRaises(UserError):
            self.env["service.dispatch.plan.line"].with_user(self.dispatcher).create(
                {
                    "wizard_id": wizard.id,
                    "route_id": route.id,
                    "technician_id": self.tech_a.id,
                    "order_id": order.id,
                }
            )
        self.assertFalse(wizard.route_ids.line_ids)
        self.assertEqual(wizard.state, "draft")

    def test_override_note_is_the_boards(self):
        order = self.env["service.order"].create(
            {"partner_id": self.customer.id, "order_type_id": self.plain_type.id}
        )
        for vals in (
            {"dispatch_override_note": "forged"},
            {"dispatch_override_note": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                order.with_user(self.dispatcher).write(vals)
        with self.assertRaises(UserError):
            self.env["service.order"].with_user(self.dispatcher).create(
                {
                    "partner_id": self.customer.id,
                    "order_type_id": self.plain_type.id,
                    "dispatch_override_note": "forged",
                }
            )
        self.assertFalse(order.dispatch_override_note)

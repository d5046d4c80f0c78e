from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .service_dispatch_plan_wizard import REASON_REMOVED, proposal_env


class ServiceDispatchPlanLine(models.TransientModel):
    _name = "service.dispatch.plan.line"
    _inherit = ["service.dispatch.plan.guarded"]
    _description = "Auto-Dispatch: Proposed Stop"
    _order = "route_id, sequence"

    route_id = fields.Many2one(
        "service.dispatch.plan.route", required=True, ondelete="cascade", index=True
    )
    technician_id = fields.Many2one("hr.employee", required=True, readonly=True)
    order_id = fields.Many2one("service.order", required=True, readonly=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    priority = fields.Selection(related="order_id.priority")
    sequence = fields.Integer(readonly=True)
    date_start = fields.Datetime(string="Start", readonly=True)
    duration = fields.Float(string="Duration (h)", readonly=True)
    date_end = fields.Datetime(string="End", compute="_compute_date_end")
    travel_minutes = fields.Float(string="Drive (min)", readonly=True)
    idle_minutes = fields.Float(string="Idle (min)", readonly=True)
    late_minutes = fields.Float(
        string="SLA Late (min)",
        readonly=True,
        help="Minutes past the order's resolution deadline at the planned end.",
    )
    is_locked = fields.Boolean(
        string="Already Planned",
        readonly=True,
        help="The technician's order already scheduled at this time: kept as it is.",
    )

    @api.depends("date_start", "duration")
    def _compute_date_end(self):
        for line in self:
            line.date_end = (
                line.date_start + timedelta(hours=line.duration)
                if line.date_start
                else False
            )

    def action_drop(self):
        """Take this stop out of the proposal before Apply: the order is
        listed as not planned; the other stops keep their times (driving
        straight from the previous stop to the next is never longer)."""
        self.env["service.order"]._check_dispatch_access()
        if len(self) != 1:
            raise UserError(self.env._("Drop one stop at a time."))
        wizard, route = self.wizard_id, self.route_id
        wizard._check_not_applied()
        if wizard.state != "proposed":
            raise UserError(self.env._("Plan the orders first."))
        if self.is_locked:
            raise UserError(
                self.env._(
                    "%(order)s was already planned: it is not part of the "
                    "proposal and stays as it is.",
                    order=self.order_id.name,
                )
            )
        proposal_env(self.env["service.dispatch.plan.dropped"]).create(
            {
                "wizard_id": wizard.id,
                "order_id": self.order_id.id,
                "reason": REASON_REMOVED,
            }
        )
        proposal_env(wizard).write(
            {
                "planned_count": max(0, wizard.planned_count - 1),
                "dropped_count": wizard.dropped_count + 1,
            }
        )
        proposal_env(self).unlink()
        if route.line_ids:
            proposal_env(route).write(
                {
                    "stop_count": len(route.line_ids),
                    "new_count": len(
                        route.line_ids.filtered(lambda item: not item.is_locked)
                    ),
                }
            )
        else:
            proposal_env(route).unlink()
        return wizard._reopen()

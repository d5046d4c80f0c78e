from odoo import api, fields, models

from ..utils import vrp
from .service_dispatch_plan_wizard import (
    REASON_BOOKED,
    REASON_CREW_BUSY,
    REASON_REMOVED,
    REASON_SELECTION,
)


class ServiceDispatchPlanDropped(models.TransientModel):
    _name = "service.dispatch.plan.dropped"
    _inherit = ["service.dispatch.plan.guarded"]
    _description = "Auto-Dispatch: Order Not Planned"
    _order = "reason, id"

    order_id = fields.Many2one("service.order", required=True, readonly=True)
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    priority = fields.Selection(related="order_id.priority")
    reason = fields.Selection(REASON_SELECTION, required=True, readonly=True)
    explanation = fields.Char(compute="_compute_explanation")

    @api.depends("reason")
    def _compute_explanation(self):
        messages = {
            vrp.REASON_NO_LOCATION: self.env._(
                "The site has no coordinates: geolocate the customer's address."
            ),
            vrp.REASON_NO_SKILL: self.env._(
                "No selected technician has all the required skills."
            ),
            vrp.REASON_WINDOW: self.env._(
                "The requested window does not meet the working hours of any "
                "skilled technician in the period."
            ),
            vrp.REASON_TOO_LONG: self.env._(
                "Longer than any skilled technician's working hours in one go "
                "(with the drive there and back): shorten the planned duration "
                "or split the job into visits."
            ),
            vrp.REASON_CAPACITY: self.env._(
                "No room left: the skilled technicians' days are full "
                "(higher-priority jobs were kept)."
            ),
            vrp.REASON_LOCKED: self.env._(
                "Already planned, but it clashes with the technician's hours."
            ),
            vrp.REASON_NO_TECHNICIAN: self.env._(
                "No selected technician works in the period."
            ),
            REASON_BOOKED: self.env._(
                "It would clash with a booking of the technician: plan again."
            ),
            REASON_CREW_BUSY: self.env._(
                "Its crew is not free then: a crew member is booked elsewhere "
                "or off work whenever the lead could go. Change the crew or "
                "the period."
            ),
            REASON_REMOVED: self.env._("Removed from the proposal by the dispatcher."),
        }
        for item in self:
            item.explanation = messages.get(item.reason, "")

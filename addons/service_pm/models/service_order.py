from odoo import api, fields, models
from odoo.osv import expression


class ServiceOrder(models.Model):
    _inherit = "service.order"

    pm_plan_id = fields.Many2one(
        "service.pm.plan",
        string="PM Plan",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        check_company=True,
        help="The preventive maintenance plan that generated this order.",
    )
    pm_due_date = fields.Date(
        string="PM Due Date", readonly=True, copy=False, index="btree_not_null"
    )
    pm_occurrence = fields.Char(
        string="PM Occurrence",
        readonly=True,
        copy=False,
        help="Key of the plan's occurrence (due date, or meter threshold): one "
        "order per plan and key.",
    )
    pm_meter_threshold = fields.Float(
        string="Meter Threshold", readonly=True, copy=False
    )
    pm_meter_value_done = fields.Float(
        string="Meter at Completion",
        readonly=True,
        copy=False,
        help="The meter's last reading when the order was completed; a floating "
        "meter plan counts its next threshold from it.",
    )

    _sql_constraints = [
        (
            "pm_occurrence_uniq",
            "UNIQUE(pm_plan_id, pm_occurrence)",
            "A preventive maintenance plan cannot generate two orders for the "
            "same occurrence.",
        ),
    ]

    def action_complete(self):
        result = super().action_complete()
        meter_orders = self.filtered(
            lambda order: (
                order.pm_plan_id.trigger == "meter" and order.pm_plan_id.meter_id
            )
        )
        for order in meter_orders:
            order.pm_meter_value_done = order.pm_plan_id.meter_id.last_value
        return result

    @api.model
    def _get_stuck_domain(self, company, now):
        # a PM order waits in "new" until its requested window opens: it is
        # not stuck before that
        return expression.AND(
            [
                super()._get_stuck_domain(company, now),
                ["|", ("pm_plan_id", "=", False), ("window_start", "<=", now)],
            ]
        )

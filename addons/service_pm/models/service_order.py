from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from odoo.addons.service_asset.tools.record_guard import check_linked_records
from odoo.addons.service_order.models.service_order import is_lifecycle_write
from odoo.addons.service_order.tools.input_guard import clean_value

PM_FIELDS = (
    "pm_plan_id",
    "pm_due_date",
    "pm_occurrence",
    "pm_meter_threshold",
    "pm_meter_value_done",
)


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

    @api.model
    def _clean_pm_vals(self, vals):
        """This addon's fields in ``vals``, cleaned (the core cleans its own,
        after this override has run)."""
        if not isinstance(vals, dict) or not any(f in vals for f in PM_FIELDS):
            return vals
        vals = dict(vals)
        for fname in PM_FIELDS:
            if fname in vals:
                vals[fname] = clean_value(self, fname, vals[fname])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._clean_pm_vals(vals) for vals in vals_list]
        # the plan must exist and be readable by the caller before the
        # company check names it
        check_linked_records(self, vals_list, {"pm_plan_id"})
        return super().create(vals_list)

    def write(self, vals):
        vals = self._clean_pm_vals(vals)
        if (
            set(PM_FIELDS) & set(vals)
            and not self.env.su
            and not is_lifecycle_write(self.env)
        ):
            # the plan link and its occurrence key are the generator's: moved
            # by hand they would make the plan skip (or repeat) an occurrence
            raise UserError(
                _(
                    "The preventive maintenance fields of an order are set by "
                    "its plan; they cannot be changed by hand."
                )
            )
        check_linked_records(self, [vals], {"pm_plan_id"})
        return super().write(vals)

    def _set_state(self, state, extra=None):
        """On completion, the lifecycle's own write also records the meter's
        last reading on meter-based PM orders (a floating plan counts its next
        threshold from it). Written here, not after ``action_complete``: a
        technician may complete his order but not write its fields, and a done
        order is not written again."""
        if state != "done":
            return super()._set_state(state, extra)
        # sudo: reads the plan's trigger and its meter's last value only, for
        # orders the caller is completing (the technician may read neither
        # field on every plan or meter)
        meter_orders = self.sudo().filtered(
            lambda order: (
                order.pm_plan_id.trigger == "meter" and order.pm_plan_id.meter_id
            )
        )
        if not meter_orders:
            return super()._set_state(state, extra)
        by_value = defaultdict(list)
        for order in meter_orders:
            by_value[order.pm_plan_id.meter_id.last_value].append(order.id)
        others = self - self.browse(meter_orders.ids)
        if others:
            super(ServiceOrder, others)._set_state(state, extra)
        for value, order_ids in by_value.items():
            super(ServiceOrder, self.browse(order_ids))._set_state(
                state, dict(extra or {}, pm_meter_value_done=value)
            )
        return True

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

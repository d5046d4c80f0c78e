from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.models.service_order import PRIORITIES
from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import (
    check_linked_records,
    check_parent_fixed,
)

# a year of round-the-clock hours: a longer target is a typing error
MAX_TARGET_HOURS = 8760.0


class ServiceContractSla(models.Model):
    """A contract's own response and resolution targets for one priority.

    They win over the default SLA policies for the contract's orders.
    """

    _name = "service.contract.sla"
    _description = "Service Contract Service Level"
    _order = "contract_id, priority desc, id"

    contract_id = fields.Many2one(
        "service.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    priority = fields.Selection(PRIORITIES, required=True, default="1")
    response_hours = fields.Float(
        string="Response Target (h)",
        required=True,
        help="Working hours (on the contract's calendar) from intake until a "
        "technician is on site.",
    )
    resolution_hours = fields.Float(
        string="Resolution Target (h)",
        required=True,
        help="Working hours from intake until the order is done.",
    )

    _sql_constraints = [
        (
            "contract_priority_uniq",
            "unique(contract_id, priority)",
            "A contract has one service level per priority.",
        ),
    ]

    @api.constrains("response_hours", "resolution_hours")
    def _check_targets(self):
        for line in self:
            if not (
                0 < line.response_hours <= MAX_TARGET_HOURS
                and 0 < line.resolution_hours <= MAX_TARGET_HOURS
            ):
                raise ValidationError(
                    _(
                        "%(contract)s: SLA targets must be positive numbers of "
                        "working hours, at most %(max)s.",
                        contract=line.contract_id.display_name,
                        max=MAX_TARGET_HOURS,
                    )
                )
            if line.resolution_hours < line.response_hours:
                raise ValidationError(
                    _(
                        "%(contract)s: the resolution target (%(resolution)s h) "
                        "cannot be shorter than the response target "
                        "(%(response)s h).",
                        contract=line.contract_id.display_name,
                        resolution=line.resolution_hours,
                        response=line.response_hours,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        check_linked_records(self, vals_list, {"contract_id"})
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        # a service level belongs to its contract: it cannot be moved
        check_parent_fixed(self, vals, "contract_id")
        return super().write(vals)

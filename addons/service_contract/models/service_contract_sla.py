from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.models.service_order import PRIORITIES


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
            if line.response_hours <= 0 or line.resolution_hours <= 0:
                raise ValidationError(
                    _(
                        "%(contract)s: SLA targets must be positive numbers of "
                        "working hours.",
                        contract=line.contract_id.display_name,
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

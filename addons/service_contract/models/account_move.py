from odoo import api, fields, models

from odoo.addons.service_order.tools.input_guard import clean_value
from odoo.addons.service_order.tools.record_guard import check_linked_records

CONTRACT_FIELDS = (
    "service_contract_id",
    "service_contract_period_start",
    "service_contract_period_end",
)


class AccountMove(models.Model):
    _inherit = "account.move"

    service_contract_id = fields.Many2one(
        "service.contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    service_contract_period_start = fields.Date(
        string="Contract Period From", readonly=True, copy=False
    )
    service_contract_period_end = fields.Date(
        string="Contract Period To", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "service_contract_period_uniq",
            "unique(service_contract_id, service_contract_period_start)",
            "This period of the service contract is already invoiced.",
        ),
    ]

    @api.model
    def _clean_contract_vals(self, vals):
        """Clean only this addon's fields: the rest of an invoice's values is
        the accounting's own business (and shapes)."""
        if not isinstance(vals, dict) or not any(f in vals for f in CONTRACT_FIELDS):
            return vals
        vals = dict(vals)
        for fname in CONTRACT_FIELDS:
            if fname in vals:
                vals[fname] = clean_value(self, fname, vals[fname])
        check_linked_records(self, [vals], {"service_contract_id"})
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._clean_contract_vals(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        return super().write(self._clean_contract_vals(vals))

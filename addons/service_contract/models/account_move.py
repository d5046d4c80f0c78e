from odoo import fields, models


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

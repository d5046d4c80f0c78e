from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .service_order import COVERAGE_CTX, COVERAGE_TOKEN

COVERAGE_FIELDS = ("coverage_contract_id", "coverage_year_start", "coverage_amount")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    coverage_contract_id = fields.Many2one(
        "service.contract",
        string="Covering Contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The service contract that covers (part of) this line.",
    )
    coverage_year_start = fields.Date(
        string="Contract Year",
        readonly=True,
        copy=False,
        help="First day of the contract year whose yearly cap the line uses.",
    )
    coverage_amount = fields.Monetary(
        string="Covered by Contract",
        currency_field="company_currency_id",
        readonly=True,
        copy=False,
        help="What the contract covers of this line (in the company's "
        "currency), recorded when the service order was invoiced: it counts "
        "against the contract's yearly cap while the invoice is not cancelled.",
    )

    @api.model
    def _check_coverage_vals(self, vals_list):
        """The coverage fields are the invoicing's (they spend a contract's
        yearly cap): refused from anybody else, whatever the context says."""
        if self.env.context.get(COVERAGE_CTX) is COVERAGE_TOKEN:
            return
        if any(
            isinstance(vals, dict) and any(f in vals for f in COVERAGE_FIELDS)
            for vals in vals_list
        ):
            raise UserError(
                _(
                    "What a service contract covers on an invoice line is set "
                    "by the invoicing of service orders only."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_coverage_vals(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_coverage_vals([vals])
        return super().write(vals)

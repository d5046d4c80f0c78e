from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _get_coverage_contracts(self):
        # sudo: the contracts of the invoices' covered lines only, to refresh
        # the invoice status of their other orders
        return self.sudo().line_ids.coverage_contract_id

    def write(self, vals):
        """Cancelling an invoice (or bringing it back) frees (or spends) its
        contracts' yearly cap again: their other orders' status follows."""
        if (
            not isinstance(vals, dict)
            or "state" not in vals
            or (
                vals["state"] != "cancel"
                and not any(move.state == "cancel" for move in self)
            )
        ):
            return super().write(vals)
        contracts = self._get_coverage_contracts()
        result = super().write(vals)
        self.env["service.order"]._refresh_contract_invoice_status(contracts)
        return result

    def unlink(self):
        contracts = self._get_coverage_contracts()
        result = super().unlink()
        self.env["service.order"]._refresh_contract_invoice_status(contracts)
        return result

from odoo import fields, models


class ServiceOrderLine(models.Model):
    _inherit = "service.order.line"

    invoice_line_ids = fields.One2many(
        "account.move.line",
        "service_order_line_id",
        string="Invoice Lines",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
    )

    def _get_coverage(self):
        """``{line_id: (percent, reason)}``: the share of each line's price
        that warranty or a contract covers, and why (hook: the asset and
        contract bridges fill it). A covered line is billed at a discount of
        that percentage, the reason in its description; lines left out are
        not covered."""
        return {}

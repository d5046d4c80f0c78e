from odoo import api, fields, models

INVOICE_GROUPS = "account.group_account_invoice,account.group_account_readonly"


class ResPartner(models.Model):
    _inherit = "res.partner"

    service_invoiced_total = fields.Monetary(
        compute="_compute_service_invoiced_total",
        string="Invoiced (untaxed)",
        currency_field="currency_id",
        groups=INVOICE_GROUPS,
        help="Posted customer invoices minus credit notes of the partner's "
        "commercial entity in the current company, untaxed, in the company's "
        "currency.",
    )

    def _compute_service_invoiced_total(self):
        # one grouped query for the whole batch (Odoo's own "Invoiced" runs a
        # search per partner)
        origin = self._service_partner_ids()
        entity = {
            partner: partner.commercial_partner_id.id
            for partner in self
            if partner in origin
        }
        totals = {}
        if entity:
            data = self.env["account.move"]._read_group(
                [
                    ("commercial_partner_id", "in", list(set(entity.values()))),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("company_id", "=", self.env.company.id),
                ],
                ["commercial_partner_id"],
                ["amount_untaxed_signed:sum"],
            )
            totals = {partner.id: amount for partner, amount in data}
        for partner in self:
            partner.service_invoiced_total = totals.get(entity.get(partner), 0.0)

    @api.model
    def _get_service_summary_fields(self):
        return [*super()._get_service_summary_fields(), "service_invoiced_total"]

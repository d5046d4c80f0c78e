from odoo import models


class ServiceOrderLine(models.Model):
    _inherit = "service.order.line"

    def _get_coverage(self):
        """Lines of an order its contract covers get the contract's labour or
        parts share (service codes and other services are labour), unless
        something else (warranty) covers them already. The yearly cap is held
        afterwards, on the priced items (``_get_limited_coverage_items``)."""
        coverage = super()._get_coverage()
        terms = self.order_id._get_contract_coverage_terms()
        for line in self:
            order_terms = terms.get(line.order_id.id)
            if not order_terms or coverage.get(line.id, (0.0, ""))[0]:
                continue
            share = order_terms["labour" if line.line_type == "labour" else "part"]
            if share[0]:
                coverage[line.id] = share
        return coverage

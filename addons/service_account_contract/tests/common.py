from datetime import datetime, timedelta

from odoo.addons.service_account.tests.common import ServiceAccountCase
from odoo.addons.service_contract.tests.common import ServiceContractCase


class ContractInvoicingCase(ServiceAccountCase, ServiceContractCase):
    """The pricing data of ServiceAccountCase (Diagnostic service code 89.00,
    capacitor part 32.00, labour hour 75.00, flat-rate and time-and-materials
    types) and the contracts of ServiceContractCase (none by default; the test
    customer's contracts run 2026-01-01 to 2026-12-31 unless told
    otherwise)."""

    received = datetime(2026, 1, 10, 9, 0)

    @classmethod
    def _covered_order(cls, lines, received=None, start=None, **values):
        """A completed order of the test customer received on ``received``
        (default 2026-01-10) and done two hours after ``start``."""
        received = received or cls.received
        start = start or received + timedelta(days=3)
        return cls._done_order(lines, start=start, date_received=received, **values)

    def _moves(self, orders):
        return self.env["account.move"].search(
            [("line_ids.service_order_id", "in", orders.ids)], order="id"
        )

    def _billed(self, orders):
        """``[(description, subtotal, covered)]`` of what ``orders`` bill now."""
        data = orders._get_invoice_data()
        return [
            (item["name"], item["subtotal"], item.get("contract_covered", 0.0))
            for order in orders
            for item in data[order.id]
        ]

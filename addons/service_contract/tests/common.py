from datetime import date

from freezegun import freeze_time

from odoo import Command

from odoo.addons.service_asset.tests.common import ServiceAssetCase


class ServiceContractCase(ServiceAssetCase):
    """Contracts of the test customer (see ServiceAssetCase): none by default;
    ``_contract`` creates one (active unless told otherwise)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contract = cls.env["service.contract"]
        cls.fee_product = cls.env.ref("service_contract.product_contract_fee")
        # the demo contracts stay out of the way of the tests' crons
        cls.Contract.search([("state", "=", "active")]).action_cancel()

    @classmethod
    def _contract(cls, activate=True, **values):
        vals = {
            "partner_id": cls.customer.id,
            "date_start": date(2026, 1, 1),
            "date_end": date(2026, 12, 31),
        }
        for key in ("site_ids", "equipment_ids", "order_type_ids"):
            if key in values:
                values[key] = [Command.set(values[key].ids)]
        vals.update(values)
        contract = cls.Contract.create(vals)
        if activate:
            # the tests' contracts may lie in the past: activate them "then"
            with freeze_time(contract.date_start):
                contract.action_activate()
        return contract

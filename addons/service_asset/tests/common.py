from datetime import date

from odoo.addons.service_order.tests.common import ServiceOrderCase


class ServiceAssetCase(ServiceOrderCase):
    """Units of the test customer: a rooftop unit at the bakery kitchen
    (warranty from 2025-03-01 to 2026-02-28) with a compressor, a unit at the
    customer's head office, and a unit of another customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site.tz = "Europe/Brussels"
        cls.hq_site = cls.customer
        cls.customer.tz = "Europe/Brussels"
        cls.other_site = cls.env["res.partner"].create(
            {"name": "Bakery shop", "type": "delivery", "parent_id": cls.customer.id}
        )
        Equipment = cls.env["maintenance.equipment"]
        cls.rtu = Equipment.create(
            {
                "name": "Rooftop unit",
                "partner_id": cls.customer.id,
                "site_id": cls.site.id,
                "manufacturer": "Daikin",
                "model": "UATYQ",
                "serial_no": "T-RTU-1",
                "install_date": date(2025, 3, 1),
                "warranty_date": date(2026, 2, 28),
            }
        )
        cls.compressor = Equipment.create(
            {
                "name": "RTU compressor",
                "partner_id": cls.customer.id,
                "parent_id": cls.rtu.id,
                "serial_no": "T-CMP-1",
            }
        )
        cls.shop_unit = Equipment.create(
            {
                "name": "Shop display fridge",
                "partner_id": cls.customer.id,
                "site_id": cls.other_site.id,
                "serial_no": "T-FRIDGE-1",
            }
        )
        cls.other_unit = Equipment.create(
            {
                "name": "Other customer's boiler",
                "partner_id": cls.other_customer.id,
                "serial_no": "T-BOILER-1",
            }
        )
        cls.meter = cls.env["service.asset.meter"].create(
            {"equipment_id": cls.rtu.id, "name": "Run hours"}
        )

    @classmethod
    def _unit_order(cls, units, **values):
        vals = {"equipment_ids": [(6, 0, units.ids)]}
        vals.update(values)
        return cls._create_order(**vals)

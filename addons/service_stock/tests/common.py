from odoo.addons.service_order.tests.common import ServiceOrderCase


class ServiceStockCase(ServiceOrderCase):
    """Vans of Alice and Bob (made by the employee hook) with parts, a
    storable part, a serial-tracked equipment product with three serials, and
    an order of Alice's in progress per test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.van_a = cls.tech_a.van_location_id
        cls.van_b = cls.tech_b.van_location_id
        cls.part = cls.env["product.product"].create(
            {"name": "Test compressor", "type": "consu", "is_storable": True}
        )
        cls.unit = cls.env["product.product"].create(
            {
                "name": "Test heat pump",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "service_is_equipment": True,
            }
        )
        cls.serial_a, cls.serial_b, cls.serial_wh = cls.env["stock.lot"].create(
            [
                {"name": f"HPT-{n}", "product_id": cls.unit.id}
                for n in ("A1", "B1", "W1")
            ]
        )
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.part, cls.van_a, 5)
        Quant._update_available_quantity(cls.part, cls.van_b, 2)
        Quant._update_available_quantity(cls.part, cls.stock, 10)
        Quant._update_available_quantity(cls.unit, cls.van_a, 1, lot_id=cls.serial_a)
        Quant._update_available_quantity(cls.unit, cls.van_b, 1, lot_id=cls.serial_b)
        Quant._update_available_quantity(cls.unit, cls.stock, 1, lot_id=cls.serial_wh)

    def _started_order(self, lines, **values):
        """An order of Alice's (unless ``values`` say otherwise), in progress,
        with ``lines`` (values of service.order.line)."""
        order = self._create_order(
            **self._planned_values(**values),
            line_ids=[(0, 0, line) for line in lines],
        )
        order.action_schedule()
        order.action_dispatch()
        order.action_start()
        return order

    def _qty(self, product, location, lot=None):
        """On hand of ``product`` in ``location`` (of ``lot`` if given)."""
        domain = [("product_id", "=", product.id), ("location_id", "=", location.id)]
        if lot is not None:
            domain.append(("lot_id", "=", lot.id))
        return sum(self.env["stock.quant"].search(domain).mapped("quantity"))

from odoo import Command, _, fields, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    service_van_location_id = fields.Many2one(
        "stock.location",
        string="Vans Location",
        readonly=True,
        copy=False,
        check_company=True,
        help="The parent of the technicians' vans of this warehouse.",
    )
    service_van_route_id = fields.Many2one(
        "stock.route",
        string="Van Replenishment Route",
        readonly=True,
        copy=False,
        check_company=True,
        help="Restocks the vans from the warehouse stock by an internal "
        "transfer: the route of the vans' min/max rules.",
    )

    def _service_ensure_vans(self):
        """Create, for the warehouses that have none yet, the "Vans" parent
        location, its internal picking type and the pull rule WH/Stock -> Vans
        of a warehouse route, so that a min/max rule on a van is replenished
        by Odoo's own scheduler. Returns the warehouses."""
        todo = self.filtered(lambda wh: not wh.service_van_location_id)
        if not todo:
            return self
        # sudo: configuration records of the warehouse, created the same way
        # for whoever asks first for a van (a field-service manager has no
        # inventory rights); nothing here comes from the client
        todo = todo.sudo()
        parents = self.env["stock.location"].create(
            [
                {
                    "name": _("Vans"),
                    "usage": "view",
                    "location_id": wh.view_location_id.id,
                    "company_id": wh.company_id.id,
                }
                for wh in todo
            ]
        )
        picking_types = self.env["stock.picking.type"].create(
            [
                {
                    "name": _("Van Replenishment"),
                    "code": "internal",
                    "sequence_code": "VAN",
                    "warehouse_id": wh.id,
                    "company_id": wh.company_id.id,
                    "default_location_src_id": wh.lot_stock_id.id,
                    "default_location_dest_id": parent.id,
                }
                for wh, parent in zip(todo, parents, strict=True)
            ]
        )
        routes = self.env["stock.route"].create(
            [
                {
                    "name": _("%(warehouse)s: Replenish Vans", warehouse=wh.name),
                    "company_id": wh.company_id.id,
                    "warehouse_selectable": True,
                    "product_selectable": False,
                    "sequence": 20,
                    "warehouse_ids": [Command.link(wh.id)],
                    "rule_ids": [
                        Command.create(
                            {
                                "name": _(
                                    "%(warehouse)s: Stock -> Vans", warehouse=wh.name
                                ),
                                "action": "pull",
                                "procure_method": "make_to_stock",
                                "location_src_id": wh.lot_stock_id.id,
                                "location_dest_id": parent.id,
                                "picking_type_id": picking_type.id,
                                "warehouse_id": wh.id,
                                "company_id": wh.company_id.id,
                            }
                        )
                    ],
                }
                for wh, parent, picking_type in zip(
                    todo, parents, picking_types, strict=True
                )
            ]
        )
        for wh, parent, route in zip(todo, parents, routes, strict=True):
            wh.write(
                {"service_van_location_id": parent.id, "service_van_route_id": route.id}
            )
        return self

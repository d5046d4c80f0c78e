from odoo import api, fields, models


class ServiceOrder(models.Model):
    _inherit = "service.order"

    @api.model
    def _get_portal_units(self, commercial_partner):
        units = super()._get_portal_units(commercial_partner)
        # sudo: portal users may not read equipment; the domain keeps to the
        # units of their own commercial entity
        equipment = (
            self.env["maintenance.equipment"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", commercial_partner.id),
                    ("service_status", "!=", "retired"),
                ],
                order="name, id",
            )
        )
        return units + [
            {
                "id": unit.id,
                "name": unit.display_name,
                "site_id": unit.site_id.id,
            }
            for unit in equipment
        ]

    @api.model
    def _prepare_portal_request_values(self, vals, unit):
        vals = super()._prepare_portal_request_values(vals, unit)
        if unit:
            vals["equipment_ids"] = [fields.Command.set([unit["id"]])]
        return vals

    def _get_portal_unit_names(self):
        # sudo: the names of the order's own units, for its portal page
        return super()._get_portal_unit_names() + self.sudo().equipment_ids.mapped(
            "display_name"
        )

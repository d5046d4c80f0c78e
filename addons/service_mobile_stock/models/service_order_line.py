from odoo import api, models


class ServiceOrderLine(models.Model):
    _inherit = "service.order.line"

    @api.model
    def _mobile_part_fields(self):
        return super()._mobile_part_fields() + ["lot_id", "employee_id"]

    def _mobile_part_payload(self):
        payload = super()._mobile_part_payload()
        # sudo: technicians have no stock rights; only the name of the lot on
        # a line of their own job is read (one query for all the day's lines:
        # the sudo records share the lines' prefetch)
        lot = self.lot_id.sudo()
        payload.update(
            lot_id=lot.id or False,
            lot_name=lot.name or False,
            # a serial is one unit: no "+1" on its line
            serial=self.product_id.tracking == "serial",
            # taken from his own van (what the van shows as left counts it)
            mine=bool(self.employee_id)
            and self.employee_id == self.order_id._mobile_employee(),
        )
        return payload

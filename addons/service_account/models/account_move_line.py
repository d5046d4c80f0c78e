from odoo import api, fields, models

from odoo.addons.service_order.tools.input_guard import clean_value
from odoo.addons.service_order.tools.record_guard import check_linked_records

ORDER_FIELDS = ("service_order_id", "service_order_line_id")


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    service_order_id = fields.Many2one(
        "service.order",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    service_order_line_id = fields.Many2one(
        "service.order.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @api.model
    def _clean_service_vals(self, vals_list):
        """Clean only this addon's fields (the rest of a line is the
        accounting's own business), and check the orders and order lines they
        name in one query per model for the whole batch."""
        cleaned = []
        for vals in vals_list:
            if isinstance(vals, dict) and any(f in vals for f in ORDER_FIELDS):
                vals = dict(vals)
                for fname in ORDER_FIELDS:
                    if fname in vals:
                        vals[fname] = clean_value(self, fname, vals[fname])
            cleaned.append(vals)
        if any(
            isinstance(vals, dict) and any(vals.get(f) for f in ORDER_FIELDS)
            for vals in cleaned
        ):
            check_linked_records(self, cleaned, set(ORDER_FIELDS))
        return cleaned

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(self._clean_service_vals(vals_list))

    def write(self, vals):
        return super().write(self._clean_service_vals([vals])[0])

from odoo import api, fields, models


class ServiceOrderChecklistItem(models.Model):
    _name = "service.order.checklist.item"
    _description = "Service Order Checklist Item"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one(
        "service.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    required = fields.Boolean()
    is_done = fields.Boolean(string="Done")
    done_by_id = fields.Many2one("res.users", readonly=True)
    done_on = fields.Datetime(readonly=True)
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._stamp_done(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._stamp_done(vals)
        return super().write(vals)

    def _stamp_done(self, vals):
        if "is_done" in vals:
            vals.update(
                done_by_id=self.env.user.id if vals["is_done"] else False,
                done_on=fields.Datetime.now() if vals["is_done"] else False,
            )

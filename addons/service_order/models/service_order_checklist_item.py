from odoo import _, fields, models
from odoo.exceptions import AccessError

from .service_order import is_field_user

# what a technician may change on a checklist item: tick it and note why; the
# item itself (name, order, whether it is required) is the dispatcher's
TECHNICIAN_CHECKLIST_FIELDS = {"is_done", "note"}
# stamped by the server from ``is_done``
STAMP_FIELDS = ("done_by_id", "done_on")


class ServiceOrderChecklistItem(models.Model):
    _name = "service.order.checklist.item"
    _inherit = ["service.order.child.mixin"]
    _description = "Service Order Checklist Item"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one(
        "service.order", required=True, ondelete="cascade", index=True
    )
    # computed before the insert: no UPDATE after an order's checklist is
    # created
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, precompute=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    required = fields.Boolean()
    is_done = fields.Boolean(string="Done", copy=False)
    done_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    done_on = fields.Datetime(readonly=True, copy=False)
    note = fields.Char()

    def _prepare_child_values(self, vals, create=False):
        for fname in STAMP_FIELDS:
            vals.pop(fname, None)
        if "is_done" in vals or create:
            done = vals.get("is_done")
            vals.update(
                done_by_id=self.env.user.id if done else False,
                done_on=fields.Datetime.now() if done else False,
            )
        return vals

    def _check_child_write(self, vals):
        if not is_field_user(self.env):
            return
        forbidden = set(vals) - TECHNICIAN_CHECKLIST_FIELDS - set(STAMP_FIELDS)
        if forbidden:
            names = sorted(
                self._fields[fname].get_description(self.env)["string"]
                for fname in forbidden
            )
            raise AccessError(
                _(
                    "Technicians tick checklist items and write their notes; ask "
                    "a dispatcher to change %(fields)s.",
                    fields=", ".join(names),
                )
            )

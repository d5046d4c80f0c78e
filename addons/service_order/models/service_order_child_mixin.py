from odoo import _, api, models
from odoo.exceptions import UserError

from ..tools.input_guard import clean_vals
from .service_order import check_company_quietly, is_field_user


class ServiceOrderChildMixin(models.AbstractModel):
    """What a record of an order (part / labour line, time log, checklist item)
    must respect on every path, whatever the client sends:

    - its values go through the input guard first;
    - its order is fixed once created: record rules are checked on the record
      as it was, so moving it would escape them;
    - it is created on an order the user may write, and, for technicians,
      on an open one: a done or cancelled order is read-only (lines, time log
      and checklist included) for them; a dispatcher can still correct it.

    Models hook in with ``_prepare_child_values(vals)`` (cleaned values, before
    create and write) and ``_check_child_create(vals_list)`` /
    ``_check_child_write(vals)``.
    """

    _name = "service.order.child.mixin"
    _description = "Record of a Service Order"

    @api.model_create_multi
    def create(self, vals_list):
        # defaults first: a client's context ("default_employee_id",
        # "default_order_id", ...) is client input too, checked like vals
        vals_list = [
            self._prepare_child_values(
                clean_vals(self, self._add_missing_default_values(vals)), create=True
            )
            for vals in vals_list
        ]
        orders = self.env["service.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        )
        if orders and not self.env.su:
            # record rules of the lines are checked on the new records, but
            # say it in the order's terms, before anything is written
            orders.check_access("write")
            orders._check_orders_open()
        self._check_child_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        vals = self._prepare_child_values(clean_vals(self, vals))
        if "order_id" in vals and any(
            record.order_id.id != vals["order_id"] for record in self
        ):
            raise UserError(
                _(
                    "%(records)s stays on the order it was created for: delete it "
                    "and create it on the other order instead.",
                    records=self._description,
                )
            )
        self.order_id._check_orders_open()
        self._check_child_write(vals)
        return super().write(vals)

    def _check_company(self, fnames=None):
        return check_company_quietly(self, super()._check_company, fnames)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_order(self):
        if is_field_user(self.env):
            self.order_id._check_orders_open()

    def _prepare_child_values(self, vals, create=False):
        """Cleaned ``vals`` of a create (defaults included) or a write, to
        adapt in place (hook)."""
        return vals

    def _check_child_create(self, vals_list):
        """Refuse ``vals_list`` before the records are created (hook)."""

    def _check_child_write(self, vals):
        """Refuse ``vals`` on ``self`` before they are written (hook)."""

from odoo import _, api, fields, models

from odoo.addons.service_order.tools.record_guard import ensure_existing_record


class AccountMove(models.Model):
    _inherit = "account.move"

    service_order_ids = fields.Many2many(
        "service.order",
        string="Service Orders",
        compute="_compute_service_order_ids",
        search="_search_service_order_ids",
    )
    service_order_count = fields.Integer(compute="_compute_service_order_ids")

    @api.depends("line_ids.service_order_id")
    def _compute_service_order_ids(self):
        data = self.env["account.move.line"]._read_group(
            [("move_id", "in", self.ids), ("service_order_id", "!=", False)],
            ["move_id"],
            ["service_order_id:array_agg"],
        )
        orders = {move.id: order_ids for move, order_ids in data}
        for move in self:
            order_ids = sorted(set(orders.get(move.id, [])))
            move.service_order_ids = [fields.Command.set(order_ids)]
            move.service_order_count = len(order_ids)

    def _search_service_order_ids(self, operator, value):
        return [("line_ids.service_order_id", operator, value)]

    def _subscribe_service_invoice_creator(self):
        """The user who creates these new invoices follows them, as he would
        follow an invoice he creates by hand (``mail.thread``'s create),
        subscribed for the whole batch at once (hook)."""
        user = self.env.user
        if (
            not self
            or not user.active
            or self.env.context.get("mail_create_nosubscribe")
        ):
            return
        self.message_subscribe(user.partner_id.ids)

    def _get_service_invoices_action(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.ids)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        if len(self) == 1:
            action["views"] = [(self.env.ref("account.view_move_form").id, "form")]
            action["res_id"] = self.id
        return action

    def action_view_service_orders(self):
        ensure_existing_record(self)
        # the invoice must be the user's to read (else its id alone would
        # tell that it exists)
        self.check_access("read")
        orders = self.service_order_ids
        return self.env["service.order"]._get_orders_action(
            [("id", "in", orders.ids)], {"create": False}
        ) | {"name": _("Service Orders")}

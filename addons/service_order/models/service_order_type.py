from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.input_guard import clean_vals, ensure_one
from .service_order import MAX_ORDER_HOURS, PRIORITIES


class ServiceOrderType(models.Model):
    _name = "service.order.type"
    _description = "Service Order Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code, e.g. EMG, REP, INS.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the type."
    )
    default_duration = fields.Float(
        string="Default Duration (h)",
        default=1.0,
        help="Hours planned on a new order of this type.",
    )
    default_priority = fields.Selection(PRIORITIES, default="1", required=True)
    requires_signature = fields.Boolean(
        help="Orders of this type cannot be completed without the customer's signature."
    )
    is_callback = fields.Boolean(
        string="Callback",
        help="A return visit for work that did not hold: such orders point to the "
        "order they are a callback for.",
    )
    checklist_template_id = fields.Many2one(
        "service.checklist.template",
        string="Checklist",
        help="Items copied onto every new order of this type.",
    )
    sla_policy_ids = fields.One2many("service.sla.policy", "order_type_id")
    order_count = fields.Integer(compute="_compute_order_count")

    _sql_constraints = [
        (
            "default_duration_positive",
            "CHECK(default_duration >= 0)",
            "The default duration cannot be negative.",
        ),
    ]

    @api.constrains("default_duration")
    def _check_default_duration(self):
        for order_type in self:
            # written so that NaN fails too
            if not 0 <= order_type.default_duration <= MAX_ORDER_HOURS:
                raise ValidationError(
                    _(
                        "%(type)s: the default duration must lie between 0 and "
                        "%(max)s hours.",
                        type=order_type.display_name,
                        max=int(MAX_ORDER_HOURS),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(clean_vals(self, vals))

    def _compute_order_count(self):
        data = self.env["service.order"]._read_group(
            [("order_type_id", "in", self.ids)], ["order_type_id"], ["__count"]
        )
        counts = {order_type.id: count for order_type, count in data}
        for order_type in self:
            order_type.order_count = counts.get(order_type.id, 0)

    @api.depends("name", "code")
    def _compute_display_name(self):
        for order_type in self:
            order_type.display_name = (
                f"[{order_type.code}] {order_type.name}"
                if order_type.code
                else order_type.name
            )

    def action_view_orders(self):
        ensure_one(self)
        return self.env["service.order"]._get_orders_action(
            [("order_type_id", "=", self.id)], {"default_order_type_id": self.id}
        )

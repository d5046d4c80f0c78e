from odoo import fields, models


class ServiceMobileAction(models.Model):
    """An action of the phone's offline queue already applied, by its client
    key: a replay of the same key changes nothing."""

    _name = "service.mobile.action"
    _description = "Applied Mobile Action"
    _order = "id desc"

    key = fields.Char(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        ondelete="cascade",
        index=True,
    )
    order_id = fields.Many2one(
        "service.order", required=True, readonly=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    action_type = fields.Char(readonly=True)
    status = fields.Char(readonly=True)
    date_action = fields.Datetime(string="Tapped At", readonly=True)

    _sql_constraints = [
        (
            "key_user_uniq",
            "unique (user_id, key)",
            "This action was already applied.",
        )
    ]

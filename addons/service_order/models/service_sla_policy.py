from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.input_guard import clean_vals
from .service_order import PRIORITIES

# a target longer than this many working hours is a typing error
MAX_TARGET_HOURS = 100_000


class ServiceSlaPolicy(models.Model):
    """Response and resolution targets, in working hours, per type x priority.

    The most specific policy wins: a policy for the order's type beats one for
    all types, and a company's own policy beats a shared one.
    """

    _name = "service.sla.policy"
    _description = "Service SLA Policy"
    _order = "order_type_id, priority desc, id"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the policy."
    )
    order_type_id = fields.Many2one(
        "service.order.type",
        ondelete="cascade",
        index=True,
        help="Leave empty for a policy that applies to every type.",
    )
    priority = fields.Selection(PRIORITIES, required=True, default="1")
    response_hours = fields.Float(
        string="Response Target (h)",
        required=True,
        help="Working hours from intake until a technician is on site.",
    )
    resolution_hours = fields.Float(
        string="Resolution Target (h)",
        required=True,
        help="Working hours from intake until the order is done.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        help="The clock runs in these working hours, holidays excluded. "
        "Empty: the company's working hours.",
    )
    warning_percent = fields.Float(
        string="At Risk From (%)",
        default=75.0,
        help="An order is at risk once this share of a target has elapsed.",
    )

    @api.depends("order_type_id", "priority")
    def _compute_name(self):
        labels = dict(PRIORITIES)
        for policy in self:
            policy.name = "{} / {}".format(
                policy.order_type_id.name or _("All types"),
                labels.get(policy.priority, ""),
            )

    @api.constrains("response_hours", "resolution_hours", "warning_percent")
    def _check_targets(self):
        for policy in self:
            # written so that NaN fails too
            if not (
                0 < policy.response_hours <= MAX_TARGET_HOURS
                and 0 < policy.resolution_hours <= MAX_TARGET_HOURS
            ):
                raise ValidationError(
                    _(
                        "SLA targets must be positive numbers of working hours "
                        "(%(max)s at most).",
                        max=MAX_TARGET_HOURS,
                    )
                )
            if policy.resolution_hours < policy.response_hours:
                raise ValidationError(
                    _(
                        "The resolution target (%(resolution)s h) cannot be shorter "
                        "than the response target (%(response)s h).",
                        resolution=policy.resolution_hours,
                        response=policy.response_hours,
                    )
                )
            if not 0 < policy.warning_percent <= 100:
                raise ValidationError(
                    _("'At risk from' must be a percentage between 1 and 100.")
                )

    @api.constrains("order_type_id", "priority", "company_id", "active")
    def _check_unique_policy(self):
        # one grouped query for the whole batch, not a search per policy
        data = self._read_group(
            [
                ("order_type_id", "in", self.order_type_id.ids + [False]),
                ("priority", "in", self.mapped("priority")),
            ],
            ["order_type_id", "priority", "company_id"],
            ["__count"],
        )
        keys = {(p.order_type_id, p.priority, p.company_id) for p in self}
        for order_type, priority, company, count in data:
            if count > 1 and (order_type, priority, company) in keys:
                raise ValidationError(
                    _(
                        "There is already an active SLA policy for %(type)s, "
                        "priority %(priority)s and %(company)s.",
                        type=order_type.name or _("all types"),
                        priority=dict(PRIORITIES)[priority],
                        company=company.name or _("all companies"),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(clean_vals(self, vals))

    @api.model
    def _get_policy_map(self, companies):
        """All active policies of these companies, keyed for fast matching.

        :return: dict ``(type_id or False, priority, company_id or False)`` ->
            policy; one query whatever the number of orders.
        """
        policies = self.search_fetch(
            [("company_id", "in", companies.ids + [False])],
            [
                "order_type_id",
                "priority",
                "company_id",
                "calendar_id",
                "response_hours",
                "resolution_hours",
                "warning_percent",
            ],
            order="id",
        )
        return {(p.order_type_id.id, p.priority, p.company_id.id): p for p in policies}

    @api.model
    def _match(self, policy_map, order_type, priority, company):
        for key in (
            (order_type.id, priority, company.id),
            (order_type.id, priority, False),
            (False, priority, company.id),
            (False, priority, False),
        ):
            if key in policy_map:
                return policy_map[key]
        return self.browse()

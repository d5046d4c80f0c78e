from collections import namedtuple

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools.input_guard import clean_vals
from .service_order import PRIORITIES

# a target longer than this many working hours is a typing error
MAX_TARGET_HOURS = 100_000

# a policy's values as the SLA clock uses them (plain values: they live in the
# registry's cache, shared by every transaction of the worker)
SlaPolicyValues = namedtuple(
    "SlaPolicyValues",
    "id calendar_id response_hours resolution_hours warning_percent",
)


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
        policies = super().create([clean_vals(self, vals) for vals in vals_list])
        self.env.registry.clear_cache()  # _get_policy_data
        return policies

    def write(self, vals):
        result = super().write(clean_vals(self, vals))
        self.env.registry.clear_cache()  # _get_policy_data
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _get_policy_data
        return result

    @api.model
    def _get_policy_map(self, companies):
        """All active policies of these companies and the shared ones, keyed
        for fast matching.

        :return: dict ``(type_id or False, priority, company_id or False)`` ->
            ``SlaPolicyValues``; no query once the registry's cache holds the
            companies' policies (one query otherwise, whatever the number of
            orders).
        """
        return dict(self._get_policy_data(tuple(sorted(companies.ids))))

    @api.model
    @tools.ormcache("company_ids")
    def _get_policy_data(self, company_ids):
        """Cached in the registry (cleared by any create, write or unlink of a
        policy, which signals the other workers): the policies change a few
        times a year, every order's create reads them."""
        # sudo and an empty context: the result is shared by every user and
        # request of the worker, so it must not depend on the one who misses
        # the cache (nor on a client's active_test); the domain keeps what the
        # multi-company rule lets through (these companies and shared
        # policies) and only targets come out of it
        policies = self.env(context={}, su=True)[self._name].search_fetch(
            [("company_id", "in", [*company_ids, False])],
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
        return tuple(
            (
                (p.order_type_id.id, p.priority, p.company_id.id),
                SlaPolicyValues(
                    p.id,
                    p.calendar_id.id,
                    p.response_hours,
                    p.resolution_hours,
                    p.warning_percent,
                ),
            )
            for p in policies
        )

    @api.model
    def _match(self, policy_map, order_type, priority, company):
        """The most specific policy of ``policy_map`` for these, or None."""
        for key in (
            (order_type.id, priority, company.id),
            (order_type.id, priority, False),
            (False, priority, company.id),
            (False, priority, False),
        ):
            if key in policy_map:
                return policy_map[key]
        return None

from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServicePmPlan(models.Model):
    """Contract-scoped plans: one plan for every unit a contract covers, one
    order per site and due date with the site's covered units, due only
    within the contract's term and while it is active."""

    _inherit = "service.pm.plan"

    scope = fields.Selection(
        selection_add=[("contract", "Contract (all covered units)")],
        # uninstalling the bridge: the plans fall back to the unit scope, with
        # no unit, so they generate nothing more (their orders keep them)
        ondelete={"contract": "set default"},
        help="One unit, or a contract: every unit the contract covers, one "
        "order per site and due date with the site's covered units.",
    )
    contract_id = fields.Many2one(
        "service.contract",
        index="btree_not_null",
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )

    @api.depends("contract_id.partner_id")
    def _compute_partner_id(self):
        res = super()._compute_partner_id()
        for plan in self:
            if plan.scope == "contract":
                plan.partner_id = plan.contract_id.partner_id
        return res

    @api.constrains("scope", "equipment_id", "contract_id", "trigger", "meter_id")
    def _check_scope(self):
        for plan in self:
            if plan.scope != "contract":
                continue
            if not plan.contract_id:
                raise ValidationError(
                    _("%(plan)s: choose the contract.", plan=plan.display_name)
                )
            if plan.trigger == "meter":
                raise ValidationError(
                    _(
                        "%(plan)s: a meter plan follows the meter of one unit; "
                        "it cannot cover a whole contract.",
                        plan=plan.display_name,
                    )
                )
        return super()._check_scope()

    @api.model
    def _get_link_fields(self):
        return super()._get_link_fields() | {"contract_id"}

    @api.model
    def _get_schedule_fields(self):
        return super()._get_schedule_fields() | {"contract_id"}

    def _get_groups(self):
        """A contract plan: the covered units of the contract (active ones, of
        the contract's customer, with a site), by site."""
        groups = super()._get_groups()
        for plan in self.filtered(lambda p: p.scope == "contract"):
            contract = plan.contract_id
            customer = contract.partner_id.commercial_partner_id
            by_site = defaultdict(lambda: self.env["maintenance.equipment"])
            for unit in contract.equipment_ids:
                if (
                    unit.active
                    and unit.site_id
                    and unit.partner_id.commercial_partner_id == customer
                ):
                    by_site[unit.site_id] |= unit
            groups[plan] = [
                (contract.partner_id, site, units)
                for site, units in sorted(by_site.items(), key=lambda item: item[0].id)
            ]
        return groups

    def _get_window(self, today, until, forecast):
        """Only while the contract is active (a draft one in the forecast),
        and never after its end."""
        end = super()._get_window(today, until, forecast)
        if end is None or self.scope != "contract":
            return end
        contract = self.contract_id
        if contract.state != "active" and not (forecast and contract.state == "draft"):
            return None
        return min(end, contract.date_end) if contract.date_end else end

    def _get_window_start(self):
        """Not before the contract's first day."""
        if self.scope == "contract":
            return self.contract_id.date_start
        return super()._get_window_start()

    def _get_history_key(self, site):
        # one history per site: each site's orders follow their own dates
        if self.scope == "contract":
            return (self.id, site.id)
        return super()._get_history_key(site)

    def _occurrence_key(self, due, threshold, site):
        key = super()._occurrence_key(due, threshold, site)
        if self.scope == "contract":
            key = f"{key}@{site.id}"
        return key

    def _prepare_order_base_values(self):
        vals = super()._prepare_order_base_values()
        if self.scope == "contract":
            vals["contract_id"] = self.contract_id.id
        return vals

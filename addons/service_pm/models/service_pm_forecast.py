from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.service_order.tools.input_guard import clean_vals


class ServicePmForecast(models.TransientModel):
    """What the preventive maintenance plans will generate over the coming
    days: one line per occurrence not generated yet (a projection for meter
    and floating plans). Built on demand from the plans, never stored for
    long."""

    _name = "service.pm.forecast"
    _description = "Preventive Maintenance Forecast"
    _order = "due_date, plan_id, id"
    _check_company_auto = True

    plan_id = fields.Many2one("service.pm.plan", required=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True)
    partner_id = fields.Many2one("res.partner", string="Customer")
    site_id = fields.Many2one("res.partner", string="Service Site")
    equipment_ids = fields.Many2many(
        "maintenance.equipment",
        "service_pm_forecast_equipment_rel",
        "forecast_id",
        "equipment_id",
        string="Units",
    )
    order_type_id = fields.Many2one("service.order.type")
    user_id = fields.Many2one("res.users", string="Responsible")
    trigger = fields.Selection(related="plan_id.trigger")
    mode = fields.Selection(related="plan_id.mode")
    due_date = fields.Date(required=True)
    generation_date = fields.Date(
        string="Generated On",
        help="The day the scheduler creates the order: the due date minus the "
        "plan's lead time and horizon (today at the earliest).",
    )
    meter_threshold = fields.Float()
    duration = fields.Float(string="Estimated Duration (h)")

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        return super().create(vals_list)

    @api.model
    def _create_from_plans(self, plans, days):
        """Forecast lines of ``plans`` for the next ``days`` days, in one
        create()."""
        today = fields.Date.context_today(self)
        occurrences = plans._get_occurrences(
            today, until=today + timedelta(days=days), forecast=True
        )
        return self.create(
            [
                {
                    "plan_id": occ.plan.id,
                    "company_id": occ.plan.company_id.id,
                    "partner_id": occ.partner.id,
                    "site_id": occ.site.id,
                    "equipment_ids": [fields.Command.set(occ.equipment.ids)],
                    "order_type_id": occ.plan.order_type_id.id,
                    "user_id": occ.plan.user_id.id,
                    "due_date": occ.due_date,
                    "generation_date": max(
                        today,
                        occ.due_date
                        - timedelta(days=occ.plan.lead_days + occ.plan.horizon_days),
                    ),
                    "meter_threshold": occ.threshold,
                    "duration": occ.plan.duration,
                }
                for occ in occurrences
            ]
        )

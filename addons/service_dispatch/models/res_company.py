from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dispatch_road_factor = fields.Float(
        string="Road Factor",
        default=1.3,
        digits=(4, 2),
        help="Road distance = straight-line distance x this factor.",
    )
    dispatch_avg_speed_kmh = fields.Float(
        string="Average Speed (km/h)",
        default=50.0,
        digits=(5, 1),
        help="Average driving speed used to turn road distances into travel time.",
    )
    dispatch_weight_travel = fields.Integer(
        string="Weight: Travel",
        default=40,
        help="Weight of the driving time from the previous job in the "
        "technician suggestions.",
    )
    dispatch_weight_load = fields.Integer(
        string="Weight: Load Balance",
        default=20,
        help="Weight of the free share of the technician's working day.",
    )
    dispatch_weight_history = fields.Integer(
        string="Weight: Prior Visits",
        default=15,
        help="Weight of the technician's completed visits to the same site or asset.",
    )
    dispatch_weight_urgency = fields.Integer(
        string="Weight: SLA Urgency",
        default=25,
        help="Weight of the SLA time left when the job would end (scaled by "
        "the order's priority).",
    )

    @api.constrains(
        "dispatch_road_factor",
        "dispatch_avg_speed_kmh",
        "dispatch_weight_travel",
        "dispatch_weight_load",
        "dispatch_weight_history",
        "dispatch_weight_urgency",
    )
    def _check_dispatch_settings(self):
        for company in self:
            if company.dispatch_road_factor < 1.0:
                raise ValidationError(
                    _(
                        "%(company)s: the road factor must be at least 1 (roads "
                        "are never shorter than the straight line).",
                        company=company.name,
                    )
                )
            if company.dispatch_avg_speed_kmh <= 0:
                raise ValidationError(
                    _(
                        "%(company)s: the average speed must be positive.",
                        company=company.name,
                    )
                )
            weights = company._get_dispatch_weight_values()
            if min(weights) < 0 or not sum(weights):
                raise ValidationError(
                    _(
                        "%(company)s: the suggestion weights cannot be negative "
                        "and at least one must be positive.",
                        company=company.name,
                    )
                )

    def _get_dispatch_weight_values(self):
        self.ensure_one()
        return [
            self.dispatch_weight_travel,
            self.dispatch_weight_load,
            self.dispatch_weight_history,
            self.dispatch_weight_urgency,
        ]

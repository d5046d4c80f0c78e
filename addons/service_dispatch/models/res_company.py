import math

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.tools.input_guard import clean_value

from ..utils.travel import DEFAULT_ROAD_FACTOR, DEFAULT_SPEED_KMH

DISPATCH_SETTINGS = (
    "dispatch_road_factor",
    "dispatch_avg_speed_kmh",
    "dispatch_weight_travel",
    "dispatch_weight_load",
    "dispatch_weight_history",
    "dispatch_weight_urgency",
)
# bounds a real setting never reaches (roads five times the straight line, a
# van averaging 200 km/h, one weight a thousand times another)
MAX_ROAD_FACTOR = 5.0
MAX_SPEED_KMH = 200.0
MAX_WEIGHT = 1000


def clean_dispatch_settings(model, vals):
    """``vals`` with the dispatch settings cleaned by the input guard (NaN,
    inf, huge numbers, strings: a clean ValidationError)."""
    if not isinstance(vals, dict):
        return vals
    return {
        key: clean_value(model, key, value) if key in DISPATCH_SETTINGS else value
        for key, value in vals.items()
    }


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
            factor = company.dispatch_road_factor
            speed = company.dispatch_avg_speed_kmh
            if not (math.isfinite(factor) and math.isfinite(speed)):
                raise ValidationError(
                    _(
                        "%(company)s: the road factor and the average speed must "
                        "be numbers.",
                        company=company.name,
                    )
                )
            if factor > MAX_ROAD_FACTOR:
                raise ValidationError(
                    _(
                        "%(company)s: the road factor is at most %(max)s.",
                        company=company.name,
                        max=MAX_ROAD_FACTOR,
                    )
                )
            if speed > MAX_SPEED_KMH:
                raise ValidationError(
                    _(
                        "%(company)s: the average speed is at most %(max)s km/h.",
                        company=company.name,
                        max=MAX_SPEED_KMH,
                    )
                )
            if max(company._get_dispatch_weight_values()) > MAX_WEIGHT:
                raise ValidationError(
                    _(
                        "%(company)s: a suggestion weight is at most %(max)s.",
                        company=company.name,
                        max=MAX_WEIGHT,
                    )
                )
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

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [clean_dispatch_settings(self, vals) for vals in vals_list]
        )

    def write(self, vals):
        return super().write(clean_dispatch_settings(self, vals))

    def _get_dispatch_weight_values(self):
        self.ensure_one()
        return [
            self.dispatch_weight_travel,
            self.dispatch_weight_load,
            self.dispatch_weight_history,
            self.dispatch_weight_urgency,
        ]

    def _get_dispatch_travel_settings(self):
        """``{"road_factor", "speed_kmh"}`` of this company, the defaults of
        ``utils/travel.py`` where unset: the one place the board, the
        suggestions and auto-dispatch take their travel estimate from."""
        self.ensure_one()
        return {
            "road_factor": self.dispatch_road_factor or DEFAULT_ROAD_FACTOR,
            "speed_kmh": self.dispatch_avg_speed_kmh or DEFAULT_SPEED_KMH,
        }

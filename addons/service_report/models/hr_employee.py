from odoo import _, fields, models
from odoo.exceptions import ValidationError

POSITION_GROUPS = "hr.group_hr_user,service_order.group_service_dispatcher"


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    # where the technician was last seen: for HR and dispatchers only (the
    # mobile app reports it through /service_report/position)
    last_latitude = fields.Float(
        string="Last Known Latitude", digits=(10, 7), groups=POSITION_GROUPS
    )
    last_longitude = fields.Float(
        string="Last Known Longitude", digits=(10, 7), groups=POSITION_GROUPS
    )
    last_position_date = fields.Datetime(
        string="Last Known Position On", groups=POSITION_GROUPS
    )

    def _set_last_position(self, latitude, longitude):
        """Record the employee's position now (server code: the position
        route, for the user's own employee)."""
        self.ensure_one()
        if not (
            isinstance(latitude, int | float)
            and isinstance(longitude, int | float)
            and not isinstance(latitude, bool)
            and not isinstance(longitude, bool)
            and -90 <= latitude <= 90
            and -180 <= longitude <= 180
        ):
            raise ValidationError(
                _("A position is a latitude (-90..90) and a longitude (-180..180).")
            )
        self.write(
            {
                "last_latitude": float(latitude),
                "last_longitude": float(longitude),
                "last_position_date": fields.Datetime.now(),
            }
        )

from odoo import api, models

# what the work intervals of a calendar are made of (resource's
# _work_intervals_batch and the span of _get_sla_work_intervals): a write of
# another field (a name, a note) leaves the registry's caches alone
CALENDAR_INTERVAL_FIELDS = frozenset(
    {
        "active",
        "attendance_ids",
        "flexible_hours",
        "full_time_required_hours",
        "global_leave_ids",
        "hours_per_day",
        "leave_ids",
        "two_weeks_calendar",
        "tz",
    }
)
HOLIDAY_INTERVAL_FIELDS = frozenset(
    {"calendar_id", "company_id", "date_from", "date_to", "resource_id", "time_type"}
)


class ResourceCalendar(models.Model):
    """The SLA clock caches the calendars' work intervals in the registry
    (``service.order._get_sla_work_intervals``): a change of what they are
    made of clears that cache (and signals the other workers)."""

    _inherit = "resource.calendar"

    def write(self, vals):
        result = super().write(vals)
        if CALENDAR_INTERVAL_FIELDS.intersection(vals):
            self.env.registry.clear_cache()  # service.order SLA work intervals
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # service.order SLA work intervals
        return result


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env.registry.clear_cache()  # service.order SLA work intervals
        return attendances

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()  # service.order SLA work intervals
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # service.order SLA work intervals
        return result


class ResourceCalendarLeaves(models.Model):
    """Only holidays (leaves of no resource) count on the SLA clock: an
    employee's time off leaves the cache alone."""

    _inherit = "resource.calendar.leaves"

    def _has_holidays(self):
        return any(not leave.resource_id for leave in self)

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        if leaves._has_holidays():
            self.env.registry.clear_cache()  # service.order SLA work intervals
        return leaves

    def write(self, vals):
        relevant = bool(HOLIDAY_INTERVAL_FIELDS.intersection(vals))
        holidays_before = relevant and self._has_holidays()
        result = super().write(vals)
        if relevant and (holidays_before or self._has_holidays()):
            self.env.registry.clear_cache()  # service.order SLA work intervals
        return result

    def unlink(self):
        holidays = self._has_holidays()
        result = super().unlink()
        if holidays:
            self.env.registry.clear_cache()  # service.order SLA work intervals
        return result

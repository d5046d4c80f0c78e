from odoo import api, models


class ResourceCalendar(models.Model):
    """The SLA clock caches the calendars' work intervals in the registry
    (``service.order._get_sla_work_intervals``): a change of a calendar
    clears that cache (and signals the other workers)."""

    _inherit = "resource.calendar"

    def write(self, vals):
        result = super().write(vals)
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
        holidays_before = self._has_holidays()
        result = super().write(vals)
        if holidays_before or self._has_holidays():
            self.env.registry.clear_cache()  # service.order SLA work intervals
        return result

    def unlink(self):
        holidays = self._has_holidays()
        result = super().unlink()
        if holidays:
            self.env.registry.clear_cache()  # service.order SLA work intervals
        return result

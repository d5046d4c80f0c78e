import math

from odoo import fields, models

from odoo.addons.service_dispatch.utils.travel import (
    haversine_km,
    home_point,
    partner_point,
    travel_minutes,
)


class ServiceOrder(models.Model):
    _inherit = "service.order"

    def _portal_travel_origins(self):
        """{order id: (lat, lon)} where the technician of each order drives
        from: the site of his last job completed today before this one, else
        his home base. One search for the whole batch."""
        # sudo: the customer sees a time, never the technician's other jobs
        # or his home; ``self`` are orders the portal already checked
        orders = self.sudo().filtered("technician_id")
        if not orders:
            return {}
        today = fields.Datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
        previous = orders.search(
            [
                ("technician_id", "in", orders.technician_id.ids),
                ("state", "=", "done"),
                ("date_done", ">=", today),
                ("id", "not in", orders.ids),
            ],
            order="date_done desc, id desc",
        )
        last_site = {}
        for job in previous:
            point = partner_point(job.site_id)
            if point:
                last_site.setdefault(job.technician_id.id, point)
        return {
            order.id: last_site.get(order.technician_id.id)
            or home_point(order.technician_id)
            for order in orders
        }

    def _get_portal_travel_minutes(self):
        """The dispatch travel estimate (straight line x the company's road
        factor at its average speed) from the technician's previous job or
        home to the site, in whole minutes (rounded up)."""
        minutes = super()._get_portal_travel_minutes()
        origins = self._portal_travel_origins()
        settings = {}
        for order in self.sudo():
            origin, target = origins.get(order.id), partner_point(order.site_id)
            if not origin or not target or order.id in minutes:
                continue
            company = order.company_id
            if company not in settings:
                settings[company] = company._get_dispatch_travel_settings()
            km = haversine_km(*origin, *target)
            minutes[order.id] = max(
                1, math.ceil(travel_minutes(km, **settings[company]))
            )
        return minutes

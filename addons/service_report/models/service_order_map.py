"""The map of today's jobs and of the technicians' last known positions: its
data in a bounded number of queries."""

from odoo import api, fields, models

from .service_order_dashboard import day_bounds_utc

TILE_URL_PARAM = "service_report.map_tile_url"
# at most this many jobs on the map (a day of a big company)
MAP_JOB_LIMIT = 2000


def _point(latitude, longitude):
    """(0, 0) is an address never geocoded, not a place in the sea."""
    if not latitude and not longitude:
        return None
    return latitude, longitude


class ServiceOrder(models.Model):
    # one file per concern of the report part of the order
    _inherit = "service.order"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def get_service_map_data(self):
        """Today's jobs with site coordinates and the technicians' last known
        positions (reported by their phone, else the site of their current or
        last job of today): a constant number of queries.

        A dispatcher feature (checked on the user); read with his rights.
        """
        self._check_dashboard_access()
        start, end = day_bounds_utc(self.env)
        orders = self.search(
            [
                ("date_scheduled_start", "<", fields.Datetime.to_string(end)),
                ("date_scheduled_end", ">", fields.Datetime.to_string(start)),
                ("state", "!=", "cancelled"),
            ],
            order="date_scheduled_start, id",
            limit=MAP_JOB_LIMIT,
        )
        # one query for the sites of all orders (prefetched together)
        orders.site_id.mapped("partner_latitude")
        jobs = []
        last_site = {}
        for order in orders:
            point = _point(order.site_latitude, order.site_longitude)
            if not point:
                continue
            jobs.append(
                {
                    "id": order.id,
                    "name": order.name,
                    "partner": order.partner_name or "",
                    "site": order.site_name or "",
                    "state": order.state,
                    "technician_id": order.technician_id.id,
                    "start": fields.Datetime.to_string(order.date_scheduled_start),
                    "lat": point[0],
                    "lng": point[1],
                }
            )
            # the current job wins, then the latest done, then the latest planned
            tech = order.technician_id.id
            rank = {"in_progress": 2, "done": 1}.get(order.state, 0)
            if tech and rank >= last_site.get(tech, (-1, None))[0]:
                last_site[tech] = (rank, point)
        return {
            "tile_url": self.env["ir.config_parameter"]
            .sudo()
            .get_param(TILE_URL_PARAM, "")
            or "",
            "jobs": jobs,
            "technicians": self._get_map_technicians(last_site),
        }

    @api.model
    def _get_map_technicians(self, last_site):
        """Field technicians with a position: the reported one, else the site
        of their job of today (``last_site``: ``{employee id: (current,
        (lat, lng))}``). One query for the technicians."""
        # the public view reads the table: pending positions first
        self.env["hr.employee"].flush_model(
            ["last_latitude", "last_longitude", "last_position_date"]
        )
        Employee = self.env["hr.employee.public"]
        # the position fields are for dispatchers and HR (this method is a
        # dispatcher feature): read them as the caller
        rows = Employee.search_read(
            [("is_field_technician", "=", True)],
            ["name", "last_latitude", "last_longitude", "last_position_date"],
        )
        result = []
        for row in rows:
            point = _point(row["last_latitude"], row["last_longitude"])
            source = "reported"
            when = row["last_position_date"]
            if not point and row["id"] in last_site:
                point = last_site[row["id"]][1]
                source = "job"
                when = False
            if not point:
                continue
            result.append(
                {
                    "id": row["id"],
                    "name": row["name"] or "",
                    "lat": point[0],
                    "lng": point[1],
                    "source": source,
                    "date": fields.Datetime.to_string(when) if when else False,
                }
            )
        return result

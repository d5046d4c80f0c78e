from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..utils.workdays import ratio

# the measures of the summary (workbook, tests): name -> (aggregate, label)
KPI_MEASURES = {
    "order_count": "order_count:sum",
    "done_count": "done_count:sum",
    "ftf_rate": "ftf_rate:avg",
    "callback_rate": "callback_rate:avg",
    "response_hours": "response_hours:avg",
    "response_target_hours": "response_target_hours:avg",
    "completion_hours": "completion_hours:avg",
    "resolution_target_hours": "resolution_target_hours:avg",
    "sla_breach_rate": "sla_breach_rate:avg",
    "work_hours": "work_hours:sum",
    "estimate_hours": "estimate_hours:sum",
    "done_work_hours": "done_work_hours:sum",
    "travel_hours": "travel_hours:sum",
    "rating": "rating:avg",
    "revenue": "revenue:avg",
}


class ServiceReportKpi(models.Model):
    """One row per service order (not cancelled), with what the KPIs need.

    A VIEW over the orders and their time logs: nothing to refresh and no
    query per order. Rates are 0 / 100 per completed order (NULL otherwise),
    so the pivot's average of a rate over any group is the rate of that group
    (first-time fixes / completed orders...).
    """

    _name = "service.report.kpi"
    _description = "Service KPIs"
    _auto = False
    _rec_name = "order_id"
    _order = "date desc, id desc"

    order_id = fields.Many2one("service.order", string="Service Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    technician_id = fields.Many2one(
        "hr.employee", string="Lead Technician", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    order_type_id = fields.Many2one("service.order.type", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    site_id = fields.Many2one("res.partner", string="Service Site", readonly=True)
    priority = fields.Selection(
        lambda self: self.env["service.order"]._fields["priority"].selection,
        readonly=True,
    )
    state = fields.Selection(
        lambda self: self.env["service.order"]._fields["state"].selection,
        readonly=True,
    )
    date = fields.Datetime(
        string="Period",
        readonly=True,
        help="Completed on, or received on for orders not completed yet.",
    )
    date_received = fields.Datetime(string="Received On", readonly=True)
    date_done = fields.Datetime(string="Completed On", readonly=True)
    is_first_time_fix = fields.Boolean(string="First-Time Fix", readonly=True)
    is_callback = fields.Boolean(string="Callback", readonly=True)

    order_count = fields.Integer(string="Orders", readonly=True, aggregator="sum")
    done_count = fields.Integer(string="Completed", readonly=True, aggregator="sum")
    ftf_rate = fields.Float(
        string="First-Time Fix Rate (%)", readonly=True, aggregator="avg"
    )
    callback_rate = fields.Float(
        string="Callback Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the completed orders that are callbacks of an earlier one.",
    )
    response_hours = fields.Float(
        string="Time to Respond (h)",
        readonly=True,
        aggregator="avg",
        help="Received to started (technician on site).",
    )
    response_target_hours = fields.Float(
        string="Response Target (h)", readonly=True, aggregator="avg"
    )
    completion_hours = fields.Float(
        string="Time to Complete (h)", readonly=True, aggregator="avg"
    )
    resolution_target_hours = fields.Float(
        string="Resolution Target (h)", readonly=True, aggregator="avg"
    )
    sla_breach_rate = fields.Float(
        string="SLA Breach Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the orders under an SLA whose target was missed.",
    )
    work_hours = fields.Float(string="Work (h)", readonly=True, aggregator="sum")
    done_work_hours = fields.Float(
        string="Work on Completed (h)", readonly=True, aggregator="sum"
    )
    estimate_hours = fields.Float(
        string="Estimate (h)", readonly=True, aggregator="sum"
    )
    duration_ratio = fields.Float(
        string="Work vs Estimate (%)", readonly=True, aggregator="avg"
    )
    travel_hours = fields.Float(string="Travel (h)", readonly=True, aggregator="sum")
    travel_share = fields.Float(
        string="Travel Share (%)",
        readonly=True,
        aggregator="avg",
        help="Travel / (travel + work) of the order; the share over a group "
        "(sum of travel / sum of travel and work) is in the workbook.",
    )
    rating = fields.Float(string="Customer Rating", readonly=True, aggregator="avg")
    revenue = fields.Float(string="Revenue per Call", readonly=True, aggregator="avg")

    # ------------------------------------------------------------------
    # The view
    # ------------------------------------------------------------------
    @api.model
    def _rating_sql(self):
        """SQL of the customer rating of order ``o`` (extension point: an
        addon with ratings returns its column; NULL hides nothing but stays
        empty, and the views keep the measure invisible)."""
        return SQL("NULL::double precision")

    @api.model
    def _revenue_sql(self):
        """SQL of the revenue of order ``o`` (extension point for billing:
        nothing until an addon bills orders)."""
        return SQL("NULL::double precision")

    @api.model
    def _select_extra(self):
        """Extra ``SQL("<expression> AS <column>")`` of the view, over order
        ``o`` (extension point: ``service_report_dispatch`` adds the team)."""
        return []

    @api.model
    def _hours(self, end, start):
        return SQL("EXTRACT(EPOCH FROM (%s - %s)) / 3600.0", end, start)

    @api.model
    def _query(self):
        done = SQL("o.state = 'done'")
        return SQL(
            """
            SELECT
                o.id AS id,
                o.id AS order_id,
                o.company_id,
                o.technician_id,
                o.user_id,
                o.order_type_id,
                o.partner_id,
                o.site_id,
                o.priority,
                o.state,
                COALESCE(o.date_done, o.date_received) AS date,
                o.date_received,
                o.date_done,
                COALESCE(o.is_first_time_fix, FALSE) AS is_first_time_fix,
                (o.callback_of_id IS NOT NULL) AS is_callback,
                1 AS order_count,
                CASE WHEN %(done)s THEN 1 ELSE 0 END AS done_count,
                CASE WHEN %(done)s THEN
                    CASE WHEN o.is_first_time_fix THEN 100.0 ELSE 0.0 END
                END AS ftf_rate,
                CASE WHEN %(done)s THEN
                    CASE WHEN o.callback_of_id IS NOT NULL THEN 100.0 ELSE 0.0 END
                END AS callback_rate,
                CASE WHEN o.date_started IS NOT NULL THEN %(response)s END
                    AS response_hours,
                CASE WHEN o.response_deadline IS NOT NULL
                    THEN %(response_target)s END AS response_target_hours,
                CASE WHEN %(done)s THEN %(completion)s END AS completion_hours,
                CASE WHEN o.resolution_deadline IS NOT NULL
                    THEN %(resolution_target)s END AS resolution_target_hours,
                CASE WHEN o.sla_status IN ('breached', 'met', 'on_track', 'at_risk')
                    THEN CASE WHEN o.sla_breached THEN 100.0 ELSE 0.0 END
                END AS sla_breach_rate,
                COALESCE(t.work, 0.0) AS work_hours,
                CASE WHEN %(done)s THEN COALESCE(t.work, 0.0) ELSE 0.0 END
                    AS done_work_hours,
                CASE WHEN %(done)s THEN COALESCE(o.duration, 0.0) ELSE 0.0 END
                    AS estimate_hours,
                CASE WHEN %(done)s AND o.duration > 0
                    THEN COALESCE(t.work, 0.0) / o.duration * 100.0 END
                    AS duration_ratio,
                COALESCE(t.travel, 0.0) AS travel_hours,
                CASE WHEN COALESCE(t.work, 0.0) + COALESCE(t.travel, 0.0) > 0
                    THEN COALESCE(t.travel, 0.0)
                        / (COALESCE(t.work, 0.0) + COALESCE(t.travel, 0.0)) * 100.0
                END AS travel_share,
                %(rating)s AS rating,
                %(revenue)s AS revenue
                %(extra)s
            FROM service_order o
            LEFT JOIN (
                SELECT
                    order_id,
                    SUM(CASE WHEN kind = 'work' THEN duration ELSE 0 END) AS work,
                    SUM(CASE WHEN kind = 'travel' THEN duration ELSE 0 END)
                        AS travel
                FROM service_order_timelog
                GROUP BY order_id
            ) t ON t.order_id = o.id
            WHERE o.active AND o.state != 'cancelled'
            """,
            done=done,
            response=self._hours(SQL("o.date_started"), SQL("o.date_received")),
            response_target=self._hours(
                SQL("o.response_deadline"), SQL("o.date_received")
            ),
            completion=self._hours(SQL("o.date_done"), SQL("o.date_received")),
            resolution_target=self._hours(
                SQL("o.resolution_deadline"), SQL("o.date_received")
            ),
            rating=self._rating_sql(),
            revenue=self._revenue_sql(),
            extra=SQL("").join(SQL(", %s", column) for column in self._select_extra()),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    # ------------------------------------------------------------------
    # Summary (workbook, tests)
    # ------------------------------------------------------------------
    @api.model
    def _get_kpi_rows(self, domain, groupby=(), limit=None, offset=0):
        """KPIs per group of ``groupby`` over the rows of ``domain``: one
        grouped query (record rules apply). Each row: ``{"group": (records...),
        measure: value}`` with the shares computed from the sums."""
        measures = list(KPI_MEASURES.values())
        data = self._read_group(
            domain,
            list(groupby),
            measures,
            order=", ".join(groupby) or None,
            limit=limit,
            offset=offset,
        )
        rows = []
        for values in data:
            groups, aggregates = values[: len(groupby)], values[len(groupby) :]
            row = dict(zip(KPI_MEASURES, aggregates, strict=True))
            row["group"] = groups
            row["travel_share"] = ratio(
                row["travel_hours"] or 0.0,
                (row["travel_hours"] or 0.0) + (row["work_hours"] or 0.0),
            )
            row["duration_ratio"] = ratio(
                row["done_work_hours"] or 0.0, row["estimate_hours"] or 0.0
            )
            rows.append(row)
        return rows

    @api.model
    def _get_kpi_summary(self, domain):
        """The KPIs of all the rows of ``domain`` (one query)."""
        return self._get_kpi_rows(domain)[0]

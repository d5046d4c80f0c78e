from odoo import fields, models, tools
from odoo.tools import SQL

COSTING_GROUPS = "account.group_account_invoice,service_order.group_service_manager"


class ServiceOrderCostingReport(models.Model):
    """Job costing per completed order, as an SQL view: labour cost (work and
    travel time x the employee's hourly cost), parts cost (used quantity x the
    product's cost in the order's company), revenue (the order's invoice lines
    that are not cancelled, in company currency) and margin. A callback is an
    order of its own: its costs (and usually no revenue) weigh on its
    technician, customer, type and month like any other job."""

    _name = "service.order.costing.report"
    _description = "Service Order Job Costing"
    _auto = False
    _rec_name = "order_id"
    _order = "date_done desc, id desc"

    order_id = fields.Many2one("service.order", string="Service Order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    technician_id = fields.Many2one(
        "hr.employee", string="Lead Technician", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    order_type_id = fields.Many2one("service.order.type", readonly=True)
    date_done = fields.Datetime(string="Completed On", readonly=True)
    is_callback = fields.Boolean(string="Callback", readonly=True)
    work_hours = fields.Float(string="Work (h)", readonly=True, aggregator="sum")
    travel_hours = fields.Float(string="Travel (h)", readonly=True, aggregator="sum")
    labour_cost = fields.Monetary(readonly=True, aggregator="sum")
    parts_cost = fields.Monetary(readonly=True, aggregator="sum")
    cost = fields.Monetary(string="Total Cost", readonly=True, aggregator="sum")
    revenue = fields.Monetary(readonly=True, aggregator="sum")
    margin = fields.Monetary(readonly=True, aggregator="sum")
    margin_percent = fields.Float(
        string="Margin (%)",
        readonly=True,
        aggregator="avg",
        help="Margin over revenue of the order (empty without revenue).",
    )

    def _query(self):
        return SQL(
            """
            SELECT o.id AS id,
                   o.id AS order_id,
                   o.company_id,
                   c.currency_id,
                   o.technician_id,
                   o.partner_id,
                   o.order_type_id,
                   o.date_done,
                   (o.callback_of_id IS NOT NULL) AS is_callback,
                   COALESCE(lab.work_hours, 0) AS work_hours,
                   COALESCE(lab.travel_hours, 0) AS travel_hours,
                   COALESCE(lab.cost, 0) AS labour_cost,
                   COALESCE(prt.cost, 0) AS parts_cost,
                   COALESCE(lab.cost, 0) + COALESCE(prt.cost, 0) AS cost,
                   COALESCE(rev.revenue, 0) AS revenue,
                   COALESCE(rev.revenue, 0) - COALESCE(lab.cost, 0)
                       - COALESCE(prt.cost, 0) AS margin,
                   CASE WHEN COALESCE(rev.revenue, 0) != 0 THEN
                       100.0 * (rev.revenue - COALESCE(lab.cost, 0)
                                - COALESCE(prt.cost, 0)) / rev.revenue
                   END AS margin_percent
              FROM service_order o
              JOIN res_company c ON c.id = o.company_id
         LEFT JOIN (
                SELECT t.order_id,
                       SUM(t.duration) FILTER (WHERE t.kind = 'work') AS work_hours,
                       SUM(t.duration) FILTER (WHERE t.kind = 'travel')
                           AS travel_hours,
                       SUM(t.duration * COALESCE(e.hourly_cost, 0)) AS cost
                  FROM service_order_timelog t
                  JOIN hr_employee e ON e.id = t.employee_id
                 WHERE t.kind IN ('work', 'travel')
              GROUP BY t.order_id
                   ) lab ON lab.order_id = o.id
         LEFT JOIN (
                SELECT l.order_id,
                       SUM(l.qty_used * COALESCE(
                           (p.standard_price ->> l.company_id::text)::numeric, 0
                       )) AS cost
                  FROM service_order_line l
                  JOIN product_product p ON p.id = l.product_id
              GROUP BY l.order_id
                   ) prt ON prt.order_id = o.id
         LEFT JOIN (
                SELECT aml.service_order_id AS order_id,
                       SUM(-aml.balance) AS revenue
                  FROM account_move_line aml
                 WHERE aml.service_order_id IS NOT NULL
                   AND aml.parent_state != 'cancel'
                   AND aml.display_type = 'product'
              GROUP BY aml.service_order_id
                   ) rev ON rev.order_id = o.id
             WHERE o.state = 'done'
            """
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

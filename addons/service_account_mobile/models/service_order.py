from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.service_order.models.service_order import OPEN_STATES


class ServiceOrder(models.Model):
    _inherit = "service.order"

    return_visit_ids = fields.One2many(
        "service.order",
        "job_order_id",
        string="Return Visits",
        readonly=True,
        help="The later visits of the job this order is the first visit of.",
    )

    # ------------------------------------------------------------------
    # The visits of a job
    # ------------------------------------------------------------------
    def _get_job_key(self):
        """Id of the job of the order: its first visit's."""
        self.ensure_one()
        return (self.job_order_id or self)._origin.id

    def _get_job_visits(self):
        """``{job id: visits}``: the visits of the jobs of ``self`` that are not
        cancelled (``self`` included), in visit order, in the caller's
        environment; one query for the batch.

        The search runs as superuser so that a visit the caller could not see
        still holds its job back: it reads only which orders belong to the
        same job (same company, ``check_company`` on the job) and their states.
        """
        job_ids = list({order._get_job_key() for order in self} - {False})
        result = defaultdict(lambda: self.browse())
        if not job_ids:
            return result
        visits = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [
                    "|",
                    ("id", "in", job_ids),
                    ("job_order_id", "in", job_ids),
                    ("state", "!=", "cancelled"),
                ],
                ["state", "job_order_id", "name"],
                order="id",
            )
        )
        for visit in visits.with_env(self.env):
            result[visit._get_job_key()] |= visit
        return result

    def _get_open_job_visits(self):
        """``{order id: open visits of its job}`` for the orders of ``self``
        whose job has a visit that is not done nor cancelled."""
        jobs = self._get_job_visits()
        result = {}
        for order in self:
            visits = jobs[order._get_job_key()]
            open_visits = visits.filtered(lambda visit: visit.state in OPEN_STATES)
            if open_visits:
                result[order.id] = open_visits
        return result

    def _with_job_visits(self):
        """``self`` and the other visits of their jobs."""
        jobs = self._get_job_visits()
        return self.union(*jobs.values())

    # ------------------------------------------------------------------
    # Invoice status: a job with an open visit is not completed
    # ------------------------------------------------------------------
    @api.depends(
        "job_order_id.state",
        "job_order_id.return_visit_ids.state",
        "return_visit_ids.state",
    )
    def _compute_invoice_status(self):
        res = super()._compute_invoice_status()
        waiting = self.filtered(
            lambda order: order.invoice_status in ("to_invoice", "no_charge")
        )
        if waiting:
            blocked = waiting._get_open_job_visits()
            for order in waiting:
                if order.id in blocked:
                    order.invoice_status = "open"
        return res

    # ------------------------------------------------------------------
    # Invoicing hooks
    # ------------------------------------------------------------------
    def _check_invoiceable(self):
        res = super()._check_invoiceable()
        blocked = self._get_open_job_visits()
        if blocked:
            open_visits = self.browse().union(*blocked.values())
            orders = self.filtered(lambda order: order.id in blocked)
            raise UserError(
                _(
                    "The visits of a job are invoiced together once its last "
                    "visit is done. %(orders)s: visit %(visits)s is still open.",
                    orders=", ".join(orders.mapped("name")),
                    visits=", ".join(open_visits.mapped("name")),
                )
            )
        return res

    def _create_invoices(self, force=False):
        # every visit of the jobs is locked and considered with the selection:
        # the job is billed whole, once
        return super(ServiceOrder, self._with_job_visits())._create_invoices(
            force=force
        )

    def _get_orders_to_invoice(self, force=False):
        """The job's completed visits that are on no invoice, only when no
        visit of the job is open; whether there is something to bill is
        decided for the whole job, not per visit."""
        free, data = super()._get_orders_to_invoice(force=True)
        if not free:
            return free, data
        blocked = free._get_open_job_visits()
        free = free.filtered(lambda order: order.id not in blocked)
        if force or not free:
            return free, data
        totals = defaultdict(float)
        for order in free:
            totals[order._get_job_key()] += sum(
                item["subtotal"] for item in data[order.id]
            )
        return free.filtered(
            lambda order: (
                not order.company_id.currency_id.is_zero(totals[order._get_job_key()])
            )
        ), data

    def _get_invoice_grouping_key(self, currency):
        key = super()._get_invoice_grouping_key(currency)
        if key[-1]:
            # invoiced per order: the job's visits still share the invoice
            key = (*key[:-1], self._get_job_key())
        return key

    def _prepare_invoice_section_values(self):
        vals = super()._prepare_invoice_section_values()
        # sudo: the name of the job's first visit, for the section's title
        order = self.sudo()
        if order.job_order_id:
            label = _("return visit of %(job)s", job=order.job_order_id.name)
            if order.return_reason:
                label = f"{label}: {order.return_reason}"
            vals["name"] = f"{vals['name']} - {label}"
        return vals

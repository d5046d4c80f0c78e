from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .service_order import MAX_ORDER_HOURS, is_field_user, is_lifecycle_write

# a technician's phone clock may run a little ahead: a log may start or end
# this much after the server's now, not later
FUTURE_TOLERANCE = timedelta(minutes=15)


class ServiceOrderTimelog(models.Model):
    """Travel, work and break intervals of a technician on an order."""

    _name = "service.order.timelog"
    _inherit = ["service.order.child.mixin"]
    _description = "Service Order Time Log"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    order_id = fields.Many2one(
        "service.order", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee",
        string="Technician",
        required=True,
        default=lambda self: self._default_employee_id(),
        check_company=True,
        index=True,
    )
    kind = fields.Selection(
        [("travel", "Travel"), ("work", "Work"), ("break", "Break")],
        required=True,
        default="work",
    )
    date_start = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now
    )
    date_end = fields.Datetime(string="End")
    duration = fields.Float(
        string="Hours", compute="_compute_duration", store=True, aggregator="sum"
    )
    note = fields.Char()

    @api.model
    def _default_employee_id(self):
        # sudo: the user's own employee record, to propose it on a new log
        employee = self.env.user.sudo().employee_id
        return employee.id if employee.is_field_technician else False

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for log in self:
            if log.date_start and log.date_end:
                log.duration = (log.date_end - log.date_start).total_seconds() / 3600
            else:
                log.duration = 0.0

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        lifecycle = is_lifecycle_write(self.env)
        for log in self:
            if log.date_end and log.date_end < log.date_start:
                raise ValidationError(
                    _(
                        "A time log on %(order)s ends before it starts.",
                        order=log.order_id.name,
                    )
                )
            # the lifecycle closes the logs it opened at the real end of the
            # job; what a person enters stays within the company's bound
            limit = MAX_ORDER_HOURS
            if not lifecycle and log.company_id.service_max_timelog_hours:
                limit = min(limit, log.company_id.service_max_timelog_hours)
            if log.duration > limit:
                raise ValidationError(
                    _(
                        "A time log on %(order)s lasts %(hours).1f hours: at most "
                        "%(max)s hours per log (Field Service settings).",
                        order=log.order_id.name,
                        hours=log.duration,
                        max=limit,
                    )
                )

    @api.constrains("date_start", "date_end", "employee_id", "kind")
    def _check_no_overlap(self):
        """A technician's own entries never count the same time twice: no
        travel or work log of his overlaps another of his (a break may fall
        inside a work log). The lifecycle's own logs are not checked here."""
        if is_lifecycle_write(self.env) or not is_field_user(self.env):
            return
        logs = self.filtered(lambda log: log.kind != "break" and log.employee_id)
        if not logs:
            return
        now = fields.Datetime.now()
        # sudo: the user's own logs on every order, only to compare times;
        # the message names nothing but his own entry's order
        others = self.sudo().search(
            [
                ("employee_id", "in", logs.employee_id.ids),
                ("kind", "!=", "break"),
                ("id", "not in", logs.ids),
                ("date_start", "<", max(log.date_end or now for log in logs)),
                "|",
                ("date_end", "=", False),
                ("date_end", ">", min(logs.mapped("date_start"))),
            ]
        )
        for log in logs:
            end = log.date_end or now
            for other in others:
                if (
                    other.employee_id == log.employee_id
                    and other.date_start < end
                    and (other.date_end or now) > log.date_start
                ):
                    raise ValidationError(
                        _(
                            "This time log on %(order)s overlaps another travel or "
                            "work log of yours: the same time cannot be counted "
                            "twice.",
                            order=log.order_id.name,
                        )
                    )

    @api.depends("employee_id", "kind", "order_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for log in self:
            log.display_name = (
                f"{log.order_id.name} - {log.employee_id.name} ({kinds[log.kind]})"
            )

    # ------------------------------------------------------------------
    # Technicians log their own time, not in the future
    # ------------------------------------------------------------------
    def _own_employee_ids(self):
        # sudo: the ids of the user's own employees, to compare with; a
        # technician may not read hr.employee itself
        return set(self.env.user.sudo().employee_ids.ids)

    def _check_own_time(self, employee_ids, dates):
        own = self._own_employee_ids()
        # a missing employee is the ORM's "required" error, not ours
        if not set(filter(None, employee_ids)) <= own:
            raise AccessError(
                _(
                    "Technicians log and correct only their own time; ask a "
                    "dispatcher to change a colleague's time log."
                )
            )
        latest = fields.Datetime.now() + FUTURE_TOLERANCE
        if any(moment and moment > latest for moment in dates):
            raise ValidationError(_("A time log cannot start or end in the future."))

    def _check_child_create(self, vals_list):
        if is_field_user(self.env):
            self._check_own_time(
                [vals.get("employee_id") for vals in vals_list],
                [vals.get(f) for vals in vals_list for f in ("date_start", "date_end")],
            )

    def _check_child_write(self, vals):
        if is_field_user(self.env):
            employee_ids = set(self.employee_id.ids)
            if "employee_id" in vals:
                employee_ids.add(vals["employee_id"])
            self._check_own_time(
                employee_ids, [vals.get("date_start"), vals.get("date_end")]
            )

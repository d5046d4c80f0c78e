from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceOrderTimelog(models.Model):
    """Travel, work and break intervals of a technician on an order."""

    _name = "service.order.timelog"
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

    @api.depends("date_start", "date_end")
    def _compute_duration(self):
        for log in self:
            if log.date_start and log.date_end:
                log.duration = (log.date_end - log.date_start).total_seconds() / 3600
            else:
                log.duration = 0.0

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for log in self:
            if log.date_end and log.date_end < log.date_start:
                raise ValidationError(
                    _(
                        "A time log of %(employee)s on %(order)s ends before it "
                        "starts.",
                        employee=log.employee_id.name,
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

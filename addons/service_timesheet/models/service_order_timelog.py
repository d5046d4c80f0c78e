from collections import defaultdict

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# the kinds of time that are paid and costed (a break is not)
TIMESHEET_KINDS = ("travel", "work")
# a change of these may change (or remove) the log's timesheet
SYNC_FIELDS = frozenset({"date_start", "date_end", "kind", "employee_id"})
UNIQUE_INDEX = "service_order_timelog_timesheet_uniq"


class ServiceOrderTimelog(models.Model):
    _inherit = "service.order.timelog"

    timesheet_id = fields.Many2one(
        "account.analytic.line",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="hr_timesheet.group_hr_timesheet_user",
        help="The timesheet line this finished travel or work interval became.",
    )

    def init(self):
        result = super().init()
        # one timesheet per log, one log per timesheet: a replay or two
        # closings at once cannot count the same time twice
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON service_order_timelog "
                "(timesheet_id) WHERE timesheet_id IS NOT NULL",
                SQL.identifier(UNIQUE_INDEX),
            )
        )
        return result

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _prepare_child_values(self, vals, create=False):
        vals = super()._prepare_child_values(vals, create=create)
        if "timesheet_id" in vals and not self.env.su:
            raise UserError(
                _(
                    "The timesheet of a time log is made by the server when the "
                    "log ends; it cannot be set by hand."
                )
            )
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        logs._sync_timesheets()
        return logs

    def write(self, vals):
        result = super().write(vals)
        if SYNC_FIELDS & set(vals):
            self._sync_timesheets()
        return result

    def unlink(self):
        # sudo: the timesheets made from these logs go with them (the
        # technician or dispatcher deleting a log has no timesheet rights)
        timesheets = self.sudo().timesheet_id
        result = super().unlink()
        timesheets.unlink()
        return result

    # ------------------------------------------------------------------
    # Timesheets
    # ------------------------------------------------------------------
    def _is_timesheet_due(self):
        self.ensure_one()
        return bool(
            self.kind in TIMESHEET_KINDS
            and self.date_end
            and self.date_end > self.date_start
            and self.employee_id
        )

    def _sync_timesheets(self):
        """Finished travel and work logs of ``self`` get their timesheet (one
        create for the batch), changed ones update it, reopened or emptied
        ones lose it."""
        # sudo: the timesheets of the logs (the technicians have no timesheet
        # rights); the values are the logs' own, which their rules checked
        logs = self.sudo().exists()
        if not logs:
            return
        logs.fetch(["kind", "date_start", "date_end", "employee_id", "timesheet_id"])
        due = logs.filtered(lambda log: log._is_timesheet_due())
        (logs - due).filtered("timesheet_id")._drop_timesheets()
        to_create = due.filtered(lambda log: not log.timesheet_id)
        for log in due - to_create:
            values = log._prepare_timesheet_update()
            sheet = log.timesheet_id
            if any(
                (sheet[fname].id if fname == "employee_id" else sheet[fname]) != value
                for fname, value in values.items()
            ):
                sheet.write(values)
        if to_create:
            to_create._create_timesheets()

    def _drop_timesheets(self):
        if not self:
            return
        timesheets = self.timesheet_id
        self.env.cr.execute(
            SQL(
                "UPDATE service_order_timelog SET timesheet_id = NULL WHERE id IN %s",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["timesheet_id"])
        timesheets.unlink()

    def _timesheet_date(self):
        tz = self.employee_id.tz or self.env.user.tz or "UTC"
        try:
            zone = pytz.timezone(tz)
        except pytz.UnknownTimeZoneError:
            zone = pytz.utc
        return pytz.utc.localize(self.date_start).astimezone(zone).date()

    def _prepare_timesheet_update(self):
        return {
            "unit_amount": self.duration,
            "date": self._timesheet_date(),
            "employee_id": self.employee_id.id,
        }

    def _prepare_timesheet_values(self, project):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        return dict(
            self._prepare_timesheet_update(),
            name=f"{self.order_id.name} - {kinds[self.kind]}",
            project_id=project.id,
            company_id=self.order_id.company_id.id,
            service_order_id=self.order_id.id,
        )

    def _get_timesheet_project(self):
        """The project of the log's order: its type's, else the company's."""
        order = self.order_id
        project = order.order_type_id.project_id
        if (
            project
            and project.allow_timesheets
            and (not project.company_id or project.company_id == order.company_id)
        ):
            return project
        return order.company_id._get_service_project()

    def _create_timesheets(self):
        """One timesheet per log of ``self`` (none has one yet), created per
        company in one batch, linked to its log in one UPDATE."""
        by_company = defaultdict(lambda: self.browse())
        for log in self:
            by_company[log.order_id.company_id] |= log
        Line = self.env["account.analytic.line"]
        for company, logs in by_company.items():
            projects = {log.id: log._get_timesheet_project() for log in logs}
            sheets = (
                Line.with_company(company)
                .with_context(allowed_company_ids=[company.id])
                .create(
                    [log._prepare_timesheet_values(projects[log.id]) for log in logs]
                )
            )
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE service_order_timelog AS log
                       SET timesheet_id = link.sheet_id
                      FROM unnest(%s::int[], %s::int[]) AS link(log_id, sheet_id)
                     WHERE log.id = link.log_id
                    """,
                    logs.ids,
                    sheets.ids,
                )
            )
            logs.invalidate_recordset(["timesheet_id"])

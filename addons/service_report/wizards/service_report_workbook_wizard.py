import io
from datetime import datetime, time, timedelta

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from odoo.addons.service_order.tools.input_guard import clean_vals, ensure_one

from ..utils.workdays import ratio

_lt = LazyTranslate(__name__)

# groups read per grouped query while writing a sheet
GROUP_BATCH = 2000

# (measure, header, format) of the order KPI sheets
ORDER_COLUMNS = [
    ("order_count", _lt("Orders"), "int"),
    ("done_count", _lt("Completed"), "int"),
    ("ftf_rate", _lt("First-Time Fix (%)"), "pct"),
    ("callback_rate", _lt("Callbacks (%)"), "pct"),
    ("response_hours", _lt("Time to Respond (h)"), "hours"),
    ("response_target_hours", _lt("Response Target (h)"), "hours"),
    ("completion_hours", _lt("Time to Complete (h)"), "hours"),
    ("resolution_target_hours", _lt("Resolution Target (h)"), "hours"),
    ("sla_breach_rate", _lt("SLA Breached (%)"), "pct"),
    ("work_hours", _lt("Work (h)"), "hours"),
    ("estimate_hours", _lt("Estimate (h)"), "hours"),
    ("duration_ratio", _lt("Work vs Estimate (%)"), "pct"),
    ("travel_hours", _lt("Travel (h)"), "hours"),
    ("travel_share", _lt("Travel Share (%)"), "pct"),
]
# (field, header, format) of the utilisation sheet
DAY_COLUMNS = [
    ("available_hours", _lt("Available (h)"), "hours"),
    ("work_hours", _lt("Work (h)"), "hours"),
    ("travel_hours", _lt("Travel (h)"), "hours"),
    ("utilisation", _lt("Utilisation (%)"), "pct"),
    ("travel_share", _lt("Travel Share (%)"), "pct"),
    ("jobs_per_day", _lt("Jobs per Day"), "dec"),
    ("days", _lt("Days"), "int"),
]


class ServiceReportWorkbookWizard(models.TransientModel):
    """The weekly service report: an .xlsx workbook of the KPIs."""

    _name = "service.report.workbook.wizard"
    _description = "Weekly Service Report"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=7),
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=1),
    )
    technician_ids = fields.Many2many(
        "hr.employee",
        string="Technicians",
        domain="[('is_field_technician', '=', True)]",
    )
    order_type_ids = fields.Many2many("service.order.type", string="Order Types")
    attachment_id = fields.Many2one("ir.attachment", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        self._check_linked_ids(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        self._check_linked_ids([vals])
        return super().write(vals)

    def _check_linked_ids(self, vals_list):
        """Ids linked by the many2many commands exist (a clear error, not the
        database's foreign key)."""
        for fname in ("technician_ids", "order_type_ids"):
            ids = set()
            for vals in vals_list:
                for command in vals.get(fname) or ():
                    if command[0] == fields.Command.SET:
                        ids.update(command[2])
                    elif command[0] == fields.Command.LINK:
                        ids.add(command[1])
            comodel = self.env[self._fields[fname].comodel_name]
            missing = ids - set(comodel.browse(ids).exists().ids)
            if missing:
                raise ValidationError(
                    _(
                        "%(field)s: no such record (%(ids)s).",
                        field=self._fields[fname]._description_string(self.env),
                        ids=", ".join(map(str, sorted(missing))),
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(_("The period ends before it starts."))
            if (wizard.date_to - wizard.date_from).days > 366:
                raise UserError(_("The period of a report is at most a year."))

    # ------------------------------------------------------------------
    # Domains (extension point: a team filter with service_dispatch)
    # ------------------------------------------------------------------
    def _get_kpi_domain(self):
        self.ensure_one()
        start = datetime.combine(self.date_from, time.min)
        stop = datetime.combine(self.date_to + timedelta(days=1), time.min)
        domain = [("date", ">=", start), ("date", "<", stop)]
        if self.technician_ids:
            domain.append(("technician_id", "in", self.technician_ids.ids))
        if self.order_type_ids:
            domain.append(("order_type_id", "in", self.order_type_ids.ids))
        return domain

    def _get_day_domain(self):
        self.ensure_one()
        domain = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        if self.technician_ids:
            domain.append(("employee_id", "in", self.technician_ids.ids))
        return domain

    # ------------------------------------------------------------------
    # Action
    # ------------------------------------------------------------------
    def action_export(self):
        ensure_one(self)
        self.env["service.order"]._check_dispatcher(_("export the service report of"))
        # the period's utilisation, fresh (the technicians of the user's
        # companies)
        Day = self.env["service.technician.day"]
        Day._refresh(
            self.date_from,
            self.date_to,
            employees=Day._get_refresh_employees(self.env.companies),
        )
        content = self._build_workbook()
        name = _(
            "Service report %(start)s - %(end)s.xlsx",
            start=self.date_from,
            end=self.date_to,
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": name,
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        self.attachment_id = attachment
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # The workbook
    # ------------------------------------------------------------------
    def _build_workbook(self):
        """The workbook's bytes. Streamed: ``constant_memory`` writes each row
        to a temporary file as it comes, and the rows come from grouped
        queries read in batches, so the memory follows the number of groups
        (technicians, types, sites), never the number of orders."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(
            output, {"constant_memory": True, "default_date_format": "yyyy-mm-dd"}
        )
        formats = {
            "header": book.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "int": book.add_format({"num_format": "0"}),
            "dec": book.add_format({"num_format": "0.00"}),
            "hours": book.add_format({"num_format": "0.00"}),
            "pct": book.add_format({"num_format": "0.0"}),
            "text": book.add_format({}),
            "total": book.add_format({"bold": True, "top": 1}),
        }
        domain = self._get_kpi_domain()
        for title, groupby in self._get_order_sheets():
            self._write_order_sheet(book, formats, title, groupby, domain)
        self._write_day_sheet(book, formats)
        book.close()
        return output.getvalue()

    def _get_order_sheets(self):
        """(title, field of service.report.kpi) of the order KPI sheets
        (extension point: ``service_report_dispatch`` adds the teams)."""
        return [
            (_("By Technician"), "technician_id"),
            (_("By Order Type"), "order_type_id"),
            (_("By Site"), "site_id"),
        ]

    def _get_order_columns(self):
        """(measure, header, format) of the order KPI sheets: a measure of
        ``service.report.kpi`` read by ``_get_kpi_rows`` (extension point:
        ``service_report_portal`` appends the customer rating)."""
        return list(ORDER_COLUMNS)

    def _write_header(self, sheet, formats, headers):
        sheet.set_row(0, 30)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, len(headers) - 1, 14)
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, formats["header"])
        sheet.freeze_panes(1, 1)

    def _write_values(self, sheet, formats, row, label, values, columns, bold=False):
        sheet.write_string(row, 0, label, formats["total"] if bold else formats["text"])
        for col, (fname, _header, fmt) in enumerate(columns, start=1):
            value = values.get(fname)
            # _read_group's average of no value (all NULL) is False: a blank
            # cell, not a 0 (e.g. the rating of a group never rated)
            if value is None or value is False:
                sheet.write_blank(row, col, None, formats[fmt])
            else:
                sheet.write_number(row, col, value, formats[fmt])

    def _group_label(self, record):
        return record.display_name if record else _("(none)")

    def _write_order_sheet(self, book, formats, title, groupby, domain):
        Kpi = self.env["service.report.kpi"]
        columns = self._get_order_columns()
        sheet = book.add_worksheet(title[:31])
        headers = [Kpi._fields[groupby]._description_string(self.env)] + [
            header._translate(self.env.lang or "en_US") for _f, header, _fmt in columns
        ]
        self._write_header(sheet, formats, headers)
        row = 1
        offset = 0
        while True:
            batch = Kpi._get_kpi_rows(
                domain, [groupby], limit=GROUP_BATCH, offset=offset
            )
            for values in batch:
                label = self._group_label(values["group"][0])
                self._write_values(sheet, formats, row, label, values, columns)
                row += 1
            if len(batch) < GROUP_BATCH:
                break
            offset += GROUP_BATCH
        last = row - 1
        sheet.autofilter(0, 0, max(last, 1), len(headers) - 1)
        total = Kpi._get_kpi_summary(domain)
        self._write_values(sheet, formats, row, _("Total"), total, columns, bold=True)
        if groupby == "technician_id" and last >= 1:
            chart = book.add_chart({"type": "column"})
            for col in (3, 4):  # first-time fix and callbacks (%)
                chart.add_series(
                    {
                        "name": [sheet.name, 0, col],
                        "categories": [sheet.name, 1, 0, last, 0],
                        "values": [sheet.name, 1, col, last, col],
                    }
                )
            chart.set_title({"name": _("First-time fix and callbacks")})
            chart.set_y_axis({"name": "%", "min": 0, "max": 100})
            sheet.insert_chart(row + 2, 1, chart)

    def _day_rows(self, domain, groupby, limit, offset):
        data = self.env["service.technician.day"]._read_group(
            domain,
            groupby,
            [
                "available_hours:sum",
                "work_hours:sum",
                "travel_hours:sum",
                "job_count:sum",
                "__count",
            ],
            order=", ".join(groupby) or None,
            limit=limit,
            offset=offset,
        )
        rows = []
        for values in data:
            groups = values[: len(groupby)]
            available, work, travel, jobs, days = values[len(groupby) :]
            rows.append(
                {
                    "group": groups,
                    "available_hours": available,
                    "work_hours": work,
                    "travel_hours": travel,
                    "utilisation": ratio(work or 0.0, available),
                    "travel_share": ratio(
                        travel or 0.0, (travel or 0.0) + (work or 0.0)
                    ),
                    "jobs_per_day": jobs / days if days else None,
                    "days": days,
                }
            )
        return rows

    def _write_day_sheet(self, book, formats):
        Day = self.env["service.technician.day"]
        sheet = book.add_worksheet(_("Utilisation"))
        headers = [Day._fields["employee_id"]._description_string(self.env)] + [
            header._translate(self.env.lang or "en_US")
            for _f, header, _fmt in DAY_COLUMNS
        ]
        self._write_header(sheet, formats, headers)
        domain = self._get_day_domain()
        row, offset = 1, 0
        while True:
            batch = self._day_rows(domain, ["employee_id"], GROUP_BATCH, offset)
            for values in batch:
                label = self._group_label(values["group"][0])
                self._write_values(sheet, formats, row, label, values, DAY_COLUMNS)
                row += 1
            if len(batch) < GROUP_BATCH:
                break
            offset += GROUP_BATCH
        last = row - 1
        sheet.autofilter(0, 0, max(last, 1), len(headers) - 1)
        total = self._day_rows(domain, [], None, 0)[0]
        self._write_values(
            sheet, formats, row, _("Total"), total, DAY_COLUMNS, bold=True
        )
        if last >= 1:
            chart = book.add_chart({"type": "bar"})
            chart.add_series(
                {
                    "name": [sheet.name, 0, 4],
                    "categories": [sheet.name, 1, 0, last, 0],
                    "values": [sheet.name, 1, 4, last, 4],
                }
            )
            chart.set_title({"name": _("Utilisation per technician")})
            sheet.insert_chart(row + 2, 1, chart)

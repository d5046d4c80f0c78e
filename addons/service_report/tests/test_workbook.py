import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_kpi import JOBS, WEEK, KpiWeekCase

SHEETS = ["By Technician", "By Order Type", "By Site", "Utilisation"]


@tagged("post_install", "-at_install")
class TestWorkbook(KpiWeekCase):
    """The weekly workbook of the hand-built week, read back with openpyxl."""

    def _export(self, user, **values):
        wizard = (
            self.env["service.report.workbook.wizard"]
            .with_user(user)
            .create(dict({"date_from": WEEK[0], "date_to": WEEK[1]}, **values))
        )
        action = wizard.action_export()
        self.assertIn(f"/web/content/{wizard.attachment_id.id}", action["url"])
        raw = base64.b64decode(wizard.attachment_id.sudo().datas)
        return openpyxl.load_workbook(io.BytesIO(raw))

    def _rows(self, sheet):
        return [list(row) for row in sheet.iter_rows(values_only=True)]

    def test_sheets_headers_and_totals(self):
        book = self._export(self.dispatcher)
        # bridges add sheets (service_report_dispatch: By Team)
        self.assertEqual([name for name in book.sheetnames if name in SHEETS], SHEETS)
        summary = (
            self.env["service.report.kpi"]
            .with_user(self.dispatcher)
            ._get_kpi_summary([d for d in self.week_domain if d[0] != "company_id"])
        )
        for name in SHEETS[:3]:
            with self.subTest(sheet=name):
                sheet = book[name]
                rows = self._rows(sheet)
                header = rows[0]
                self.assertEqual(
                    header[1:6],
                    ["Orders", "Completed", "First-Time Fix (%)", "Callbacks (%)",
                     "Time to Respond (h)"],
                )  # fmt: skip
                self.assertEqual(sheet.freeze_panes, "B2")
                self.assertTrue(sheet.auto_filter.ref)
                total = rows[-1]
                self.assertEqual(total[0], "Total")
                self.assertEqual(total[1], summary["order_count"])
                self.assertEqual(total[2], summary["done_count"])
                self.assertAlmostEqual(total[3], summary["ftf_rate"])
                self.assertAlmostEqual(total[4], summary["callback_rate"])
                self.assertAlmostEqual(total[5], summary["response_hours"])
                header_index = header.index("Travel Share (%)")
                self.assertAlmostEqual(total[header_index], summary["travel_share"])
                # the groups add up to the total
                self.assertEqual(sum(row[1] for row in rows[1:-1]), total[1])
        by_tech = {row[0]: row for row in self._rows(book["By Technician"])[1:-1]}
        self.assertEqual(by_tech["Alice Tech"][2], 3)
        self.assertAlmostEqual(by_tech["Alice Tech"][3], 200.0 / 3)
        self.assertTrue(book["By Technician"]._charts)
        utilisation = self._rows(book["Utilisation"])
        alice = next(row for row in utilisation if row[0] == "Alice Tech")
        self.assertAlmostEqual(alice[1], 24.0)  # four days, Thursday off
        self.assertAlmostEqual(alice[4], 100.0 * 7.5 / 24.0)
        # 3 jobs over her 3 days with working time (Thursday off)
        self.assertAlmostEqual(alice[6], 3 / 3)
        self.assertEqual(alice[7], 3)
        self.assertEqual(utilisation[-1][0], "Total")

    def test_filters(self):
        book = self._export(
            self.dispatcher,
            technician_ids=[(6, 0, self.tech_b.ids)],
            order_type_ids=[(6, 0, self.plain_type.ids)],
        )
        rows = self._rows(book["By Technician"])
        self.assertEqual([row[0] for row in rows[1:-1]], ["Bob Tech"])
        done_b = sum(1 for job in JOBS if job[1] == "b" and job[3] == "plain")
        self.assertEqual(rows[-1][2], done_b)

    def test_rights_and_bad_period(self):
        with self.assertRaises(AccessError):
            self._export(self.tech_user_a)
        with self.assertRaisesMessage(UserError, "ends before"):
            self.env["service.report.workbook.wizard"].with_user(
                self.dispatcher
            ).create({"date_from": WEEK[1], "date_to": WEEK[0]})

    def test_unknown_ids_are_a_clear_error(self):
        wizards = self.env["service.report.workbook.wizard"].with_user(self.dispatcher)
        with self.assertRaisesMessage(ValidationError, "Technicians: no such record"):
            wizards.create(
                {
                    "date_from": WEEK[0],
                    "date_to": WEEK[1],
                    "technician_ids": [[6, 0, [999999]]],
                }
            )
        wizard = wizards.create({"date_from": WEEK[0], "date_to": WEEK[1]})
        with self.assertRaisesMessage(ValidationError, "Order Types: no such record"):
            wizard.write({"order_type_ids": [[4, 999999]]})
        self.assertFalse(wizard.order_type_ids)

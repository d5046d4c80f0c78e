import base64
import io

import openpyxl

from odoo import Command
from odoo.tests import tagged

from odoo.addons.service_report.tests.test_kpi import WEEK, KpiWeekCase


@tagged("post_install", "-at_install")
class TestKpisByTeam(KpiWeekCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_north, cls.team_south = cls.env["service.team"].create(
            [
                {"name": "North", "member_ids": [Command.set(cls.tech_a.ids)]},
                {"name": "South", "member_ids": [Command.set(cls.tech_b.ids)]},
            ]
        )

    def test_kpis_by_team(self):
        rows = self.Kpi._get_kpi_rows(self.week_domain, ["team_id"])
        by_team = {row["group"][0]: row for row in rows}
        self.assertEqual(by_team[self.team_north]["done_count"], 3)
        self.assertAlmostEqual(by_team[self.team_north]["ftf_rate"], 200.0 / 3)
        self.assertEqual(by_team[self.team_south]["done_count"], 1)

    def test_workbook_team_filter_and_sheet(self):
        wizard = (
            self.env["service.report.workbook.wizard"]
            .with_user(self.dispatcher)
            .create(
                {
                    "date_from": WEEK[0],
                    "date_to": WEEK[1],
                    "team_ids": [Command.set(self.team_south.ids)],
                }
            )
        )
        wizard.action_export()
        book = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(wizard.attachment_id.sudo().datas))
        )
        self.assertIn("By Team", book.sheetnames)
        rows = list(book["By Team"].iter_rows(values_only=True))
        self.assertEqual([row[0] for row in rows[1:-1]], ["South"])
        technicians = [
            row[0] for row in book["Utilisation"].iter_rows(values_only=True)
        ]
        self.assertIn("Bob Tech", technicians)
        self.assertNotIn("Alice Tech", technicians)

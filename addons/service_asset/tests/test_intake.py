"""The phone intake shows the site's units and their warranty (issue 11)."""

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ServiceAssetCase


@tagged("post_install", "-at_install")
class TestIntakeUnits(ServiceAssetCase):
    def test_site_units_and_warranty_in_the_summary(self):
        intake = self.env["service.intake"].with_user(self.dispatcher)
        with freeze_time("2026-01-20"):
            wizard = intake.create(
                {"partner_id": self.customer.id, "site_id": self.site.id}
            )
            summary = wizard._get_intake_site_summary()
            # the kitchen: the rooftop unit (under warranty) and its compressor
            self.assertEqual(summary["units"], self.rtu | self.compressor)
            self.assertEqual(summary["unit_count"], 2)
            self.assertEqual(summary["warranty_count"], 1)
            self.assertIn("Rooftop unit", wizard.summary_html)
            # the date as the user's language writes it, not ISO
            self.assertIn("under warranty until 02/28/2026", wizard.summary_html)
            self.assertNotIn("2026-02-28", wizard.summary_html)
            self.env["res.lang"]._activate_lang("fr_FR")
            french = wizard.with_context(lang="fr_FR")
            french.invalidate_recordset(["summary_html"])
            self.assertIn("28/02/2026", french.summary_html)
            # the shop: its fridge only, no warranty
            wizard.site_id = self.other_site
            summary = wizard._get_intake_site_summary()
            self.assertEqual(summary["units"], self.shop_unit)
            self.assertEqual(summary["warranty_count"], 0)
            self.assertNotIn("Rooftop unit", wizard.summary_html)
        with freeze_time("2026-03-01"):
            wizard.site_id = self.site
            self.assertEqual(wizard._get_intake_site_summary()["warranty_count"], 0)

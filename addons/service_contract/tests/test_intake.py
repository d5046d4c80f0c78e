"""The phone intake shows the contract that covers the site (issue 11)."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestIntakeContract(ServiceContractCase):
    def test_active_contract_of_the_site_in_the_summary(self):
        shop_only = self._contract(site_ids=self.other_site, title="Shop fridges")
        intake = self.env["service.intake"].with_user(self.dispatcher)
        with freeze_time("2026-03-02 10:00:00"):
            wizard = intake.create(
                {"partner_id": self.customer.id, "site_id": self.site.id}
            )
            self.assertFalse(wizard._get_intake_site_summary()["contracts"])
            everywhere = self._contract(title="Full maintenance")
            draft = self._contract(activate=False, title="Not signed")
            wizard.invalidate_recordset()
            summary = wizard._get_intake_site_summary()
            self.assertEqual(summary["contracts"], everywhere)
            self.assertIn("Full maintenance", wizard.summary_html)
            # the end date as the user's language writes it, not ISO
            self.assertIn("until 12/31/2026", wizard.summary_html)
            self.assertNotIn("2026-12-31", wizard.summary_html)
            self.env["res.lang"]._activate_lang("fr_FR")
            french = wizard.with_context(lang="fr_FR")
            french.invalidate_recordset(["summary_html"])
            self.assertIn("31/12/2026", french.summary_html)
            wizard.site_id = self.other_site
            contracts = wizard._get_intake_site_summary()["contracts"]
            self.assertEqual(contracts, everywhere | shop_only)
            self.assertNotIn(draft, contracts)
            # the SLA preview is the order's own: the contract's targets count
            wizard.write({"order_type_id": self.plain_type.id, "priority": "1"})
            order = self.env["service.order"].create(
                self._order_values(
                    site_id=self.other_site.id,
                    priority="1",
                    date_received=datetime(2026, 3, 2, 10, 0),
                )
            )
            wizard.date_received = datetime(2026, 3, 2, 10, 0)
            self.assertEqual(wizard.resolution_deadline, order.resolution_deadline)

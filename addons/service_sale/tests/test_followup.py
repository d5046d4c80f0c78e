import logging

from odoo.tests import tagged

from .common import ServiceSaleCase

_logger = logging.getLogger(__name__)

# measured: 2 follow-ups then 12 cost 107 more queries, nearly all of them
# mail's own assignation e-mail of each to-do (mail.activity._action_notify,
# one mail per activity); without it (mail_activity_quick_update) the 12 cost
# no more than the 2: creates, links and notes are batched
PER_FOLLOWUP_BUDGET = 12
PER_FOLLOWUP_BUDGET_QUIET = 1


@tagged("post_install", "-at_install")
class TestFollowup(ServiceSaleCase):
    def test_confirmed_quotation_creates_the_followup_once(self):
        quote = self._quote(products=self.compressor | self.fitting)
        self.compressor.default_code = "COMP-5"
        fitting_line = quote.order_line.filtered(
            lambda line: line.product_id == self.fitting
        )
        fitting_line.write(
            {
                "product_uom": self.env.ref("uom.product_uom_hour").id,
                "product_uom_qty": 1.5,
            }
        )
        # a salesperson without service rights confirms it
        quote.sudo().user_id = self.salesman
        quote.with_user(self.salesman).action_confirm()
        followup = self._followups()
        self.assertEqual(len(followup), 1)
        self.assertEqual(quote.service_followup_id, followup)
        # new, unassigned, for the order's customer, site, type, dispatcher
        self.assertEqual(followup.state, "new")
        self.assertFalse(followup.technician_id)
        self.assertFalse(followup.date_scheduled_start)
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.site_id, self.site)
        self.assertEqual(followup.order_type_id, self.order_type)
        self.assertEqual(followup.company_id, self.order.company_id)
        self.assertEqual(followup.user_id, self.dispatcher)
        self.assertEqual(followup.followup_of_id, self.order)
        self.assertIn("compressor is failing", followup.description)
        self.assertIn(quote.name, followup.description)
        # what the customer reads: quantities and names, no internal code
        self.assertIn("<li>1 × Compressor 5 kW</li>", followup.description)
        self.assertIn("<li>1.50 Hours × Fitting hour</li>", followup.description)
        self.assertNotIn("COMP-5", followup.description)
        # a to-do for the responsible dispatcher; a note on the first order
        self.assertEqual(followup.activity_ids.user_id, self.dispatcher)
        self.assertIn(followup.name, self.order.message_ids[0].body)
        # the follow-up opens from the quotation (for the service users)
        action = quote.with_user(self.dispatcher).action_view_service_followup()
        self.assertEqual(action["res_id"], followup.id)
        # cancel, back to quotation, confirm again: still one follow-up
        quote._action_cancel()
        quote.action_draft()
        quote.action_confirm()
        self.assertEqual(self._followups(), followup)
        self.assertEqual(quote.service_followup_id, followup)
        self.assertEqual(len(followup.activity_ids), 1)

    def test_portal_signature_confirms_as_the_server(self):
        """The sale portal confirms a signed quotation as superuser: the
        follow-up is created all the same (the customer has no service
        right)."""
        quote = self._quote()
        quote.action_quotation_sent()
        self.assertEqual(quote.state, "sent")
        quote.with_user(self.env.ref("base.public_user")).sudo().action_confirm()
        self.assertEqual(self._followups().followup_of_id, self.order)

    def test_plain_quotation_has_no_followup(self):
        quote = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.fitting.id})],
            }
        )
        quote.action_confirm()
        self.assertFalse(quote.service_followup_id)
        self.assertFalse(
            self.env["service.order"].search([("followup_of_id", "!=", False)])
        )

    def test_order_without_responsible(self):
        self.order.user_id = False
        quote = self._quote()
        quote.action_confirm()
        followup = quote.service_followup_id
        self.assertTrue(followup)
        self.assertFalse(followup.user_id)
        self.assertFalse(followup.activity_ids)

    def _confirm_count(self, count, **context):
        quotes = self.env["sale.order"].browse()
        for _i in range(count):
            quotes |= self._quote()
        # confirmed as sale does it, then only the follow-ups are counted
        quotes.write({"state": "sale"})
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        followups = quotes.with_context(**context)._create_service_followups()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(followups), count)
        return queries

    def test_batch_queries(self):
        """Follow-ups of a batch of confirmed quotations: one create and one
        activity batch per dispatcher, no query per quotation line."""
        small = self._confirm_count(2)
        large = self._confirm_count(12)
        _logger.info("follow-ups: %s queries for 2, %s for 12", small, large)
        self.assertLessEqual(large - small, 10 * PER_FOLLOWUP_BUDGET)
        quiet = {"mail_activity_quick_update": True}
        small = self._confirm_count(2, **quiet)
        large = self._confirm_count(12, **quiet)
        _logger.info("quiet follow-ups: %s queries for 2, %s for 12", small, large)
        self.assertLessEqual(large - small, 10 * PER_FOLLOWUP_BUDGET_QUIET)

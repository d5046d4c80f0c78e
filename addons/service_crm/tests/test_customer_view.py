import logging
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tests.common import new_test_user

from odoo.addons.service_order.tests.common import MANAGER_GROUP

from .common import ServiceCrmCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestCustomerServiceView(ServiceCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-01-13 12:00:00"):
            cls.done = cls._done_order()
        cls.open_order = cls._create_order()
        cls.callback = cls._create_order(callback_of_id=cls.done.id)
        cls.cancelled = cls._create_order()
        cls.cancelled.action_cancel()
        # the customer is its own site here (no delivery address)
        cls.solo = cls.env["res.partner"].create(
            {"name": "Solo Plumber", "street": "Solo street 1"}
        )
        cls.solo_order = cls._create_order(partner_id=cls.solo.id)
        cls.other = cls._create_order(partner_id=cls.other_customer.id)

    def _summary(self, partner, user=None):
        # the figures depend on the reader's rights: no value cached for
        # another user
        self.env.invalidate_all()
        partner = partner.with_user(user or self.dispatcher)
        return (
            partner.service_order_count,
            partner.service_open_order_count,
            partner.service_past_order_count,
            partner.service_callback_count,
        )

    def test_counts_of_customer_and_site(self):
        self.assertEqual(self.done.site_id, self.site)
        # total, open, past (done + cancelled), callbacks
        self.assertEqual(self._summary(self.customer), (4, 2, 2, 1))
        self.assertEqual(self._summary(self.site), (4, 2, 2, 1))
        self.assertEqual(
            self.customer.with_user(self.dispatcher).service_last_visit_date,
            datetime(2026, 1, 13, 12, 0),
        )
        self.assertEqual(self._summary(self.other_customer), (1, 1, 0, 0))
        self.assertFalse(self.other_customer.service_last_visit_date)
        # an order whose customer is its own site counts once
        self.assertEqual(self.solo_order.site_id, self.solo)
        self.assertEqual(self._summary(self.solo), (1, 1, 0, 0))

    def test_counts_do_not_depend_on_the_batch(self):
        partners = self.customer | self.site | self.solo | self.other_customer
        partners = partners.with_user(self.dispatcher)
        rows = partners.read(["service_order_count", "service_open_order_count"])
        self.assertEqual(
            [(r["service_order_count"], r["service_open_order_count"]) for r in rows],
            [(4, 2), (4, 2), (1, 1), (1, 1)],
        )

    def test_lists_and_buttons(self):
        customer = self.customer.with_user(self.dispatcher)
        self.assertEqual(
            customer.service_open_order_ids, self.open_order | self.callback
        )
        self.assertEqual(customer.service_past_order_ids, self.done | self.cancelled)
        Order = self.env["service.order"]
        open_action = customer.action_view_service_open_orders()
        self.assertEqual(
            Order.search(open_action["domain"]), self.open_order | self.callback
        )
        callbacks = customer.action_view_service_callbacks()
        self.assertEqual(Order.search(callbacks["domain"]), self.callback)

    def test_technician_sees_his_own_orders_only(self):
        # the technician leads the done order only
        self.assertEqual(self._summary(self.customer, self.tech_user_a), (1, 0, 1, 0))
        self.assertEqual(
            self.customer.with_user(self.tech_user_a).service_past_order_ids, self.done
        )

    def test_salesman_without_service_rights_has_no_service_view(self):
        fields = self.env["res.partner"].with_user(self.salesman).fields_get()
        self.assertNotIn("service_open_order_count", fields)
        self.assertNotIn("service_past_order_ids", fields)

    def test_other_company_orders_are_not_counted(self):
        partner = self.env["res.partner"].create(
            {"name": "Shared customer", "street": "Shared 1"}
        )
        type_b = self.env["service.order.type"].create(
            {"name": "B repair", "company_id": self.company2.id}
        )
        self.env["service.order"].create(
            {
                "partner_id": partner.id,
                "order_type_id": type_b.id,
                "company_id": self.company2.id,
            }
        )
        self.assertEqual(self._summary(partner), (0, 0, 0, 0))
        self.env.invalidate_all()
        self.assertEqual(partner.service_order_count, 1)  # superuser, all companies

    def test_new_record_in_a_form(self):
        partner = self.env["res.partner"].with_user(self.dispatcher).new({"name": "X"})
        self.assertEqual(partner.service_open_order_count, 0)
        edited = (
            self.env["res.partner"].with_user(self.dispatcher).new(origin=self.customer)
        )
        self.assertEqual(edited.service_open_order_count, 2)


@tagged("post_install", "-at_install")
class TestCustomerServiceViewQueries(ServiceCrmCase):
    """The service view's figures for a list of customers cost the same
    number of queries for 10 customers as for 1,000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a reader who sees every figure the installed bridges add (the
        # invoiced total needs billing rights)
        groups = [MANAGER_GROUP]
        if cls.env.ref("account.group_account_invoice", raise_if_not_found=False):
            groups.append("account.group_account_invoice")
        cls.reader = new_test_user(
            cls.env, "crm_bound_reader", groups=",".join(groups), name="Reader"
        )
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Bound customer {i}", "street": f"Bound street {i}"}
                for i in range(1000)
            ]
        )
        # a few orders each for the first 50, an open and a done one
        cls.env["service.order"].create(
            [
                cls._order_values(partner_id=partner.id)
                for partner in cls.partners[:50]
                for _i in range(2)
            ]
        )

    def _read(self, partners):
        names = self.env["res.partner"]._get_service_summary_fields()
        partners = self.env["res.partner"].with_user(self.reader).browse(partners.ids)
        return partners.read(names)

    def _count_queries(self, partners):
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        self._read(partners)
        return self.env.cr.sql_log_count - start

    def test_constant_queries(self):
        self._read(self.partners[:5])  # warm up the registry caches
        few = self._count_queries(self.partners[:10])
        many = self._count_queries(self.partners)
        _logger.info(
            "customer service view: %s queries for 10 customers, %s for 1000",
            few,
            many,
        )
        self.assertEqual(few, many, "queries grow with the number of customers")
        with self.assertQueryCount(few):
            self.env.invalidate_all()
            self._read(self.partners)

    def test_figures_of_the_bound_data(self):
        rows = self._read(self.partners[:51])
        self.assertEqual(rows[0]["service_order_count"], 2)
        self.assertEqual(len(rows[0]["service_open_order_ids"]), 2)
        self.assertEqual(rows[50]["service_order_count"], 0)

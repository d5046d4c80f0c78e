from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import EXE, PDF, PNG, SVG, local_input, setup_portal_data


@tagged("post_install", "-at_install")
class TestPortalRequest(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_portal_data(cls)
        cls.tomorrow = fields.Datetime.now().replace(
            second=0, microsecond=0
        ) + timedelta(days=1)

    def _submit(self, user=None, uploads=(), **form):
        values = {"site_id": str(self.site.id), "description": "The oven is cold"}
        values.update(form)
        Order = self.env["service.order"].with_user(user or self.portal_user)
        return Order._portal_submit_request(values, list(uploads))

    def _customer_orders(self):
        return self.env["service.order"].search_count(
            [("partner_id", "=", self.customer.id)]
        )

    def assertRefused(self, field, regex, **kwargs):
        """The request is refused on ``field`` and writes nothing."""
        orders = self.env["service.order"].search_count([])
        attachments = self.env["ir.attachment"].search_count([])
        order, errors = self._submit(**kwargs)
        self.assertIsNone(order)
        self.assertIn(field, errors)
        self.assertRegex(errors[field], regex)
        self.assertEqual(self.env["service.order"].search_count([]), orders)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        return errors

    # ------------------------------------------------------------ happy path
    def test_valid_request_creates_a_portal_order(self):
        order, errors = self._submit(
            window_start_1=local_input(self.tomorrow),
            window_end_1=local_input(self.tomorrow + timedelta(hours=3)),
            window_start_2=local_input(self.tomorrow + timedelta(days=1)),
            window_end_2=local_input(self.tomorrow + timedelta(days=1, hours=2)),
            uploads=[("oven.png", PNG), ("invoice.exe", PDF)],
        )
        self.assertEqual(errors, {})
        order = order.sudo()
        self.assertEqual(order.channel, "portal")
        self.assertEqual(order.state, "new")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.site_id, self.site)
        self.assertEqual(order.order_type_id, self.order_type)
        self.assertEqual(order.user_id, self.dispatcher)
        self.assertEqual(order.portal_user_id, self.portal_user)
        self.assertEqual(order.contact_name, "Paula Portal")
        self.assertIn("The oven is cold", order.description)
        self.assertEqual(order.window_start, self.tomorrow)
        self.assertEqual(order.window_end, self.tomorrow + timedelta(hours=3))
        self.assertEqual(len(order.portal_preferred_windows.splitlines()), 2)
        self.assertIn(self.portal_user.partner_id, order.message_partner_ids)
        photos = order.portal_photo_ids
        self.assertEqual(sorted(photos.mapped("name")), ["invoice.pdf", "oven.png"])
        self.assertEqual(
            sorted(photos.mapped("mimetype")), ["application/pdf", "image/png"]
        )
        self.assertEqual(set(photos.mapped("res_model")), {"service.order"})
        self.assertEqual(set(photos.mapped("res_id")), {order.id})
        # the portal user reads his new order (record rule), not more
        self.assertEqual(
            self.env["service.order"].with_user(self.portal_user).search([]),
            (self.order | order),
        )

    def test_windows_are_read_in_the_customers_time_zone(self):
        self.site.tz = "Europe/Brussels"
        # the next January 15 (a window more than a year ahead is refused)
        local = self.tomorrow.replace(month=1, day=15)
        if local < self.tomorrow:
            local = local.replace(year=local.year + 1)
        order, errors = self._submit(
            window_start_1=local_input(local),
            window_end_1=local_input(local + timedelta(hours=2)),
        )
        self.assertEqual(errors, {})
        # Brussels is UTC+1 in January
        self.assertEqual(order.sudo().window_start, local - timedelta(hours=1))

    # ------------------------------------------------------------ bad input
    def test_missing_site(self):
        self.assertRefused("site_id", "address", site_id="")

    def test_site_of_another_customer(self):
        self.assertRefused(
            "site_id", "not one of yours", site_id=str(self.site_other.id)
        )
        for hostile in ("abc", "-1", "99999999999", "[1]", "1 OR 1=1"):
            with self.subTest(site=hostile):
                self.assertRefused("site_id", "not one of yours", site_id=hostile)

    def test_unknown_unit(self):
        self.assertRefused("unit_id", "not one of your equipment", unit_id="abc")

    def test_missing_description(self):
        self.assertRefused("description", "Describe", description="   ")

    def test_bad_windows(self):
        start = self.tomorrow
        self.assertRefused(
            "window_1",
            "ends before",
            window_start_1=local_input(start),
            window_end_1=local_input(start - timedelta(hours=1)),
        )
        self.assertRefused(
            "window_2",
            "past",
            window_start_2=local_input(start - timedelta(days=3)),
            window_end_2=local_input(start - timedelta(days=3, hours=-1)),
        )
        self.assertRefused(
            "window_1", "start and the end", window_start_1=local_input(start)
        )
        self.assertRefused(
            "window_1", "date and time", window_start_1="soon", window_end_1="later"
        )

    def test_oversized_upload(self):
        big = PNG + b"\x00" * (1024 * 1024)
        errors = self.assertRefused(
            "photos", "larger than 1 MB", uploads=[("big.png", big)]
        )
        self.assertIn("big", errors["photos"])

    def test_wrong_type_upload_checked_by_content(self):
        self.assertRefused("photos", "not a picture", uploads=[("cat.png", SVG)])
        self.assertRefused("photos", "not a picture", uploads=[("cat.jpg", EXE)])
        self.assertRefused(
            "photos",
            "not a picture",
            uploads=[("ok.png", PNG), ("page.pdf", b"<html>")],
        )

    def test_too_many_files(self):
        self.assertRefused(
            "photos", "at most 5", uploads=[(f"p{i}.png", PNG) for i in range(6)]
        )

    def test_every_problem_is_reported_at_once(self):
        order, errors = self._submit(
            site_id="", description="", uploads=[("x.png", SVG)]
        )
        self.assertIsNone(order)
        self.assertEqual(set(errors), {"site_id", "description", "photos"})

    # ------------------------------------------------------------ rate limit
    def test_rate_limit_per_user(self):
        self.company.service_portal_request_limit = 2
        with freeze_time(fields.Datetime.now()):
            for _i in range(2):
                order, errors = self._submit()
                self.assertEqual(errors, {})
            errors = self.assertRefused("general", "in the last hour")
            self.assertIn("2 requests", errors["general"])
            # another customer's user has his own budget
            order, errors = self._submit(
                user=self.portal_user_2, site_id=str(self.site_other.id)
            )
            self.assertEqual(errors, {})
            self.assertEqual(order.sudo().partner_id, self.customer_2)
        # an hour later the user may ask again
        with freeze_time(fields.Datetime.now() + timedelta(minutes=61)):
            order, errors = self._submit()
            self.assertEqual(errors, {})

    # ------------------------------------------------------------ rights
    def test_internal_users_use_the_back_office(self):
        with self.assertRaises(AccessError):
            self._submit(user=self.dispatcher)

    def test_portal_user_cannot_create_or_write_orders_over_the_orm(self):
        Order = self.env["service.order"].with_user(self.portal_user)
        with self.assertRaises(AccessError):
            Order.create(
                {
                    "partner_id": self.customer.id,
                    "order_type_id": self.order_type.id,
                }
            )
        with self.assertRaises(AccessError):
            self.order.with_user(self.portal_user).write({"description": "hacked"})
        with self.assertRaises(AccessError):
            self.order_2.with_user(self.portal_user).read(["name"])

    def test_other_company_orders_stay_hidden(self):
        company_b = self.env["res.company"].create({"name": "Portal Contractor B"})
        type_b = self.env["service.order.type"].create(
            {"name": "B repair", "company_id": company_b.id}
        )
        order_b = (
            self.env["service.order"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_type_id": type_b.id,
                    "company_id": company_b.id,
                }
            )
        )
        seen = self.env["service.order"].with_user(self.portal_user).search([])
        self.assertNotIn(order_b, seen)
        with self.assertRaises(AccessError):
            order_b.with_user(self.portal_user).read(["name"])
        # the request goes to the portal user's own company
        order, errors = self._submit()
        self.assertEqual(errors, {})
        self.assertEqual(order.sudo().company_id, self.company)

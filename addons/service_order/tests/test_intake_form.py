"""Intake from the order form as the dispatcher (issue 7): contacts created
and corrected from the form, the type's checklist on form-created orders,
the landing app, folded kanban columns."""

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestIntakeForm(ServiceOrderCase):
    def test_dispatcher_creates_and_corrects_contacts(self):
        partners = self.env["res.partner"].with_user(self.dispatcher)
        # "Create" in a many2one: name_create
        new_id, _name = partners.name_create("Walk-in Bakery")
        self.assertEqual(partners.browse(new_id).name, "Walk-in Bakery")
        # "Create and edit": the partner form, with a new site address
        with Form(partners) as customer_form:
            customer_form.company_type = "company"
            customer_form.name = "Fresh Bread Ltd"
            customer_form.phone = "+32 2 555 99"
        customer = customer_form.record
        with Form(
            partners.with_context(
                default_parent_id=customer.id, default_type="delivery"
            )
        ) as site_form:
            site_form.name = "Fresh Bread shop"
            site_form.street = "Rue Neuve 5"
        site = site_form.record
        self.assertEqual(site.parent_id, customer)
        # a corrected phone number
        with Form(self.customer.with_user(self.dispatcher)) as form:
            form.phone = "+32 2 555 02"
        self.assertEqual(self.customer.phone, "+32 2 555 02")
        # and the order form takes them
        with Form(self.env["service.order"].with_user(self.dispatcher)) as order_form:
            order_form.partner_id = customer
            order_form.order_type_id = self.plain_type
        self.assertEqual(order_form.record.site_id, site)
        # technicians do not edit the address book
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.tech_user_a).create({"name": "X"})
        with self.assertRaises(AccessError):
            self.customer.with_user(self.tech_user_a).write({"phone": "0"})
        self.assertEqual(self.customer.phone, "+32 2 555 02")

    def test_form_created_order_gets_its_type_checklist(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        with Form(orders) as form:
            form.partner_id = self.customer
            form.order_type_id = self.order_type
            self.assertEqual(len(form.checklist_item_ids), 2)
            # another type on the new order: its checklist (none) instead
            form.order_type_id = self.plain_type
            self.assertEqual(len(form.checklist_item_ids), 0)
            form.order_type_id = self.order_type
            self.assertEqual(len(form.checklist_item_ids), 2)
        order = form.record
        self.assertEqual(
            order.checklist_item_ids.mapped("name"), ["Isolate power", "Sweep floor"]
        )
        self.assertEqual(
            order.checklist_item_ids.filtered("required").name, "Isolate power"
        )
        # an existing order keeps its (maybe ticked) items when its type changes
        order.checklist_item_ids[0].is_done = True
        with Form(order) as form:
            form.order_type_id = self.plain_type
        self.assertEqual(len(order.checklist_item_ids), 2)
        self.assertTrue(order.checklist_item_ids[0].is_done)

    def test_suite_users_land_in_field_service(self):
        # service_mobile (when installed) sends technicians to My Day instead
        my_jobs = self.env.ref(
            "service_mobile.action_my_day", raise_if_not_found=False
        ) or self.env.ref("service_order.service_order_action_my")
        all_orders = self.env.ref("service_order.service_order_action")
        self.assertEqual(self.tech_user_a._get_service_home_action(), my_jobs)
        self.assertEqual(self.dispatcher._get_service_home_action(), all_orders)
        self.assertEqual(self.manager._get_service_home_action(), all_orders)
        outsider = self.env["res.users"].create(
            {"name": "Accountant", "login": "accountant_t"}
        )
        self.assertFalse(outsider._get_service_home_action())

    def test_done_and_cancelled_columns_are_folded(self):
        groups = (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .web_read_group([], ["state"], ["state"])["groups"]
        )
        folded = {group["state"]: group["__fold"] for group in groups}
        self.assertEqual(
            folded,
            {
                "new": False,
                "scheduled": False,
                "dispatched": False,
                "in_progress": False,
                "done": True,
                "cancelled": True,
            },
        )

import base64
from datetime import timedelta

from odoo import SUPERUSER_ID, fields
from odoo.tests.common import new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

DISPATCHER_GROUP = "service_order.group_service_dispatcher"
TECH_GROUP = "service_order.group_service_technician"

# the smallest valid files of each kind (content matters, not the name)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def local_input(moment):
    """A UTC datetime as the form's datetime-local value (UTC customers)."""
    return moment.strftime("%Y-%m-%dT%H:%M")


def setup_portal_data(cls):
    """Two customers with a portal user each, sites, a dispatcher, a
    technician and one scheduled order per customer (as attributes of
    ``cls``)."""
    env = cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
    cls.company = env.company
    cls.dispatcher = new_test_user(
        env, "sp_dispatcher", groups=DISPATCHER_GROUP, name="Dora Dispatch"
    )
    cls.tech_user = new_test_user(env, "sp_tech", groups=TECH_GROUP, name="Tech SP")
    cls.tech = env["hr.employee"].create(
        {
            "name": "Marie-Claire Dupont",
            "user_id": cls.tech_user.id,
            "is_field_technician": True,
        }
    )
    cls.order_type = env["service.order.type"].create(
        {"name": "Portal repair", "default_duration": 2.0}
    )
    cls.company.write(
        {
            "service_portal_order_type_id": cls.order_type.id,
            "service_portal_user_id": cls.dispatcher.id,
            "service_portal_request_limit": 5,
            "service_portal_max_upload_mb": 1,
            "service_portal_reminder_days": 3,
        }
    )
    Partner = env["res.partner"]
    cls.customer = Partner.create(
        {"name": "Sunny Bakery", "is_company": True, "email": "sunny@example.com"}
    )
    cls.site = Partner.create(
        {
            "name": "Sunny kitchen",
            "type": "delivery",
            "parent_id": cls.customer.id,
            "street": "Bread street 1",
        }
    )
    cls.site_2 = Partner.create(
        {
            "name": "Sunny shop",
            "type": "delivery",
            "parent_id": cls.customer.id,
            "street": "Bread street 2",
        }
    )
    cls.customer_2 = Partner.create(
        {"name": "Rival Diner", "is_company": True, "email": "rival@example.com"}
    )
    cls.site_other = Partner.create(
        {
            "name": "Rival dining room",
            "type": "delivery",
            "parent_id": cls.customer_2.id,
            "street": "Fork street 9",
        }
    )
    cls.portal_user = new_test_user(
        env, "sp_portal", groups="base.group_portal", name="Paula Portal"
    )
    cls.portal_user.partner_id.write(
        {"parent_id": cls.customer.id, "email": "paula@example.com"}
    )
    cls.portal_user_2 = new_test_user(
        env, "sp_portal_2", groups="base.group_portal", name="Rita Rival"
    )
    cls.portal_user_2.partner_id.write(
        {"parent_id": cls.customer_2.id, "email": "rita@example.com"}
    )
    start = fields.Datetime.now().replace(microsecond=0, second=0) + timedelta(days=2)
    Order = env["service.order"]
    cls.order = Order.create(
        {
            "partner_id": cls.customer.id,
            "site_id": cls.site.id,
            "order_type_id": cls.order_type.id,
            "user_id": cls.dispatcher.id,
            "technician_id": cls.tech.id,
            "date_scheduled_start": start,
            "date_scheduled_end": start + timedelta(hours=2),
        }
    )
    cls.order_2 = Order.create(
        {
            "partner_id": cls.customer_2.id,
            "site_id": cls.site_other.id,
            "order_type_id": cls.order_type.id,
            "user_id": cls.dispatcher.id,
            "technician_id": cls.tech.id,
            "date_scheduled_start": start + timedelta(hours=4),
            "date_scheduled_end": start + timedelta(hours=6),
        }
    )
    (cls.order | cls.order_2).action_schedule()


def as_portal_check(order):
    """The order as the portal controller hands it over after its access
    check (``_document_check_access``: superuser)."""
    return order.with_user(SUPERUSER_ID)


def complete(order):
    """Take a scheduled order to done (as the lifecycle does)."""
    order.action_dispatch()
    order.action_start()
    order.action_complete()

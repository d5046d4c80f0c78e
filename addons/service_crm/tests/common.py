from datetime import datetime

from odoo import Command
from odoo.tests.common import new_test_user

from odoo.addons.service_order.tests.common import (
    DISPATCHER_GROUP,
    ServiceOrderCase,
)

SALESMAN_GROUP = "sales_team.group_sale_salesman"
SALES_MANAGER_GROUP = "sales_team.group_sale_manager"


class ServiceCrmCase(ServiceOrderCase):
    """Sales users next to the service personas of ServiceOrderCase: a
    salesperson without service rights, a dispatcher who also sells, and a
    lead for the bakery."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, "crm_salesman", groups=SALESMAN_GROUP, name="Sam Sales"
        )
        cls.sales_dispatcher = new_test_user(
            cls.env,
            "crm_sales_dispatcher",
            groups=f"{DISPATCHER_GROUP},{SALES_MANAGER_GROUP}",
            name="Dana Desk",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Service upsell",
                "use_opportunities": True,
                "sequence": 0,
                "member_ids": [Command.link(cls.salesman.id)],
            }
        )
        cls.customer.user_id = cls.salesman
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "New oven and its installation",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "contact_name": "Paula Baker",
                "phone": "+32 2 555 01 99",
                "email_from": "paula@bakery.example.com",
                "description": "<p>Install the new deck oven in the kitchen.</p>",
                "user_id": cls.sales_dispatcher.id,
            }
        )
        # the least urgent ordinary type (then the first) is the one a lead
        # starts from when no type is flagged "Default for CRM"
        cls.plain_type.write({"sequence": -100, "default_priority": "0"})

    @classmethod
    def _done_order(cls, **values):
        order = cls._create_order(
            **cls._planned_values(
                date_scheduled_start=datetime(2026, 1, 13, 9, 0),
                date_scheduled_end=datetime(2026, 1, 13, 11, 0),
            ),
            **values,
        )
        order.action_schedule()
        order.action_dispatch()
        order.action_start()
        order.action_complete()
        return order

from odoo.tests.common import new_test_user

from odoo.addons.service_order.tests.common import (
    DISPATCHER_GROUP,
    MANAGER_GROUP,
    ServiceOrderCase,
)

SALESMAN_GROUP = "sales_team.group_sale_salesman"


class ServiceSaleCase(ServiceOrderCase):
    """Sales users next to the service personas of ServiceOrderCase: a
    salesperson without service rights, a dispatcher and a service manager
    who also sell, products to quote and an order to quote extra work on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, "ss_salesman", groups=SALESMAN_GROUP, name="Sam Sales"
        )
        cls.sales_dispatcher = new_test_user(
            cls.env,
            "ss_sales_dispatcher",
            groups=f"{DISPATCHER_GROUP},{SALESMAN_GROUP}",
            name="Dana Desk",
        )
        cls.sales_manager = new_test_user(
            cls.env,
            "ss_sales_manager",
            groups=f"{MANAGER_GROUP},{SALESMAN_GROUP}",
            name="Mia Manager",
        )
        cls.compressor = cls.env["product.product"].create(
            {"name": "Compressor 5 kW", "type": "consu", "list_price": 900.0}
        )
        cls.fitting = cls.env["product.product"].create(
            {"name": "Fitting hour", "type": "service", "list_price": 80.0}
        )
        cls.order = cls._create_order(
            site_id=cls.site.id,
            order_type_id=cls.order_type.id,
            user_id=cls.dispatcher.id,
        )

    def _wizard(self, user, order=None, **values):
        order = order or self.order
        return (
            self.env["service.sale.quote.wizard"]
            .with_user(user)
            .create(
                {
                    "order_id": order.id,
                    "description": "The second unit's compressor is failing.",
                    **values,
                }
            )
        )

    def _quote(self, user=None, order=None, products=None):
        """A quotation made through the wizard (as ``user``), as superuser."""
        products = self.compressor if products is None else products
        wizard = self._wizard(
            user or self.sales_dispatcher,
            order=order,
            product_ids=[(6, 0, products.ids)],
        )
        wizard.action_confirm()
        return wizard.sale_order_id.sudo()

    def _followups(self, order=None):
        return self.env["service.order"].search(
            [("followup_of_id", "=", (order or self.order).id)]
        )

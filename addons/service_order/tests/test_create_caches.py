"""A create reads the orders' sequence settings from the registry's cache:
a change of the sequence reaches the next order (issue 8)."""

from datetime import datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestCreateCaches(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sequence = cls.env.ref("service_order.seq_service_order")

    def _name_of_new_order(self):
        return (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .create(self._order_values(date_received=datetime(2026, 1, 9, 15, 0)))
            .name
        )

    def test_sequence_changes_reach_the_next_order(self):
        first = self._name_of_new_order()
        year = str(datetime.now().year)
        self.assertTrue(first.startswith(f"SO/{year}/"), first)
        self.sequence.write({"prefix": "FS-%(year)s-", "padding": 3})
        second = self._name_of_new_order()
        self.assertRegex(second, rf"^FS-{year}-\d{{3,}}$")
        self.assertGreater(int(second.rsplit("-", 1)[1]), int(first.rsplit("/")[-1]))
        # no gaps: drawn by the sequence's own code
        self.sequence.implementation = "no_gap"
        number = self.sequence.number_next_actual
        self.assertEqual(self._name_of_new_order(), f"FS-{year}-{number:03d}")

    def test_company_sequence_then_missing_sequence(self):
        own = self.sequence.copy(
            {"company_id": self.company.id, "prefix": "OWN/", "number_next": 7}
        )
        self.assertEqual(self._name_of_new_order(), "OWN/00007")
        own.unlink()
        self.assertTrue(self._name_of_new_order().startswith("SO/"))
        self.sequence.code = "service.order.old"
        with self.assertRaisesRegex(UserError, "sequence of service orders"):
            self._name_of_new_order()

    def test_each_order_is_named_from_its_company_sequence(self):
        """As ``next_by_code`` in the order's company: its own sequence, else
        the shared one, whichever company the client lists first."""
        self.dispatcher.company_ids |= self.company2
        own = self.sequence.copy(
            {"company_id": self.company2.id, "prefix": "B/", "number_next": 7}
        )
        shared = self.sequence.number_next_actual
        orders = (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .with_context(allowed_company_ids=[self.company2.id, self.company.id])
        )
        values = [
            self._order_values(company_id=self.company.id),
            self._order_values(company_id=self.company2.id),
            self._order_values(),  # the current company: B
            self._order_values(company_id=self.company.id),
        ]
        created = orders.create(values)
        self.assertEqual(created.mapped("company_id"), self.company | self.company2)
        year = datetime.now().year
        self.assertEqual(
            created.mapped("name"),
            [
                f"SO/{year}/{shared:05d}",
                "B/00007",
                "B/00008",
                f"SO/{year}/{shared + 1:05d}",
            ],
        )
        # a no-gap company sequence too, alone in its company
        own.write({"implementation": "no_gap", "number_next": 20})
        self.assertEqual(
            orders.create(values[1:4]).mapped("name"),
            ["B/00020", "B/00021", f"SO/{year}/{shared + 2:05d}"],
        )

    def test_two_companies_batch_queries_constant_in_orders(self):
        """A batch of both companies' orders (each its own sequence, SLA on
        a shared calendar with each company's holidays): as many queries for
        40 orders as for 4."""
        self.calendar.company_id = False
        self.sequence.copy({"company_id": self.company2.id, "prefix": "B/"})
        self.policy.copy({"company_id": self.company2.id})
        orders = self.env["service.order"].with_context(
            allowed_company_ids=[self.company2.id, self.company.id]
        )

        def queries(count):
            values = [
                self._order_values(
                    order_type_id=self.order_type.id,
                    date_received=datetime(2026, 1, 9, 15, 0),
                    company_id=(self.company, self.company2)[i % 2].id,
                )
                for i in range(count)
            ]
            orders.create(values[:2])  # warm-up: the registry's caches
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            created = orders.create(values)
            self.env.flush_all()
            count = self.cr.sql_log_count - start
            self.assertEqual(
                [name.startswith("B/") for name in created.mapped("name")],
                [bool(i % 2) for i in range(len(values))],
            )
            self.assertTrue(all(created.mapped("resolution_deadline")))
            return count

        q4, q40 = queries(4), queries(40)
        self.assertEqual(q4, q40, f"4 orders: {q4} queries, 40 orders: {q40}")

    def test_client_context_does_not_date_the_name(self):
        """The client's context may neither choose the reference's year
        (``ir_sequence_date``) nor break the create with a made-up date or
        time zone, whatever the sequence's implementation."""
        year = datetime.now().year
        contexts = [
            {"ir_sequence_date": "1999-05-01"},
            {"ir_sequence_date_range": "1999-05-01"},
            {"ir_sequence_date": "not a date"},
            {"ir_sequence_date": [1999]},
            {"ir_sequence_date_range": 12},
            {"tz": "Mars/Olympus"},
            {"tz": ["UTC"]},
        ]
        for start, settings in (
            ("SO", {}),
            ("NG", {"implementation": "no_gap", "number_next": 500}),
            ("DR", {"use_date_range": True}),
        ):
            self.sequence.write(
                dict(settings, prefix=f"{start}/%(year)s/%(range_year)s/")
            )
            for context in contexts:
                with self.subTest(settings=settings, context=context):
                    order = (
                        self.env["service.order"]
                        .with_user(self.dispatcher)
                        .with_context(**context)
                        .create(self._order_values())
                    )
                    self.assertTrue(
                        order.name.startswith(f"{start}/{year}/{year}/"), order.name
                    )

    def test_creation_message(self):
        order = (
            self.env["service.order"]
            .with_user(self.dispatcher)
            .with_context(mail_create_nolog=False, tracking_disable=False)
            .create(self._order_values())
        )
        self.assertIn("Service Order created", order.message_ids.mapped("body")[-1])

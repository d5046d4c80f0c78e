"""The activity widgets' values of the kanban and the list, read for a page
of orders in one query: the same values as mail's own computes."""

import unittest
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.service_order.utils.activity_widget import (
    ActivityRow,
    widget_values,
)

from .common import ServiceOrderCase

WIDGET_FIELDS = (
    "activity_ids",
    "activity_state",
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)
WIDGET_SPEC = {
    "activity_ids": {},
    "activity_exception_decoration": {},
    "activity_exception_icon": {},
    "activity_state": {},
    "activity_summary": {},
    "activity_type_icon": {},
    "activity_type_id": {"fields": {"display_name": {}}},
}
TODAY = date(2026, 3, 10)


def _row(id_, res_id, deadline, type_id=1, decoration=False, **values):
    return ActivityRow(
        id=id_,
        res_id=res_id,
        date_deadline=deadline,
        tz=values.get("tz"),
        type_id=type_id,
        decoration_type=decoration,
        type_icon=values.get("icon", f"fa-{type_id}"),
        summary=values.get("summary", f"summary {id_}"),
    )


def _state_of(deadline, tz):
    """mail's rule, the zone shifting today by a day when given."""
    today = TODAY + timedelta(days=1) if tz == "Asia/Tokyo" else TODAY
    if deadline == today:
        return "today"
    return "overdue" if deadline < today else "planned"


class TestWidgetValues(unittest.TestCase):
    """The pure function, without a database."""

    def test_state_is_the_most_urgent(self):
        values = widget_values(
            [
                _row(1, 10, TODAY + timedelta(days=2)),
                _row(2, 10, TODAY),
                _row(3, 11, TODAY + timedelta(days=1)),
                _row(4, 11, TODAY - timedelta(days=1)),
                _row(5, 12, TODAY + timedelta(days=5)),
                _row(6, 13, None),
            ],
            _state_of,
        )
        self.assertEqual(
            {res_id: v.state for res_id, v in values.items()},
            {10: "today", 11: "overdue", 12: "planned", 13: False},
        )
        self.assertEqual(values[10].activity_ids, (1, 2))
        self.assertEqual(values[10].first.summary, "summary 1")

    def test_state_in_the_users_zone(self):
        values = widget_values(
            [_row(1, 10, TODAY, tz="Asia/Tokyo"), _row(2, 11, TODAY, tz="UTC")],
            _state_of,
        )
        self.assertEqual(values[10].state, "overdue")
        self.assertEqual(values[11].state, "today")

    def test_state_asked_once_per_deadline_and_zone(self):
        calls = []

        def state_of(deadline, tz):
            calls.append((deadline, tz))
            return _state_of(deadline, tz)

        widget_values([_row(i, i, TODAY) for i in range(1, 50)], state_of)
        self.assertEqual(calls, [(TODAY, False)])

    def test_exception_danger_first_else_last_warning(self):
        values = widget_values(
            [
                _row(1, 10, TODAY, type_id=1, decoration="warning"),
                _row(2, 10, TODAY, type_id=2, decoration="danger"),
                _row(3, 10, TODAY, type_id=3, decoration="danger"),
                _row(4, 11, TODAY, type_id=1, decoration="warning"),
                _row(5, 11, TODAY, type_id=4, decoration="warning"),
                _row(6, 11, TODAY, type_id=5),
                _row(7, 12, TODAY, type_id=5),
            ],
            _state_of,
        )
        self.assertEqual(
            (values[10].exception_decoration, values[10].exception_icon),
            ("danger", "fa-2"),
        )
        self.assertEqual(
            (values[11].exception_decoration, values[11].exception_icon),
            ("warning", "fa-4"),
        )
        self.assertEqual(
            (values[12].exception_decoration, values[12].exception_icon),
            (False, False),
        )

    def test_exception_counts_each_type_once(self):
        # mail loops over the distinct types in the order of the activities
        values = widget_values(
            [
                _row(1, 10, TODAY, type_id=1, decoration="warning"),
                _row(2, 10, TODAY, type_id=4, decoration="warning"),
                _row(3, 10, TODAY, type_id=1, decoration="warning"),
            ],
            _state_of,
        )
        self.assertEqual(values[10].exception_icon, "fa-4")


class ActivityWidgetCase(ServiceOrderCase):
    """Activity types with decorations, users in two time zones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Type = cls.env["mail.activity.type"]
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.warning_type = Type.create(
            {"name": "Parts late", "decoration_type": "warning", "icon": "fa-truck"}
        )
        cls.danger_type = Type.create(
            {"name": "Customer angry", "decoration_type": "danger", "icon": "fa-fire"}
        )
        cls.plain_warning = Type.create(
            {"name": "Check stock", "decoration_type": "warning"}
        )
        # 23:30 UTC: already tomorrow in Tokyo, still today in UTC
        cls.dispatcher.tz = "UTC"
        cls.manager.tz = "Asia/Tokyo"

    def _schedule(self, order, activity_type, days, user, summary=None):
        return self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("service.order"),
                "res_id": order.id,
                "activity_type_id": activity_type.id,
                "summary": summary or f"{activity_type.name} {days:+d}",
                "user_id": user.id,
                "date_deadline": date(2026, 3, 10) + timedelta(days=days),
            }
        )

    def _orders(self):
        orders = self.env["service.order"].create(
            [self._order_values() for _i in range(9)]
        )
        d, m = self.dispatcher, self.manager
        plans = [
            [(self.todo, -1, d)],  # overdue
            [(self.todo, 0, d)],  # today
            [(self.todo, 2, d)],  # planned
            [(self.todo, 0, m)],  # today in UTC, overdue in Tokyo
            [(self.todo, 1, m)],  # tomorrow in UTC, today in Tokyo
            [(self.warning_type, 3, d), (self.todo, 0, d), (self.danger_type, 5, m)],
            [(self.warning_type, -2, d), (self.plain_warning, 1, d)],
            [(self.danger_type, 4, d), (self.warning_type, 4, d), (self.todo, 1, d)],
            [],  # no activity
        ]
        for order, plan in zip(orders, plans, strict=True):
            for activity_type, days, user in plan:
                self._schedule(order, activity_type, days, user)
        # an archived (done) activity: not shown, no state
        done = self._schedule(orders[8], self.danger_type, -3, self.dispatcher)
        done.active = False
        self.env.flush_all()
        return orders

    def _generic(self, orders):
        """mail's values: the generic computes of a plain read."""
        orders.env.invalidate_all()
        values = {}
        for rec in orders.read(list(WIDGET_FIELDS)):
            rec["activity_type_id"] = rec["activity_type_id"] and {
                "id": rec["activity_type_id"][0],
                "display_name": rec["activity_type_id"][1],
            }
            values[rec["id"]] = rec
        return values

    def _batched(self, orders):
        orders.env.invalidate_all()
        return {rec["id"]: rec for rec in orders.web_read(WIDGET_SPEC)}


@tagged("post_install", "-at_install")
class TestActivityWidgetRead(ActivityWidgetCase):
    """web_read's batched values against mail's generic computes."""

    @freeze_time("2026-03-10 23:30:00")
    def test_same_values_as_mail(self):
        orders = self._orders()
        for user in (self.dispatcher, self.manager):
            mine = orders.with_user(user)
            generic = self._generic(mine)
            batched = self._batched(mine)
            self.assertEqual(batched, generic, f"as {user.name}")
        # what the test covers: every state and decoration, and the zones
        values = self._batched(orders.with_user(self.dispatcher))
        self.assertEqual(
            [values[order.id]["activity_state"] for order in orders],
            [
                "overdue",
                "today",
                "planned",
                "overdue",
                "today",
                "today",
                "overdue",
                "planned",
                False,
            ],
        )
        self.assertEqual(
            [
                (
                    values[order.id]["activity_exception_decoration"],
                    values[order.id]["activity_exception_icon"],
                )
                for order in orders[5:]
            ],
            [
                ("danger", "fa-fire"),
                ("warning", False),
                ("danger", "fa-fire"),
                (False, False),
            ],
        )
        self.assertEqual(values[orders[8].id]["activity_ids"], [])
        self.assertEqual(
            values[orders[5].id]["activity_type_id"]["display_name"], "To-Do"
        )

    @freeze_time("2026-03-10 23:30:00")
    def test_same_values_as_mail_for_a_technician(self):
        """A technician sees the activities assigned to them, and the others
        only on the orders they may post on (theirs): as mail's search."""
        orders = self._orders()
        orders[:3].technician_id = self.tech_a
        self._schedule(orders[4], self.todo, 0, self.tech_user_a, "Tech's own")
        self.env.flush_all()
        tech_orders = orders.with_user(self.tech_user_a)
        visible = tech_orders.search([("id", "in", orders.ids)])
        self.assertTrue(visible)
        self.assertEqual(self._batched(visible), self._generic(visible))

    @freeze_time("2026-03-10 23:30:00")
    def test_values_after_a_change_in_the_transaction(self):
        """The values follow activities created, done and rescheduled in the
        same transaction (nothing stale from a previous read)."""
        orders = self._orders()
        mine = orders.with_user(self.dispatcher)
        mine.web_read(WIDGET_SPEC)
        orders[2].activity_ids.date_deadline = datetime(2026, 3, 1).date()
        orders[0].activity_ids.action_feedback(feedback="Called")
        self._schedule(orders[8], self.danger_type, 0, self.dispatcher)
        values = {rec["id"]: rec for rec in mine.web_read(WIDGET_SPEC)}
        self.assertEqual(values[orders[2].id]["activity_state"], "overdue")
        self.assertFalse(values[orders[0].id]["activity_state"])
        self.assertEqual(
            values[orders[8].id]["activity_exception_decoration"], "danger"
        )
        self.assertEqual(values, self._generic(mine))


# the fields the orders' kanban card loads, as the web client asks for them
# (mail's kanban_activity widget adds the activity fields)
KANBAN_SPEC = {
    "state": {},
    "is_late": {},
    "date_scheduled_end": {},
    "sla_status": {},
    "name": {},
    "order_type_id": {"fields": {"display_name": {}}},
    "partner_name": {},
    "site_name": {},
    "date_scheduled_start": {},
    "priority": {},
    **WIDGET_SPEC,
    "technician_id": {"fields": {"display_name": {}}},
}
# a kanban column of cards that all have activities (of two users, three
# types, two of them exceptions), as a dispatcher: the cards with their
# company, the page's activities with their types and users' time zones (one
# query), the order types and the technicians: 4, whatever the number of
# cards (mail's computes: the activities, their access check, their types,
# users and partners on top)
KANBAN_ACTIVITY_BUDGET = 4


@tagged("post_install", "-at_install")
class TestActivityWidgetQueries(ActivityWidgetCase):
    def _cards(self, count):
        orders = self.env["service.order"].create(
            [self._order_values(technician_id=self.tech_a.id) for _i in range(count)]
        )
        types = (self.todo, self.warning_type, self.danger_type)
        users = (self.dispatcher, self.manager)
        Activity = self.env["mail.activity"]
        Activity.create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("service.order"),
                    "res_id": order.id,
                    "activity_type_id": types[(i + j) % 3].id,
                    "summary": f"Activity {i}.{j}",
                    "user_id": users[(i + j) % 2].id,
                    "date_deadline": date(2026, 3, 10) + timedelta(days=i % 5 - 2),
                }
                for i, order in enumerate(orders)
                for j in range(2)
            ]
        )
        self.env.flush_all()
        return orders.with_user(self.dispatcher)

    def _kanban_read(self, orders):
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        records = orders.web_read(KANBAN_SPEC)
        return self.cr.sql_log_count - start, records

    @freeze_time("2026-03-10 23:30:00")
    def test_kanban_read_queries_constant_in_cards(self):
        few, many = self._cards(10), self._cards(80)
        self._kanban_read(few)  # warm-up: registry caches (rules, groups)
        q10, records10 = self._kanban_read(few)
        q80, records80 = self._kanban_read(many)
        self.assertEqual(
            q10, q80, f"10 cards took {q10} queries, 80 cards {q80}: a query per card"
        )
        self.assertLessEqual(q80, KANBAN_ACTIVITY_BUDGET)
        self.assertTrue(all(rec["activity_state"] for rec in records80))
        self.assertEqual(
            {rec["activity_exception_decoration"] for rec in records80},
            {"danger", "warning"},
        )
        # and the values are mail's
        self.assertEqual(
            [{f: rec[f] for f in ("id", *WIDGET_FIELDS)} for rec in records10],
            list(self._generic(few).values()),
        )
        self.env.invalidate_all()
        with self.assertQueryCount(KANBAN_ACTIVITY_BUDGET):
            many.web_read(KANBAN_SPEC)

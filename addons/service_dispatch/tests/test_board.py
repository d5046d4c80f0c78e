import math
import xmlrpc.client
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import DispatchCase

BLOCK_KEYS = {
    "id",
    "assignment_id",
    "name",
    "technician_id",
    "role",
    "start",
    "end",
    "duration",
    "state",
    "priority",
    "partner",
    "site",
    "order_type",
    "sla_status",
    "travel_minutes",
    "travel_unknown",
    "travel_unknown_what",
    "travel_tight",
    "parts",
}
RANGE = ("2026-01-12 00:00:00", "2026-01-17 00:00:00")


def _password(user):
    """The password new_test_user gives: the login, padded to 8 chars."""
    return user.login + "x" * (8 - len(user.login))


def _assert_marshallable(testcase, value, path="result"):
    """What XML-RPC can carry: no None, string keys, ints within 32 bits."""
    testcase.assertIsNotNone(value, f"{path} is None")
    if isinstance(value, dict):
        for key, item in value.items():
            testcase.assertIsInstance(key, str, f"{path} has the key {key!r}")
            _assert_marshallable(testcase, item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _assert_marshallable(testcase, item, f"{path}[{index}]")
    elif isinstance(value, int) and not isinstance(value, bool):
        testcase.assertLess(abs(value), 2**31, f"{path} does not fit XML-RPC")


@tagged("post_install", "-at_install")
class TestBoardData(DispatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["service.team"].create(
            {"name": "Test team", "member_ids": [Command.set(cls.tech_a.ids)]}
        )
        cls.territory = cls.env["service.territory"].create(
            {"name": "Test south", "technician_ids": [Command.set(cls.tech_b.ids)]}
        )
        cls.other_site.service_territory_id = cls.territory
        # Alice: 09-11 at the bakery (from home, 600 m), then 11:15-12 at the
        # depot 10 km away: the drive (~16 min) does not fit in 15 min
        cls.first = cls._book(cls.tech_a, 13, 9, 11, site_id=cls.site.id)
        cls.second = cls._book(cls.tech_a, 13, 11.25, 12, site_id=cls.other_site.id)
        cls.crewed = cls._book(
            cls.tech_b, 14, 13, 15, crew_ids=[Command.set(cls.tech_c.ids)]
        )
        # fixed intake times, so the SLA deadlines (and the panel order) do
        # not depend on the time of day the tests run
        cls.unassigned_low = cls._create_order(
            priority="0", site_id=cls.site.id, date_received=datetime(2026, 1, 13, 9)
        )
        cls.unassigned_sla = cls._create_order(
            site_id=cls.site.id,
            order_type_id=cls.order_type.id,
            required_skill_ids=[Command.set(cls.skill_hvac.ids)],
            date_received=datetime(2026, 1, 9, 8),
        )
        cls.unassigned_south = cls._create_order(
            site_id=cls.other_site.id,
            priority="3",
            date_received=datetime(2026, 1, 13, 8),
        )

    def _data(self, filters=None, user=None, start="2026-01-12 00:00:00"):
        orders = self.env["service.order"].with_user(user or self.dispatcher)
        return orders.get_dispatch_board_data(start, "2026-01-17 00:00:00", filters)

    def test_rows_blocks_and_travel(self):
        data = self._data()
        names = [tech["name"] for tech in data["technicians"]]
        # field technicians only (the demo's too), by name
        self.assertEqual(names[:3], ["Alice Tech", "Bob Tech", "Carl Crew"])
        self.assertEqual(names, sorted(names))
        self.assertNotIn("Olga Office", names)
        blocks = {(b["id"], b["technician_id"]): b for b in data["blocks"]}
        self.assertEqual(set(data["blocks"][0]), BLOCK_KEYS)
        first = blocks[self.first.id, self.tech_a.id]
        self.assertEqual(
            (first["start"], first["end"], first["role"]),
            ("2026-01-13 09:00:00", "2026-01-13 11:00:00", "lead"),
        )
        # from home (~600 m): about a minute, fits
        self.assertLess(first["travel_minutes"], 2)
        self.assertFalse(first["travel_tight"])
        second = blocks[self.second.id, self.tech_a.id]
        self.assertAlmostEqual(second["travel_minutes"], 15.7, delta=0.5)
        self.assertTrue(second["travel_tight"])
        # the crew member has the block in his row too
        self.assertEqual(blocks[self.crewed.id, self.tech_c.id]["role"], "crew")
        self.assertEqual(blocks[self.crewed.id, self.tech_b.id]["role"], "lead")

    def test_unavailability_from_calendar(self):
        data = self._data()
        # keyed by the id as a string (XML-RPC structs have string keys)
        periods = data["unavailable"][str(self.tech_a.id)]
        # Monday 12 is a public holiday, lunch and nights are off
        self.assertIn(["2026-01-12 00:00:00", "2026-01-12 23:59:59", "leave"], periods)
        self.assertIn(["2026-01-13 12:00:00", "2026-01-13 13:00:00", "off"], periods)
        self.assertIn(["2026-01-13 17:00:00", "2026-01-14 08:00:00", "off"], periods)
        # personal time off of Bob on Thursday 15
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Dentist",
                "calendar_id": self.calendar.id,
                "resource_id": self.tech_b.resource_id.id,
                "date_from": self.at(15, 13),
                "date_to": self.at(15, 17),
            }
        )
        periods = self._data()["unavailable"][str(self.tech_b.id)]
        self.assertIn(["2026-01-15 13:00:00", "2026-01-15 17:00:00", "leave"], periods)

    def test_unassigned_most_urgent_first(self):
        data = self._data()
        mine = (self.unassigned_sla | self.unassigned_south | self.unassigned_low).ids
        panel = [order for order in data["unassigned"] if order["id"] in mine]
        # earliest response deadline first, then priority (urgent first)
        self.assertEqual(
            [order["id"] for order in panel],
            [self.unassigned_sla.id, self.unassigned_south.id, self.unassigned_low.id],
        )
        deadlines = [o["deadline"] for o in data["unassigned"] if o["deadline"]]
        self.assertEqual(deadlines, sorted(deadlines))
        self.assertEqual(data["unassigned_count"], len(data["unassigned"]))
        self.assertTrue(panel[0]["deadline"])
        self.assertEqual(panel[0]["skills"], ["Test HVAC"])
        # planned orders and other states are not in the panel
        self.assertNotIn(self.first.id, [order["id"] for order in data["unassigned"]])

    def test_unassigned_count_is_bounded(self):
        """Beyond the cap the panel says "N+" (a bounded count costs the same
        for a thousand or twenty thousand unassigned orders)."""
        total = self._data()["unassigned_count"]
        self.assertGreater(total, 2)
        board = "odoo.addons.service_dispatch.models.service_order_board"
        with patch(f"{board}.UNASSIGNED_COUNT_CAP", 2):
            data = self._data()
        self.assertEqual(data["unassigned_count"], 2)
        self.assertTrue(data["unassigned_count_capped"])
        self.assertEqual(len(data["unassigned"]), total)
        self.assertFalse(self._data()["unassigned_count_capped"])

    def test_filters(self):
        by_team = self._data({"team_id": self.team.id})
        self.assertEqual([t["id"] for t in by_team["technicians"]], self.tech_a.ids)
        self.assertTrue(
            all(b["technician_id"] == self.tech_a.id for b in by_team["blocks"])
        )
        by_territory = self._data({"territory_id": self.territory.id})
        self.assertEqual(
            [t["id"] for t in by_territory["technicians"]], self.tech_b.ids
        )
        self.assertEqual(
            [o["id"] for o in by_territory["unassigned"]], self.unassigned_south.ids
        )
        by_skill = self._data({"skill_id": self.skill_hvac.id})
        # the test skill: only the test technicians and orders have it
        self.assertEqual(
            {t["id"] for t in by_skill["technicians"]}, {self.tech_a.id, self.tech_b.id}
        )
        self.assertEqual(
            [o["id"] for o in by_skill["unassigned"]], self.unassigned_sla.ids
        )
        options = by_skill["filters"]
        self.assertIn([self.team.id, "Test team"], options["teams"])
        self.assertIn([self.territory.id, "Test south"], options["territories"])

    def test_bad_range(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        with self.assertRaisesMessage(UserError, "must end after"):
            orders.get_dispatch_board_data("2026-01-13 00:00:00", "2026-01-12 00:00:00")
        with self.assertRaisesMessage(UserError, "not a valid"):
            orders.get_dispatch_board_data("yesterday", "2026-01-12 00:00:00")
        with self.assertRaisesMessage(UserError, "at most"):
            orders.get_dispatch_board_data("2026-01-01 00:00:00", "2026-03-01 00:00:00")

    def test_multi_company(self):
        dispatcher2 = new_test_user(
            self.env,
            "dispatcher_c2",
            groups="service_order.group_service_dispatcher",
            company_id=self.company2.id,
            company_ids=[Command.set(self.company2.ids)],
        )
        tech2 = self.env["hr.employee"].create(
            {
                "name": "Zoe Other",
                "is_field_technician": True,
                "company_id": self.company2.id,
            }
        )
        data = self._data(user=dispatcher2)
        self.assertEqual([t["id"] for t in data["technicians"]], tech2.ids)
        self.assertFalse(data["blocks"])
        self.assertFalse(data["unassigned"])
        with self.assertRaises(AccessError):
            self.first.with_user(dispatcher2).dispatch_board_move(
                tech2.id, "2026-01-13 09:00:00", "2026-01-13 10:00:00"
            )

    def test_only_dispatchers_read_the_board(self):
        """The board holds the whole planning, homes and time off: a
        technician gets an AccessError, whatever the context says."""
        orders = self.env["service.order"].with_user(self.tech_user_b)
        with self.assertRaisesMessage(AccessError, "Only dispatchers"):
            orders.get_dispatch_board_data(*RANGE)
        for context in (
            {"service_order_state_change": True},
            {"dispatch_board": True, "su": True, "uid": 1},
            {"allowed_company_ids": self.env.companies.ids},
        ):
            with self.assertRaises(AccessError):
                orders.with_context(**context).get_dispatch_board_data(*RANGE)
        # a manager implies the dispatcher group
        self.assertTrue(self._data(user=self.manager)["technicians"])

    def test_board_menu_for_dispatchers_only(self):
        menu = self.env.ref("service_dispatch.menu_service_dispatch_board")
        menus = self.env["ir.ui.menu"]
        self.assertIn(menu.id, menus.with_user(self.dispatcher)._visible_menu_ids())
        self.assertIn(menu.id, menus.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, menus.with_user(self.tech_user_a)._visible_menu_ids())

    def test_result_marshals_over_xmlrpc(self):
        data = self._data()
        self.assertTrue(data["blocks"] and data["unavailable"] and data["unassigned"])
        _assert_marshallable(self, data)
        # what the server's XML-RPC response does: refuses None and int keys
        xmlrpc.client.dumps((data,), methodresponse=True, allow_none=False)

    def test_unknown_coordinates_are_unknown(self):
        """A site at (0, 0) was never geocoded: no travel estimate (not a
        10,000-minute drive from the sea), and the board says what to geocode."""
        nowhere = self.env["res.partner"].create(
            {
                "name": "Not geocoded",
                "type": "delivery",
                "parent_id": self.customer.id,
                "partner_latitude": 0.0,
                "partner_longitude": 0.0,
            }
        )
        # Bob: 08-09 at the unknown site, then 09:30-10 at the depot
        unknown_site = self._book(self.tech_b, 16, 8, 9, site_id=nowhere.id)
        after = self._book(self.tech_b, 16, 9.5, 10, site_id=self.other_site.id)
        # Carl has no home base
        self.tech_c.write({"home_latitude": 0.0, "home_longitude": 0.0})
        # the board reads hr.employee.public, a view over hr.employee
        self.env.flush_all()
        homeless = self._book(self.tech_c, 16, 8, 9, site_id=self.site.id)
        blocks = {(b["id"], b["technician_id"]): b for b in self._data()["blocks"]}
        expected = {
            (unknown_site, self.tech_b): "site",
            (after, self.tech_b): "previous_site",
            (homeless, self.tech_c): "home",
        }
        for (order, tech), what in expected.items():
            block = blocks[order.id, tech.id]
            self.assertIs(block["travel_minutes"], False, what)
            self.assertTrue(block["travel_unknown"], what)
            self.assertEqual(block["travel_unknown_what"], what)
            self.assertFalse(block["travel_tight"], what)
        known = blocks[self.first.id, self.tech_a.id]
        self.assertFalse(known["travel_unknown"])
        self.assertFalse(known["travel_unknown_what"])
        self.assertLess(known["travel_minutes"], 2)

    def test_hostile_input_gives_clean_errors(self):
        orders = self.env["service.order"].with_user(self.dispatcher)
        bad_dates = [
            {"date": "2026-01-12"},
            ["2026-01-12 00:00:00"],
            20260112,
            1.5e308,
            float("nan"),
            True,
            None,
            "",
            "2026-13-45 00:00:00",
            "0000-01-01 00:00:00",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59",
            "99999-01-01 00:00:00",
            "2026-01-12 00:00:00" + "0" * 10000,
            "<script>alert(1)</script>",
        ]
        for bad in bad_dates:
            with self.subTest(start=bad), self.assertRaises(UserError):
                orders.get_dispatch_board_data(bad, RANGE[1])
            with self.subTest(end=bad), self.assertRaises(UserError):
                orders.get_dispatch_board_data(RANGE[0], bad)
        bad_filters = [
            "team_id=1",
            ["team_id", 1],
            42,
            {"team_id": "1 OR 1=1"},
            {"team_id": [self.team.id]},
            {"territory_id": {"id": 1}},
            {"skill_id": float("nan")},
            {"skill_id": math.inf},
            {"skill_id": 1.5},
            {"team_id": 2**63},
            {"team_id": -1},
            {"team_id": True},
        ]
        for bad in bad_filters:
            with self.subTest(filters=bad), self.assertRaises(ValidationError):
                orders.get_dispatch_board_data(*RANGE, bad)
        # False / empty / unknown names mean "no filter"
        for neutral in (None, False, {}, {"team_id": False, "other": "x"}):
            data = orders.get_dispatch_board_data(*RANGE, neutral)
            self.assertIn(self.tech_a.id, [t["id"] for t in data["technicians"]])
        # an id as a digit string is that id (the shared input guard's rule)
        by_string = orders.get_dispatch_board_data(
            *RANGE, {"team_id": str(self.team.id)}
        )
        self.assertEqual([t["id"] for t in by_string["technicians"]], self.tech_a.ids)


@tagged("post_install", "-at_install")
class TestBoardRpc(HttpCase, DispatchCase):
    """The board's data over the real external protocols of the test server:
    XML-RPC marshals it (no None, string keys), JSON-RPC too, and a
    technician is refused on both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._book(cls.tech_a, 13, 9, 11, site_id=cls.site.id)
        # a site never geocoded: its travel is False, not None
        nowhere = cls.env["res.partner"].create(
            {"name": "Nowhere", "type": "delivery", "parent_id": cls.customer.id}
        )
        cls._book(cls.tech_a, 13, 13, 14, site_id=nowhere.id)
        cls._create_order(site_id=cls.site.id)

    def _xmlrpc(self, user, *args):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            user.id,
            _password(user),
            "service.order",
            "get_dispatch_board_data",
            list(args),
        )

    def _jsonrpc(self, user, *args):
        return self.make_jsonrpc_request(
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.env.cr.dbname,
                    user.id,
                    _password(user),
                    "service.order",
                    "get_dispatch_board_data",
                    list(args),
                    {"context": {"tz": "UTC"}},
                ],
            },
        )

    def test_dispatcher_over_xmlrpc_and_jsonrpc(self):
        by_xml = self._xmlrpc(self.dispatcher, *RANGE, {})
        by_json = self._jsonrpc(self.dispatcher, *RANGE, {})
        for data in (by_xml, by_json):
            mine = [b for b in data["blocks"] if b["technician_id"] == self.tech_a.id]
            self.assertEqual(len(mine), 2)
            self.assertEqual([b["travel_unknown"] for b in mine], [False, True], mine)
            self.assertIs(mine[1]["travel_minutes"], False)
            self.assertIn(str(self.tech_a.id), data["unavailable"])
            self.assertTrue(data["unassigned"])
        self.assertEqual(by_xml, by_json)

    def test_technician_refused_over_xmlrpc_and_jsonrpc(self):
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._xmlrpc(self.tech_user_a, *RANGE)
        self.assertEqual(caught.exception.faultCode, 4, caught.exception.faultString)
        self.assertIn("Only dispatchers", caught.exception.faultString)
        with self.assertRaises(JsonRpcException) as caught:
            self._jsonrpc(self.tech_user_a, *RANGE)
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")

    def test_hostile_input_over_xmlrpc_is_a_clean_error(self):
        for args in (
            ({"a": 1}, RANGE[1]),
            (RANGE[0], [1, 2]),
            (*RANGE, {"team_id": "1 OR 1=1"}),
            (*RANGE, [1]),
            (*RANGE, {"skill_id": 1.5e300}),
        ):
            with (
                self.subTest(args=args),
                self.assertRaises(xmlrpc.client.Fault) as caught,
            ):
                self._xmlrpc(self.dispatcher, *args)
            # 2: a UserError / ValidationError, not a traceback (1)
            self.assertEqual(
                caught.exception.faultCode, 2, caught.exception.faultString
            )


@tagged("post_install", "-at_install")
class TestBoardMove(DispatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.booked = cls._book(cls.tech_a, 13, 9, 11)
        cls.order = cls._create_order()

    def _move(self, order, tech, start, end, from_tech=False, user=None):
        return order.with_user(user or self.dispatcher).dispatch_board_move(
            tech.id if tech else False, start, end, from_tech.id if from_tech else False
        )

    def test_drop_from_panel_assigns_and_schedules(self):
        self._move(
            self.order, self.tech_b, "2026-01-13 10:00:00", "2026-01-13 11:30:00"
        )
        self.assertEqual(self.order.technician_id, self.tech_b)
        self.assertEqual(self.order.state, "scheduled")
        self.assertEqual(self.order.date_scheduled_start, self.at(13, 10))
        self.assertEqual(self.order.date_scheduled_end, self.at(13, 11, 30))
        self.assertEqual(self.order.duration, 1.5)

    def test_move_between_rows_and_resize(self):
        self._move(
            self.booked, self.tech_b, "2026-01-13 14:00:00", "2026-01-13 16:00:00"
        )
        self.assertEqual(self.booked.technician_id, self.tech_b)
        self.assertEqual(self.booked.date_scheduled_start, self.at(13, 14))
        # resize: same row, same start, later end
        self._move(
            self.booked, self.tech_b, "2026-01-13 14:00:00", "2026-01-13 17:00:00"
        )
        self.assertEqual(self.booked.duration, 3.0)

    def test_move_crew_block_replaces_the_crew_member(self):
        self.booked.crew_ids = [Command.set(self.tech_c.ids)]
        self._move(
            self.booked,
            self.tech_b,
            "2026-01-13 09:00:00",
            "2026-01-13 11:00:00",
            from_tech=self.tech_c,
        )
        self.assertEqual(self.booked.crew_ids, self.tech_b)
        self.assertEqual(self.booked.technician_id, self.tech_a)
        with self.assertRaisesMessage(UserError, "lead technician is already"):
            self._move(
                self.booked,
                self.tech_a,
                "2026-01-13 09:00:00",
                "2026-01-13 11:00:00",
                from_tech=self.tech_b,
            )

    def test_refused_move_writes_nothing(self):
        self._move(
            self.order, self.tech_b, "2026-01-13 09:00:00", "2026-01-13 10:00:00"
        )
        with self.assertRaisesMessage(ValidationError, "already booked on"):
            self._move(
                self.order, self.tech_a, "2026-01-13 10:00:00", "2026-01-13 12:00:00"
            )
        self.assertEqual(self.order.technician_id, self.tech_b)
        self.assertEqual(self.order.date_scheduled_start, self.at(13, 9))
        self.assertEqual(self.order.duration, 1.0)
        self.assertEqual(self.order.state, "scheduled")

    def test_refused_drop_of_new_order_leaves_it_unassigned(self):
        with self.assertRaisesMessage(ValidationError, "already booked on"):
            self._move(
                self.order, self.tech_a, "2026-01-13 10:00:00", "2026-01-13 12:00:00"
            )
        self.assertFalse(self.order.technician_id)
        self.assertFalse(self.order.date_scheduled_start)
        self.assertEqual(self.order.state, "new")

    def test_bad_input(self):
        with self.assertRaisesMessage(UserError, "must end after it starts"):
            self._move(
                self.order, self.tech_b, "2026-01-13 10:00:00", "2026-01-13 10:00:00"
            )
        with self.assertRaisesMessage(UserError, "not valid"):
            self._move(self.order, self.tech_b, "soon", "2026-01-13 10:00:00")
        with self.assertRaisesMessage(UserError, "technician's row"):
            self._move(self.order, False, "2026-01-13 10:00:00", "2026-01-13 11:00:00")
        with self.assertRaisesMessage(ValidationError, "Unknown technician"):
            self.order.with_user(self.dispatcher).dispatch_board_move(
                987654, "2026-01-13 10:00:00", "2026-01-13 11:00:00"
            )
        self.assertFalse(self.order.technician_id)

    def test_started_order_cannot_move(self):
        self.booked.action_schedule()
        self.booked.action_dispatch()
        self.booked.action_start()
        with self.assertRaisesMessage(UserError, "cannot be planned from the board"):
            self._move(
                self.booked, self.tech_a, "2026-01-13 13:00:00", "2026-01-13 15:00:00"
            )
        self.assertEqual(self.booked.date_scheduled_start, self.at(13, 9))

    def test_technician_cannot_plan(self):
        with self.assertRaises(AccessError):
            self._move(
                self.booked,
                self.tech_a,
                "2026-01-13 13:00:00",
                "2026-01-13 15:00:00",
                user=self.tech_user_a,
            )
        self.assertEqual(self.booked.date_scheduled_start, self.at(13, 9))


@tagged("post_install", "-at_install")
class TestBoardQueries(DispatchCase):
    """The board's data costs the same number of queries for 200 and for
    2,000 orders: 25 technicians over 5 days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.techs = cls.env["hr.employee"].create(
            [
                {
                    "name": f"Load tech {i:02d}",
                    "is_field_technician": True,
                    "resource_calendar_id": cls.calendar.id,
                    "home_latitude": 50.8 + i / 100,
                    "home_longitude": 4.3,
                }
                for i in range(25)
            ]
        )
        cls.sites = cls.env["res.partner"].create(
            [
                {
                    "name": f"Load site {i}",
                    "parent_id": cls.customer.id,
                    "type": "delivery",
                    "partner_latitude": 50.8 + i / 50,
                    "partner_longitude": 4.4,
                }
                for i in range(10)
            ]
        )
        cls.load_team = cls.env["service.team"].create(
            {"name": "Load team", "member_ids": [Command.set(cls.techs.ids)]}
        )
        # 150 unassigned orders: more than the panel shows
        cls.env["service.order"].create(
            [
                cls._order_values(required_skill_ids=[Command.set(cls.skill_hvac.ids)])
                for _i in range(150)
            ]
        )

    def _create_scheduled(self, count, offset=0):
        """``count`` half-hour orders spread over 25 technicians x 5 days
        (Mon 12 - Fri 16), never overlapping."""
        vals_list = []
        for n in range(offset, offset + count):
            tech = self.techs[n % 25]
            slot = n // 25
            day, half_hours = slot % 5, slot // 5
            start = self.at(12 + day, 6) + timedelta(minutes=30 * half_hours)
            vals_list.append(
                self._order_values(
                    technician_id=tech.id,
                    site_id=self.sites[n % 10].id,
                    date_scheduled_start=start,
                    duration=0.5,
                )
            )
        return self.env["service.order"].create(vals_list)

    def _board_queries(self):
        """Queries of one load of the board, caches warm but records not in
        memory (as in a new request)."""
        orders = self.env["service.order"].with_user(self.dispatcher)
        # warm-up from an empty record cache: fills the access rule caches
        self.env.flush_all()
        self.env.invalidate_all()
        orders.get_dispatch_board_data(
            "2026-01-12 00:00:00", "2026-01-17 00:00:00", self.filters
        )
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        data = orders.get_dispatch_board_data(
            "2026-01-12 00:00:00", "2026-01-17 00:00:00", self.filters
        )
        return self.cr.sql_log_count - start, data

    def test_constant_queries_200_vs_2000(self):
        self.filters = {"team_id": self.load_team.id}
        self._create_scheduled(200)
        q200, data200 = self._board_queries()
        self.assertEqual(len(data200["blocks"]), 200)
        self._create_scheduled(1800, offset=200)
        q2000, data2000 = self._board_queries()
        self.assertEqual(len(data2000["blocks"]), 2000)
        self.assertEqual(len(data2000["technicians"]), 25)
        self.assertGreaterEqual(data2000["unassigned_count"], 150)
        self.assertEqual(len(data2000["unassigned"]), 100)
        self.assertEqual(
            q200, q2000, f"board data: {q200} queries at 200 orders, {q2000} at 2,000"
        )
        self.env.invalidate_all()
        with self.assertQueryCount(BOARD_BUDGET):
            self.env["service.order"].with_user(
                self.dispatcher
            ).get_dispatch_board_data(
                "2026-01-12 00:00:00", "2026-01-17 00:00:00", self.filters
            )


# measured on 18.0 with the suite addons installed; a change that adds a query
# per order fails the 200-vs-2,000 comparison, one that adds a fixed cost
# fails this budget
BOARD_BUDGET = 22


@tagged("post_install", "-at_install")
class TestPartsBadge(DispatchCase):
    """The hook ``_get_parts_availability`` reaches the board's blocks and the
    suggestions (the bridge service_dispatch_stock fills it from the vans)."""

    def test_hook_result_reaches_blocks_and_suggestions(self):
        booked = self._book(self.tech_a, 13, 9, 11, site_id=self.site.id)
        unassigned = self._create_order(site_id=self.site.id, duration=1.0)
        Order = type(self.env["service.order"])
        calls = []

        def availability(orders, employees):
            calls.append((set(orders.ids), set(employees.ids)))
            return {(order.id, self.tech_a.id): "partial" for order in orders}

        with patch.object(Order, "_get_parts_availability", availability):
            data = (
                self.env["service.order"]
                .with_user(self.dispatcher)
                .get_dispatch_board_data(*RANGE)
            )
            suggestions = unassigned.with_user(
                self.dispatcher
            ).get_dispatch_suggestions("2026-01-13 08:00:00", "2026-01-16 17:00:00")
        block = next(b for b in data["blocks"] if b["id"] == booked.id)
        self.assertEqual(block["parts"], "partial")
        self.assertIn(self.tech_a.id, calls[0][1])
        by_tech = {s["technician_id"]: s["parts"] for s in suggestions}
        self.assertEqual(by_tech[self.tech_a.id], "partial")
        self.assertFalse(by_tech.get(self.tech_b.id, False))

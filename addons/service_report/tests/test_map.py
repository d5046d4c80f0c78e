import json

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import ServiceReportCase

# measured on 18.0 with the suite addons installed (see test_dashboard)
MAP_BUDGET = 7


@tagged("post_install", "-at_install")
class TestMapData(ServiceReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.site_a, cls.site_b = cls.env["res.partner"].create(
            [
                {
                    "name": "Laundry north",
                    "type": "delivery",
                    "parent_id": cls.rcustomer.id,
                    "partner_latitude": 48.90,
                    "partner_longitude": 2.30,
                },
                {
                    "name": "Laundry south",
                    "type": "delivery",
                    "parent_id": cls.rcustomer.id,
                    "partner_latitude": 48.80,
                    "partner_longitude": 2.40,
                },
            ]
        )
        cls.Order = cls.env["service.order"]

    def _data(self, user=None):
        return self.Order.with_user(user or self.rdispatcher).get_service_map_data()

    def test_jobs_of_today_and_positions(self):
        north = self._rorder(
            site_id=self.site_a.id,
            technician_id=self.rtech.id,
            date_scheduled_start=self._today_at(1),
            duration=1.0,
        )
        south = self._rorder(
            site_id=self.site_b.id,
            technician_id=self.rtech2.id,
            date_scheduled_start=self._today_at(3),
            duration=1.0,
        )
        # not today: not on the map
        self._rorder(
            site_id=self.site_a.id,
            date_scheduled_start=self._today_at(30),
            duration=1.0,
        )
        # Rob's phone reported where he is; Ann has no position: her job's site
        self.rtech._set_last_position(48.87, 2.33)
        data = self._data()
        self.assertEqual({job["id"] for job in data["jobs"]}, {north.id, south.id})
        job = next(job for job in data["jobs"] if job["id"] == north.id)
        self.assertEqual((job["lat"], job["lng"]), (48.90, 2.30))
        techs = {tech["id"]: tech for tech in data["technicians"]}
        self.assertEqual(
            (techs[self.rtech.id]["lat"], techs[self.rtech.id]["source"]),
            (48.87, "reported"),
        )
        self.assertEqual(
            (techs[self.rtech2.id]["lat"], techs[self.rtech2.id]["source"]),
            (48.80, "job"),
        )
        self.assertEqual(data["tile_url"], "")
        self.assertNotIn("null", json.dumps(data))

    def test_tile_server_is_a_setting(self):
        url = "https://tiles.example.com/{z}/{x}/{y}.png"
        settings = self.env["res.config.settings"].create({"service_map_tile_url": url})
        settings.execute()
        self.assertEqual(self._data()["tile_url"], url)

    def test_position_is_checked(self):
        for lat, lng in ((91, 0), (0, 181), ("48", 2), (None, 2), (True, 2)):
            with self.subTest(lat=lat, lng=lng), self.assertRaises(ValidationError):
                self.rtech._set_last_position(lat, lng)

    def test_technicians_cannot_open_it(self):
        with self.assertRaises(AccessError):
            self._data(self.rtech_user)

    def _map_queries(self):
        orders = self.Order.with_user(self.rdispatcher)
        self.env.invalidate_all()
        orders.get_service_map_data()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        data = orders.get_service_map_data()
        return self.cr.sql_log_count - start, data

    def _create_jobs(self, count):
        sites = self.env["res.partner"].create(
            [
                {
                    "name": f"Load site {n}",
                    "type": "delivery",
                    "parent_id": self.rcustomer.id,
                    "partner_latitude": 48 + n / 100,
                    "partner_longitude": 2 + n / 100,
                }
                for n in range(count)
            ]
        )
        self.Order.with_company(self.rcompany).create(
            [
                {
                    "partner_id": self.rcustomer.id,
                    "site_id": site.id,
                    "order_type_id": self.rtype.id,
                    "company_id": self.rcompany.id,
                    "date_scheduled_start": self._today_at(1),
                    "duration": 1.0,
                }
                for site in sites
            ]
        )

    def test_constant_queries_5_vs_50(self):
        self._create_jobs(5)
        q5, data5 = self._map_queries()
        self.assertEqual(len(data5["jobs"]), 5)
        self._create_jobs(45)
        q50, data50 = self._map_queries()
        self.assertEqual(len(data50["jobs"]), 50)
        self.assertEqual(q5, q50, f"map: {q5} queries at 5 jobs, {q50} at 50")
        self.env.invalidate_all()
        with self.assertQueryCount(MAP_BUDGET):
            self.Order.with_user(self.rdispatcher).get_service_map_data()


@tagged("post_install", "-at_install")
class TestPositionRoute(HttpCase):
    def test_technician_reports_his_own_position(self):
        employee = self.env.ref("service_order.emp_lucas", False)
        if not employee or not employee.user_id:
            self.skipTest("needs the demo technician with a login")
        self.authenticate("technician", "technician")
        response = self.url_open(
            "/service_report/position",
            data=json.dumps(
                {"jsonrpc": "2.0", "params": {"latitude": 50.5, "longitude": 4.4}}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"], {"ok": True})
        self.assertEqual(employee.last_latitude, 50.5)
        self.assertTrue(employee.last_position_date)

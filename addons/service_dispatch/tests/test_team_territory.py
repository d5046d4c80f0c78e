from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import DispatchCase


@tagged("post_install", "-at_install")
class TestTeamsAndTerritories(DispatchCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["service.team"].create(
            {
                "name": "North",
                "member_ids": [Command.set((cls.tech_a | cls.tech_b).ids)],
            }
        )
        cls.territory = cls.env["service.territory"].create(
            {"name": "Centre", "technician_ids": [Command.set(cls.tech_a.ids)]}
        )

    def test_members_and_sites(self):
        self.assertEqual(self.team.member_count, 2)
        self.assertEqual(self.tech_a.service_team_ids, self.team)
        self.assertEqual(self.tech_a.service_territory_ids, self.territory)
        self.site.service_territory_id = self.territory
        order = self._create_order(site_id=self.site.id)
        self.assertEqual(order.territory_id, self.territory)
        self.assertEqual(self.territory.site_count, 1)
        # dispatchers read them through the public employee profile
        public = self.env["hr.employee.public"].with_user(self.dispatcher)
        self.assertEqual(public.browse(self.tech_a.id).service_team_ids.name, "North")
        self.assertEqual(
            public.search([("service_territory_ids", "in", self.territory.ids)]).ids,
            self.tech_a.ids,
        )

    def test_access_per_group(self):
        for user in (self.tech_user_a, self.dispatcher):
            self.assertEqual(self.team.with_user(user).name, "North")
            with self.assertRaises(AccessError):
                self.env["service.team"].with_user(user).create({"name": "Rogue"})
            with self.assertRaises(AccessError):
                self.territory.with_user(user).name = "Renamed"
        team = (
            self.env["service.team"].with_user(self.manager).create({"name": "South"})
        )
        team.unlink()
        self.territory.with_user(self.manager).name = "City centre"
        self.assertEqual(self.territory.name, "City centre")

    def test_multi_company(self):
        other = self.env["service.team"].create(
            {"name": "Elsewhere", "company_id": self.company2.id}
        )
        user2 = new_test_user(
            self.env,
            "dispatcher_t2",
            groups="service_order.group_service_dispatcher",
            company_id=self.company2.id,
            company_ids=[Command.set(self.company2.ids)],
        )
        self.assertEqual(
            self.env["service.team"].with_user(user2).search([]).ids, other.ids
        )
        with self.assertRaises(AccessError):
            self.team.with_user(user2).read(["name"])
        # a technician of company 1 cannot join a team of company 2
        with self.assertRaisesMessage(UserError, "Incompatible companies"):
            other.member_ids = [Command.link(self.tech_a.id)]
        self.assertFalse(other.member_ids)

    @mute_logger("odoo.sql_db")
    def test_unique_name_per_company(self):
        with self.assertRaises(IntegrityError):
            self.env["service.team"].create({"name": "North"})
        self.env["service.team"].create(
            {"name": "North", "company_id": self.company2.id}
        )

    def test_site_territory_company(self):
        """A site shared between companies (no company, as Odoo creates
        contacts) may lie in a company's territory; a site of one company
        only in that company's territories."""
        shared = self.env["res.partner"].create(
            {"name": "Shared site", "service_territory_id": self.territory.id}
        )
        self.assertFalse(shared.company_id)
        self.assertEqual(shared.service_territory_id, self.territory)
        own = self.env["res.partner"].create(
            {"name": "Own site", "company_id": self.env.company.id}
        )
        own.service_territory_id = self.territory
        elsewhere = self.env["service.territory"].create(
            {"name": "Elsewhere", "company_id": self.company2.id}
        )
        with self.assertRaisesMessage(ValidationError, "must belong to its company"):
            own.service_territory_id = elsewhere
        self.assertEqual(own.service_territory_id, self.territory)
        # moving the site to another company keeps the check
        with self.assertRaisesMessage(ValidationError, "must belong to its company"):
            own.company_id = self.company2

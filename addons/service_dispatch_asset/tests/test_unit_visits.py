from odoo import Command
from odoo.tests import tagged

from odoo.addons.service_dispatch.tests.common import DispatchCase


@tagged("post_install", "-at_install")
class TestServicedThisUnit(DispatchCase):
    """Alice lives next to the bakery, Bob 10 km away; both can do the job.
    Bob once completed a job at the bakery: on another unit he is one more
    regular of the site, on the very unit of the order he is its expert."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["maintenance.equipment"]
        cls.oven = Unit.create(
            {"name": "Oven", "partner_id": cls.customer.id, "site_id": cls.site.id}
        )
        cls.fridge = Unit.create(
            {"name": "Fridge", "partner_id": cls.customer.id, "site_id": cls.site.id}
        )
        cls.order = cls._create_order(
            site_id=cls.site.id,
            equipment_ids=[Command.set(cls.oven.ids)],
            date_scheduled_start=cls.at(13, 9),
            duration=2.0,
        )
        cls.past = cls._book(
            cls.tech_b,
            6,
            9,
            10,
            site_id=cls.site.id,
            equipment_ids=[Command.set(cls.fridge.ids)],
        )
        cls.past.action_schedule()
        cls.past.action_dispatch()
        cls.past.action_start()
        cls.past.action_complete()

    def _ranked(self):
        ranked = self.order.with_user(self.dispatcher)._compute_dispatch_suggestions()
        return {s.technician_id: s for s in ranked if s.eligible}, [
            s.technician_id for s in ranked if s.eligible
        ]

    def _words(self, suggestion):
        return self.order.with_user(self.dispatcher)._format_dispatch_explanation(
            suggestion
        )

    def test_the_technician_who_serviced_the_unit_ranks_first(self):
        by_tech, order = self._ranked()
        self.assertEqual(order[:2], [self.tech_a.id, self.tech_b.id])
        bob = by_tech[self.tech_b.id]
        self.assertIn("serviced this site once", self._words(bob))
        self.assertNotIn("this unit", self._words(bob))
        score_before = bob.score

        # the past job was on the oven too: Bob serviced this very unit
        self.past.equipment_ids = [Command.link(self.oven.id)]
        by_tech, order = self._ranked()
        bob = by_tech[self.tech_b.id]
        self.assertEqual(order[:2], [self.tech_b.id, self.tech_a.id])
        self.assertGreater(bob.score, score_before)
        words = self._words(bob)
        self.assertIn("serviced this site once", words)
        self.assertIn("serviced this unit once", words)
        self.assertNotIn("this unit", self._words(by_tech[self.tech_a.id]))

    def test_crew_visits_count_once_per_order(self):
        self.past.equipment_ids = [Command.link(self.oven.id)]
        self.past.crew_ids = [Command.set((self.tech_a | self.tech_c).ids)]
        other = self._book(
            self.tech_a,
            7,
            9,
            10,
            site_id=self.site.id,
            equipment_ids=[Command.set((self.oven | self.fridge).ids)],
        )
        other.action_schedule()
        other.action_dispatch()
        other.action_start()
        other.action_complete()
        technicians = self.env["hr.employee.public"].browse(
            (self.tech_a | self.tech_b | self.tech_c).ids
        )
        counts = self.order._get_dispatch_visit_counts(technicians)
        # Alice: crew on the past job, lead on the other (2 orders, 2 units
        # on the second); Bob: lead on the past one; Carl: crew
        self.assertEqual(counts[self.tech_a.id][1], 2)
        self.assertEqual(counts[self.tech_b.id][1], 1)
        self.assertEqual(counts[self.tech_c.id][1], 1)
        # an open or cancelled order on the unit is no visit
        self._create_order(
            site_id=self.site.id,
            technician_id=self.tech_c.id,
            equipment_ids=[Command.set(self.oven.ids)],
        ).action_cancel()
        counts = self.order._get_dispatch_visit_counts(technicians)
        self.assertEqual(counts[self.tech_c.id][1], 1)

    def test_one_query_for_the_units_of_any_number_of_technicians(self):
        technicians = self.env["hr.employee.public"].browse(
            (self.tech_a | self.tech_b | self.tech_c).ids
        )
        order = self.order.with_user(self.dispatcher)
        order._get_dispatch_visit_counts(technicians)  # warm up (rules, groups)
        for some in (technicians[:1], technicians):
            self.env.invalidate_all()
            # the order, the core's site visits (lead, crew), the order's
            # units and their visits: the same for one technician or many
            with self.subTest(technicians=len(some)), self.assertQueryCount(6):
                order._get_dispatch_visit_counts(some)

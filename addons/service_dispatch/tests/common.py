from datetime import datetime

from odoo import Command

from odoo.addons.service_order.tests.common import ServiceOrderCase


class DispatchCase(ServiceOrderCase):
    """ServiceOrderCase plus what dispatching needs: the technicians work on
    the UTC office calendar (Mon-Fri 08-12 / 13-17, holiday Monday
    2026-01-12), have home bases around Brussels and skills with levels.

    Tuesday 2026-01-13 is the working day most tests plan on.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.company.write(
            {
                "dispatch_road_factor": 1.3,
                "dispatch_avg_speed_kmh": 50.0,
                "dispatch_weight_travel": 40,
                "dispatch_weight_load": 20,
                "dispatch_weight_history": 15,
                "dispatch_weight_urgency": 25,
            }
        )
        (cls.tech_a | cls.tech_b | cls.tech_c).write(
            {"resource_calendar_id": cls.calendar.id, "tz": "UTC"}
        )
        # homes: A next to the bakery site (50.84, 4.35), B 10 km east, C far
        cls.tech_a.write({"home_latitude": 50.845, "home_longitude": 4.355})
        cls.tech_b.write({"home_latitude": 50.84, "home_longitude": 4.49})
        cls.tech_c.write({"home_latitude": 51.05, "home_longitude": 3.72})
        cls.skill_type = cls.env["hr.skill.type"].create(
            {
                "name": "Test trades",
                "skill_ids": [
                    Command.create({"name": "Test HVAC"}),
                    Command.create({"name": "Test Plumbing"}),
                ],
                "skill_level_ids": [
                    Command.create({"name": "Novice", "level_progress": 20}),
                    Command.create({"name": "Expert", "level_progress": 90}),
                ],
            }
        )
        cls.skill_hvac, cls.skill_plumbing = cls.skill_type.skill_ids
        cls.level_novice, cls.level_expert = cls.skill_type.skill_level_ids
        cls.env["hr.employee.skill"].create(
            [
                {
                    "employee_id": cls.tech_a.id,
                    "skill_id": cls.skill_hvac.id,
                    "skill_level_id": cls.level_expert.id,
                    "skill_type_id": cls.skill_type.id,
                },
                {
                    "employee_id": cls.tech_b.id,
                    "skill_id": cls.skill_hvac.id,
                    "skill_level_id": cls.level_novice.id,
                    "skill_type_id": cls.skill_type.id,
                },
                {
                    "employee_id": cls.tech_c.id,
                    "skill_id": cls.skill_plumbing.id,
                    "skill_level_id": cls.level_expert.id,
                    "skill_type_id": cls.skill_type.id,
                },
            ]
        )
        cls.other_site = cls.env["res.partner"].create(
            {
                "name": "Bakery depot",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "partner_latitude": 50.84,
                "partner_longitude": 4.49,
            }
        )

    @staticmethod
    def at(day, hour, minute=0):
        """A moment in January 2026 (naive UTC)."""
        return datetime(2026, 1, day, hour, minute)

    @classmethod
    def _book(cls, tech, day, start_hour, end_hour, **values):
        return cls._create_order(
            technician_id=tech.id,
            date_scheduled_start=cls.at(day, *_split(start_hour)),
            date_scheduled_end=cls.at(day, *_split(end_hour)),
            **values,
        )


def _split(hour):
    whole = int(hour)
    return whole, round((hour - whole) * 60)

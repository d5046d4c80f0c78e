from datetime import date, datetime

from odoo import Command

from odoo.addons.service_order.tests.common import ServiceOrderCase


class ServicePmCase(ServiceOrderCase):
    """Units with a customer and a site, a run-hours meter with readings, and
    helpers to build plans. The order type of ServiceOrderCase carries a
    checklist; the plans here use one of their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Plan = cls.env["service.pm.plan"]
        # the demo plans stay out of the scheduler runs of the tests
        cls.Plan.search([]).action_archive()
        cls.Order = cls.env["service.order"].with_context(active_test=False)
        cls.site2 = cls.env["res.partner"].create(
            {
                "name": "Bakery shop",
                "type": "delivery",
                "parent_id": cls.customer.id,
            }
        )
        cls.unit = cls.env["maintenance.equipment"].create(
            {
                "name": "Oven extractor fan",
                "partner_id": cls.customer.id,
                "site_id": cls.site.id,
            }
        )
        cls.unit2 = cls.env["maintenance.equipment"].create(
            {
                "name": "Kitchen split unit",
                "partner_id": cls.customer.id,
                "site_id": cls.site.id,
            }
        )
        cls.unit_shop = cls.env["maintenance.equipment"].create(
            {
                "name": "Shop display fridge",
                "partner_id": cls.customer.id,
                "site_id": cls.site2.id,
            }
        )
        cls.other_unit = cls.env["maintenance.equipment"].create(
            {"name": "Other customer's boiler", "partner_id": cls.other_customer.id}
        )
        cls.meter = cls.env["service.asset.meter"].create(
            {"equipment_id": cls.unit.id, "name": "Run hours"}
        )
        cls.pm_template = cls.env["service.checklist.template"].create(
            {
                "name": "PM checklist",
                "line_ids": [
                    Command.create({"name": "Replace filter", "required": True}),
                    Command.create({"name": "Clean coil"}),
                    Command.create({"name": "Log pressures"}),
                ],
            }
        )
        cls.skill_type = cls.env["hr.skill.type"].create(
            {
                "name": "PM trades",
                "skill_ids": [Command.create({"name": "Refrigeration PM"})],
                "skill_level_ids": [
                    Command.create({"name": "Basic", "level_progress": 50})
                ],
            }
        )
        cls.skill = cls.skill_type.skill_ids

    @classmethod
    def _plan(cls, **values):
        vals = {
            "name": "Filter change",
            "equipment_id": cls.unit.id,
            "order_type_id": cls.plain_type.id,
            "checklist_template_id": cls.pm_template.id,
            "duration": 2.5,
            "skill_ids": [Command.set(cls.skill.ids)],
            "interval": 1,
            "interval_unit": "month",
            "date_start": date(2026, 1, 31),
            "lead_days": 7,
            "horizon_days": 30,
        }
        vals.update(values)
        return cls.Plan.create(vals)

    @classmethod
    def _read(cls, meter, day, value, **extra):
        return cls.env["service.asset.meter.reading"].create(
            {
                "meter_id": meter.id,
                "date": datetime.combine(day, datetime.min.time()),
                "value": value,
                **extra,
            }
        )

    def _orders(self, plans):
        return self.Order.search(
            [("pm_plan_id", "in", plans.ids)], order="pm_due_date, id"
        )

    def _finish(self, order, when):
        """Plan, dispatch, start and complete ``order`` at ``when``, each step
        as the person who does it: the dispatcher plans and dispatches, the
        technician starts, ticks the checklist and completes."""
        as_dispatcher = order.with_user(self.dispatcher)
        as_dispatcher.write(
            {
                "technician_id": self.tech_a.id,
                "date_scheduled_start": when,
                "date_scheduled_end": when.replace(hour=when.hour + 1),
            }
        )
        as_dispatcher.action_schedule()
        as_dispatcher.action_dispatch()
        as_technician = order.with_user(self.tech_user_a)
        as_technician.action_start()
        as_technician.checklist_item_ids.write({"is_done": True})
        as_technician.action_complete()

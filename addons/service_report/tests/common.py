from datetime import datetime, timedelta

from odoo import Command
from odoo.tests.common import new_test_user

from odoo.addons.service_order.tests.common import (
    DISPATCHER_GROUP,
    TECH_GROUP,
    ServiceOrderCase,
)


class ServiceReportCase(ServiceOrderCase):
    """A company of its own (so that every count is exact whatever the demo
    data), its dispatcher and technicians, on a 24/7 UTC calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rcompany = cls.env["res.company"].create(
            {"name": "Report Test Co", "email": "ops@report-test.example"}
        )
        cls.rcompany.resource_calendar_id.tz = "UTC"
        cls.rdispatcher = new_test_user(
            cls.env,
            "r_dispatcher",
            groups=DISPATCHER_GROUP,
            name="Rita Dispatcher",
            email="rita@report-test.example",
            company_id=cls.rcompany.id,
            company_ids=[Command.set(cls.rcompany.ids)],
            tz="UTC",
        )
        cls.rtech_user = new_test_user(
            cls.env,
            "r_tech",
            groups=TECH_GROUP,
            name="Rob Tech",
            company_id=cls.rcompany.id,
            company_ids=[Command.set(cls.rcompany.ids)],
            tz="UTC",
        )
        cls.rtech, cls.rtech2 = cls.env["hr.employee"].create(
            [
                {
                    "name": "Rob Tech",
                    "user_id": cls.rtech_user.id,
                    "is_field_technician": True,
                    "company_id": cls.rcompany.id,
                },
                {
                    "name": "Ann Crew",
                    "is_field_technician": True,
                    "company_id": cls.rcompany.id,
                },
            ]
        )
        cls.rcustomer = cls.env["res.partner"].create(
            {
                "name": "Moonlight Laundry",
                "is_company": True,
                "email": "laundry@example.com",
                "company_id": cls.rcompany.id,
                "partner_latitude": 48.85,
                "partner_longitude": 2.35,
            }
        )
        cls.rtype = cls.env["service.order.type"].create(
            {
                "name": "Report repair",
                "default_duration": 1.0,
                "company_id": cls.rcompany.id,
            }
        )

    @classmethod
    def _rorder(cls, **values):
        vals = {
            "partner_id": cls.rcustomer.id,
            "order_type_id": cls.rtype.id,
            "company_id": cls.rcompany.id,
            "user_id": False,
        }
        vals.update(values)
        return cls.env["service.order"].with_company(cls.rcompany).create(vals)

    @classmethod
    def _today_at(cls, hour):
        return datetime.combine(datetime.now().date(), datetime.min.time()) + (
            timedelta(hours=hour)
        )

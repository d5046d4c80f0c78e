from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import ServiceContractCase

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestTechnicianCompletesContractOrder(ServiceContractCase):
    """A covered order done in the field by the technician himself (he may not
    read the contract); the contract's consumption follows."""

    def test_contract_order_as_technician(self):
        contract = self._contract(
            labour_coverage_percent=100,
            parts_coverage_percent=50,
            yearly_cap_amount=1000,
            visits_included=2,
        )
        self.product_part.lst_price = 80.0
        order = self._unit_order(
            self.rtu,
            order_type_id=self.order_type.id,
            date_received=datetime(2026, 3, 3, 8, 0),
        )
        self.assertEqual(order.contract_id, contract)
        as_dispatcher = order.with_user(self.dispatcher)
        as_dispatcher.write(
            {
                "technician_id": self.tech_a.id,
                "date_scheduled_start": datetime(2026, 3, 3, 9, 0),
                "date_scheduled_end": datetime(2026, 3, 3, 11, 0),
            }
        )
        as_dispatcher.action_schedule()
        as_dispatcher.action_dispatch()
        tech = order.with_user(self.tech_user_a)
        with freeze_time("2026-03-03 09:05:00"):
            tech.action_start()
            self.env["service.asset.meter.reading"].with_user(self.tech_user_a).create(
                {
                    "meter_id": self.meter.id,
                    "date": datetime(2026, 3, 3, 9, 10),
                    "value": 1500,
                    "order_id": order.id,
                }
            )
            tech.checklist_item_ids.write({"is_done": True})
            tech.write(
                {
                    "line_ids": [
                        Command.create(
                            {"product_id": self.product_part.id, "qty_used": 2}
                        )
                    ]
                }
            )
            self.env["service.order.timelog"].with_user(self.tech_user_a).create(
                {
                    "order_id": order.id,
                    "employee_id": self.tech_a.id,
                    "kind": "travel",
                    "date_start": datetime(2026, 3, 3, 8, 30),
                    "date_end": datetime(2026, 3, 3, 9, 0),
                }
            )
            tech.write({"signature": SIGNATURE, "signed_by": "Facility manager"})
        with freeze_time("2026-03-03 10:40:00"):
            tech.action_complete()
            self.assertEqual(order.state, "done")
            self.assertEqual(order.contract_id, contract, "kept on completion")
            self.assertEqual(order.sla_status, "met")
            # the dispatcher sees the visit and the covered parts used
            seen = contract.with_user(self.dispatcher)
            self.assertEqual(seen.visits_used, 1)
            self.assertEqual(seen.visits_remaining, 1)
            self.assertAlmostEqual(seen.amount_used, 80.0, msg="50% of 2 x 80")
            self.assertEqual(seen.order_count, 1)

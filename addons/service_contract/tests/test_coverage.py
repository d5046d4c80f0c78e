from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestCoverage(ServiceContractCase):
    def test_order_picks_the_customers_contract(self):
        contract = self._contract()
        order = self._create_order(date_received=datetime(2026, 5, 4, 9, 0))
        self.assertEqual(order.contract_id, contract)
        other = self._create_order(
            partner_id=self.other_customer.id,
            date_received=datetime(2026, 5, 4, 9, 0),
        )
        self.assertFalse(other.contract_id)

    def test_term_edges_in_site_time_zone(self):
        # term 2026-01-01 .. 2026-12-31; the site is in Brussels (UTC+1)
        contract = self._contract()
        cases = [
            (datetime(2025, 12, 31, 22, 59), False, "23:59 on Dec 31st 2025"),
            (datetime(2025, 12, 31, 23, 0), True, "00:00 on the first day"),
            (datetime(2026, 12, 31, 22, 59), True, "23:59 on the last day"),
            (datetime(2026, 12, 31, 23, 0), False, "00:00 the day after"),
        ]
        for received, covered, label in cases:
            with self.subTest(label):
                order = self._create_order(date_received=received)
                self.assertEqual(order.contract_id == contract, covered, label)

    def test_only_active_contracts_of_covered_types(self):
        draft = self._contract(activate=False)
        order = self._create_order(date_received=datetime(2026, 5, 4, 9, 0))
        self.assertFalse(order.contract_id, "a draft contract covers nothing")
        typed = self._contract(order_type_ids=self.order_type)
        plain = self._create_order(date_received=datetime(2026, 5, 4, 9, 0))
        self.assertFalse(plain.contract_id, "type not covered")
        repair = self._create_order(
            order_type_id=self.order_type.id, date_received=datetime(2026, 5, 4, 9, 0)
        )
        self.assertEqual(repair.contract_id, typed)
        typed.action_cancel()
        self.assertEqual(draft.state, "draft")
        late = self._create_order(
            order_type_id=self.order_type.id, date_received=datetime(2026, 5, 4, 9, 0)
        )
        self.assertFalse(late.contract_id, "a cancelled contract covers nothing")

    def test_unit_and_site_scope(self):
        by_unit = self._contract(equipment_ids=self.shop_unit)
        at_site = self._create_order(
            site_id=self.site.id, date_received=datetime(2026, 5, 4, 9, 0)
        )
        self.assertFalse(at_site.contract_id, "neither the unit nor the site listed")
        on_unit = self._unit_order(
            self.shop_unit, date_received=datetime(2026, 5, 4, 9, 0)
        )
        self.assertEqual(on_unit.contract_id, by_unit)
        by_site = self._contract(site_ids=self.site)
        at_site = self._create_order(
            site_id=self.site.id, date_received=datetime(2026, 5, 4, 9, 0)
        )
        self.assertEqual(at_site.contract_id, by_site)
        elsewhere = self._create_order(
            site_id=self.hq_site.id, date_received=datetime(2026, 5, 4, 9, 0)
        )
        self.assertFalse(elsewhere.contract_id)

    def test_overlapping_contracts_rule(self):
        """Documented rule: the most specific coverage wins (a listed unit,
        then a listed site, then customer-wide), then the latest start, then
        the newest contract."""
        received = datetime(2026, 6, 1, 9, 0)
        wide_early = self._contract(date_start=date(2026, 1, 1))
        wide_late = self._contract(date_start=date(2026, 3, 1))
        order = self._unit_order(self.rtu, date_received=received)
        self.assertEqual(order.contract_id, wide_late, "the latest start wins")
        wide_twin = self._contract(date_start=date(2026, 3, 1))
        order = self._unit_order(self.rtu, date_received=received)
        self.assertEqual(order.contract_id, wide_twin, "same start: the newest")
        site_contract = self._contract(date_start=date(2025, 7, 1), site_ids=self.site)
        order = self._unit_order(self.rtu, date_received=received)
        self.assertEqual(order.contract_id, site_contract, "a listed site wins")
        unit_contract = self._contract(
            date_start=date(2025, 1, 1), equipment_ids=self.rtu
        )
        order = self._unit_order(self.rtu, date_received=received)
        self.assertEqual(order.contract_id, unit_contract, "a listed unit wins")
        # an order on another unit of the site falls back to the site contract
        order = self._unit_order(self.compressor, date_received=received)
        self.assertEqual(order.contract_id, site_contract)
        self.assertTrue(wide_early.exists())

    def test_contract_is_editable_but_must_fit(self):
        contract = self._contract()
        spare = self._contract(site_ids=self.other_site)
        order = self._create_order(date_received=datetime(2026, 5, 4, 9, 0))
        self.assertEqual(order.contract_id, contract)
        order.contract_id = spare
        self.assertEqual(order.contract_id, spare, "a dispatcher may pick another")
        order.description = "<p>still the chosen contract</p>"
        self.assertEqual(order.contract_id, spare)
        other = self.Contract.create(
            {
                "partner_id": self.other_customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        with self.assertRaisesMessage(ValidationError, "is not a contract of"):
            order.contract_id = other
        draft = self._contract(activate=False)
        with self.assertRaisesMessage(ValidationError, "not in force"):
            order.contract_id = draft
        self.assertEqual(order.contract_id, spare)

    def test_activation_attaches_open_orders(self):
        with freeze_time("2026-05-04 09:00:00"):
            opened = self._create_order()
            done = self._create_order(**self._planned_values())
        self.assertFalse(opened.contract_id)
        done.action_cancel()
        contract = self._contract()
        self.assertEqual(opened.contract_id, contract)
        self.assertFalse(done.contract_id, "closed orders are left as they are")

    def test_coverage_and_remaining_allowance(self):
        contract = self._contract(
            labour_coverage_percent=100,
            parts_coverage_percent=50,
            yearly_cap_amount=500,
            visits_included=3,
        )
        self.product_part.lst_price = 80.0
        self.product_labour.lst_price = 60.0
        orders = self.env["service.order"]
        for day in (2, 3):
            orders |= self._create_order(
                date_received=datetime(2026, 3, day, 9, 0),
                line_ids=[
                    Command.create(
                        {"product_id": self.product_part.id, "qty_planned": 1}
                    ),
                    Command.create(
                        {
                            "product_id": self.product_labour.id,
                            "qty_planned": 3,
                            "qty_used": 2,
                        }
                    ),
                ],
            )
        # a cancelled order and one of the previous year use nothing
        self._create_order(date_received=datetime(2026, 3, 4, 9, 0)).action_cancel()
        with freeze_time("2026-03-10 12:00:00"):
            order = orders[0]
            self.assertEqual(order.contract_labour_coverage, 100)
            self.assertEqual(order.contract_parts_coverage, 50)
            self.assertEqual(order.contract_visits_used, 2)
            self.assertEqual(order.contract_visits_remaining, 1)
            # per order: 50% of one part at 80 + 100% of 2 h at 60 = 160
            self.assertAlmostEqual(order.contract_amount_used, 320.0)
            self.assertAlmostEqual(order.contract_amount_remaining, 180.0)
            self.assertFalse(order.contract_allowance_exceeded)
            self._create_order(date_received=datetime(2026, 3, 5, 9, 0))
            contract.invalidate_recordset()
            order.invalidate_recordset()
            self.assertEqual(contract.visits_used, 3)
            self.assertTrue(order.contract_allowance_exceeded, "3 of 3 visits")

    def test_contract_year_resets_usage(self):
        contract = self._contract(
            date_start=date(2025, 7, 1), date_end=date(2027, 6, 30), visits_included=2
        )
        self._create_order(date_received=datetime(2026, 6, 29, 9, 0))
        self._create_order(date_received=datetime(2026, 7, 2, 9, 0))
        with freeze_time("2026-06-30 12:00:00"):
            contract.invalidate_recordset()
            self.assertEqual(contract.year_start, date(2025, 7, 1))
            self.assertEqual(contract.year_end, date(2026, 6, 30))
            self.assertEqual(contract.visits_used, 1)
        with freeze_time("2026-07-01 12:00:00"):
            contract.invalidate_recordset()
            self.assertEqual(contract.year_start, date(2026, 7, 1))
            self.assertEqual(contract.visits_used, 1)
            self.assertEqual(contract.visits_remaining, 1)

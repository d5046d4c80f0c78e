from datetime import datetime

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ServiceAssetCase


@tagged("post_install", "-at_install")
class TestMeter(ServiceAssetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Reading = cls.env["service.asset.meter.reading"]
        cls.jan = cls.Reading.create(
            {"meter_id": cls.meter.id, "date": datetime(2026, 1, 5), "value": 100}
        )
        cls.mar = cls.Reading.create(
            {"meter_id": cls.meter.id, "date": datetime(2026, 3, 5), "value": 300}
        )

    def _read(self, when, value, **values):
        vals = {"meter_id": self.meter.id, "date": when, "value": value}
        vals.update(values)
        return self.Reading.create(vals)

    def test_last_reading_is_the_latest_by_date(self):
        self.assertEqual(self.meter.last_value, 300)
        self.assertEqual(self.meter.last_date, datetime(2026, 3, 5))
        # a reading back-filled in between keeps the latest one as last
        self._read(datetime(2026, 2, 5), 200)
        self.assertEqual(self.meter.last_value, 300)
        self._read(datetime(2026, 4, 5), 450)
        self.assertEqual(self.meter.last_value, 450)
        self.assertEqual(self.meter.last_date, datetime(2026, 4, 5))

    def test_lower_reading_is_refused(self):
        with self.assertRaisesMessage(
            ValidationError, r"reading 250.0 .* lower than the previous reading 300.0"
        ):
            self._read(datetime(2026, 4, 5), 250)
        self.assertEqual(self.meter.reading_ids, self.jan | self.mar)
        self.assertEqual(self.meter.last_value, 300)

    def test_back_filled_reading_must_fit_between_its_neighbours(self):
        # 350 in February would make March's 300 a decrease
        with self.assertRaisesMessage(ValidationError, "lower than the previous"):
            self._read(datetime(2026, 2, 5), 350)
        with self.assertRaisesMessage(ValidationError, "lower than the previous"):
            self._read(datetime(2026, 2, 5), 50)
        self.assertEqual(len(self.meter.reading_ids), 2)

    def test_editing_a_reading_down_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "lower than the previous"):
            self.mar.value = 99
        self.assertEqual(self.mar.value, 300)

    def test_replacement_may_go_down_then_counts_again(self):
        new = self._read(datetime(2026, 4, 5), 3, is_replacement=True)
        self.assertEqual(self.meter.last_value, 3)
        self._read(datetime(2026, 5, 5), 40)
        with self.assertRaisesMessage(ValidationError, "lower than the previous"):
            self._read(datetime(2026, 6, 5), 39)
        # removing the replacement flag would leave 300 -> 3
        with self.assertRaisesMessage(ValidationError, "lower than the previous"):
            new.is_replacement = False
        # and deleting it would leave 300 -> 40
        with self.assertRaisesMessage(ValidationError, "would leave a decreasing"):
            new.unlink()
        self.assertTrue(new.exists())

    def test_negative_reading_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            self._read(datetime(2026, 4, 5), -1)

    def test_batch_of_readings(self):
        other = self.env["service.asset.meter"].create(
            {"equipment_id": self.shop_unit.id, "name": "Compressor starts"}
        )
        readings = self.Reading.create(
            [
                {"meter_id": other.id, "date": datetime(2026, 1, d), "value": d * 10}
                for d in range(1, 11)
            ]
        )
        self.assertEqual(len(readings), 10)
        self.assertEqual(other.last_value, 100)
        with self.assertRaisesMessage(ValidationError, "lower than the previous"):
            self.Reading.create(
                [
                    {"meter_id": other.id, "date": datetime(2026, 2, 1), "value": 200},
                    {"meter_id": other.id, "date": datetime(2026, 2, 2), "value": 150},
                ]
            )
        self.assertEqual(len(other.reading_ids), 10, "nothing of the batch written")

    def test_meter_names_are_unique_per_unit(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["service.asset.meter"].create(
                {"equipment_id": self.rtu.id, "name": "Run hours"}
            )
            self.env.flush_all()

    def test_reading_in_the_future_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self._read(datetime(2999, 12, 31), 1e9)
        self.assertIn("future", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(self.meter.last_value, 300)
        self.assertEqual(len(self.meter.reading_ids), 2)

"""service.order's read formats its plain values from the cache, column by
column: the same values as the ORM's cell-by-cell formatting."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import models
from odoo.tests import tagged

from .common import ServiceOrderCase


@tagged("post_install", "-at_install")
class TestReadFormat(ServiceOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start = datetime(2026, 1, 13, 8, 0)
        cls.orders = cls.env["service.order"].create(
            [
                cls._order_values(
                    order_type_id=(cls.order_type if i % 2 else cls.plain_type).id,
                    technician_id=cls.tech_a.id if i % 3 else False,
                    date_scheduled_start=start + timedelta(days=i) if i % 3 else False,
                    date_received=start - timedelta(hours=i),
                    description=f"<p>Unit {i}</p>" if i % 2 else False,
                    site_id=cls.site.id if i % 2 else False,
                )
                for i in range(12)
            ]
        )
        cls.orders[:2].activity_schedule(
            "mail.mail_activity_data_todo", summary="Call back"
        )
        cls.env.flush_all()

    def _both(self, records, fnames, load):
        """(service.order's, the ORM's) formatting of ``fnames`` on
        ``records``, each from the same freshly fetched cache."""
        records.env.invalidate_all()
        records.fetch([f for f in fnames if records._fields[f].store])
        ours = records._read_format(fnames, load=load)
        records.env.invalidate_all()
        records.fetch([f for f in fnames if records._fields[f].store])
        theirs = models.BaseModel._read_format(records, fnames, load=load)
        return ours, theirs

    def test_same_values_as_the_orm(self):
        fnames = [
            name
            for name, field in self.orders._fields.items()
            if field.type not in ("binary", "properties", "properties_definition")
        ]
        for user in (self.env.user, self.dispatcher):
            records = self.orders.with_user(user)
            fields = [
                name
                for name in fnames
                if records._fields[name].is_accessible(records.env)
            ]
            for load in (None, "_classic_read"):
                ours, theirs = self._both(records, fields, load)
                self.assertEqual(ours, theirs, f"as {user.name}, load={load}")
                self.assertEqual(len(ours), len(self.orders))

    def test_pending_recomputation_is_read(self):
        """A stored computed value pending recomputation (the customer's
        name after a change) is read recomputed, not from the stale cache."""
        self.orders.read(["partner_name"], load=None)
        self.customer.name = "Renamed Bakery"
        values = self.orders.read(["partner_name"], load=None)
        self.assertEqual({vals["partner_name"] for vals in values}, {"Renamed Bakery"})

    def test_deleted_record_is_left_out(self):
        """A record deleted by someone else meanwhile is left out, as the
        ORM's read does."""
        records = self.orders[:3]
        fnames = ["name", "priority", "description"]
        self.env.invalidate_all()
        records.fetch(["name", "priority"])
        self.env.cr.execute("DELETE FROM service_order WHERE id = %s", [records[1].id])
        values = records._read_format(fnames, load=None)
        self.assertEqual(
            [vals["id"] for vals in values], [records[0].id, records[2].id]
        )
        self.env.invalidate_all()
        records.fetch(["name", "priority"])
        self.assertEqual(values, models.BaseModel._read_format(records, fnames))

    def test_related_values_as_the_orm(self):
        """The fields related to a column of a many2one value (set by
        web_read from that column alone) are the related compute's."""
        Order = self.env["service.order"]
        fnames = [
            name
            for name, field in Order._fields.items()
            if field.related
            and not field.store
            and len(field.related.split(".")) == 2
            and Order._fields[field.related.split(".")[0]].type == "many2one"
        ]
        if not fnames:
            self.skipTest("no such related field installed")
        # (many2one values as their ids, as read() without display names)
        spec = dict.fromkeys(fnames, {})
        # a contact's order: its commercial partner is another partner
        self.orders[0].partner_id = self.site
        self.env.flush_all()
        records = self.orders.with_user(self.dispatcher)
        records.env.invalidate_all()
        generic = records.read(fnames, load=None)
        records.env.invalidate_all()
        self.assertEqual(records.web_read(spec), generic)

    def test_is_late_as_its_compute(self):
        """web_read's is_late (set from the page's state and scheduled end)
        is the compute's: open and past its end, not done, not ahead."""
        records = self.orders.with_user(self.dispatcher)
        self.assertIn(True, [bool(order.date_scheduled_start) for order in records])
        for now in ("2026-01-01 00:00:00", "2026-01-20 12:00:00", "2027-01-01"):
            with freeze_time(now):
                records.env.invalidate_all()
                generic = records.read(["is_late"], load=None)
                records.env.invalidate_all()
                batched = records.web_read({"is_late": {}})
                self.assertEqual(batched, generic, now)
        self.assertEqual(
            {vals["is_late"] for vals in generic},
            {True, False},
            "the orders planned are late in 2027, the others not",
        )

    def test_missing_ids_are_left_out_of_the_activity_widgets(self):
        """web_read of the activity widgets' fields for ids that do not
        exist (made up, -1, deleted) leaves them out, as read does: their
        values set by the activity prefetch are no record's."""
        gone = self._create_order()
        gone_id = gone.id
        gone.unlink()
        first, second = self.orders[:2].ids
        spec = {
            "activity_ids": {},
            "activity_state": {},
            "activity_summary": {},
            "activity_exception_decoration": {},
        }
        orders = self.env["service.order"].with_user(self.dispatcher)
        for ids, kept in (
            ([first, 99999999], [first]),
            ([first, -1], [first]),
            ([first, gone_id, second], [first, second]),
            ([99999999], []),
            ([gone_id], []),
            ([second, first], [second, first]),
        ):
            with self.subTest(ids=ids):
                self.env.invalidate_all()
                values = orders.browse(ids).web_read(spec)
                self.assertEqual([vals["id"] for vals in values], kept)
                self.env.invalidate_all()
                self.assertEqual(values, orders.browse(ids).read(list(spec)))
        self.assertEqual(values[1]["activity_summary"], "Call back")

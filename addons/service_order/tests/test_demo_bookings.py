"""The demo data's bookings never overlap, whatever the day and hour of the
install.

Demo orders are dated from the moment of the install (``DateTime.now()``,
working hours from now, "the next working day at 7:00"). The database refuses
a technician booked twice at once, so two demo bookings that overlap only at
some hours of some days make the install fail at those hours: it happened to
CI at 15:03 UTC on a Thursday (a call one working hour from now fell on the
next morning, over a fixed 8:00 inspection). This test evaluates the dates of
every demo order and booking of the installed suite addons as the install
would at many moments of a week, and checks each technician's bookings.
"""

import datetime as dt
from collections import defaultdict
from unittest.mock import patch

from lxml import etree

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged
from odoo.tools import convert
from odoo.tools.misc import file_path

ORDER_FIELDS = (
    "technician_id",
    "crew_ids",
    "order_type_id",
    "date_scheduled_start",
    "date_scheduled_end",
    "duration",
)
BOOKING_FIELDS = ("order_id", "employee_id", "date_start", "date_end")
# a week of moments (UTC): each weekday at night, before, during and after
# the working day, and around its end
HOURS = ((0, 30), (6, 59), (9, 0), (12, 30), (15, 3), (16, 30), (16, 59), (23, 30))
WEEK = [dt.datetime(2026, 12, 7) + dt.timedelta(days=day) for day in range(7)]
SUMMER = [dt.datetime(2026, 7, 10), dt.datetime(2026, 3, 27)]  # Fri, Fri before DST


def _moments():
    for day in WEEK + SUMMER:
        for hour, minute in HOURS:
            yield day.replace(hour=hour, minute=minute)


def _fake_datetime(now):
    class FakeDateTime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return now

    return FakeDateTime


@tagged("post_install", "-at_install")
class TestDemoBookings(TransactionCase):
    def _demo_nodes(self):
        """{full xml id: (model, {field name: <field> node})} of the demo
        service orders and bookings of the installed suite addons, in load
        order (a later file's fields override)."""
        modules = self.env["ir.module.module"].search(
            [("name", "=like", "service_%"), ("state", "=", "installed")]
        )
        records = {}
        for module in modules.sorted("id"):
            for name in get_manifest(module.name).get("demo", []):
                if not name.endswith(".xml"):
                    continue
                tree = etree.parse(file_path(f"{module.name}/{name}"))
                for node in tree.iter("record"):
                    model = node.get("model")
                    if model not in ("service.order", "service.order.assignment"):
                        continue
                    xml_id = node.get("id")
                    if "." not in xml_id:
                        xml_id = f"{module.name}.{xml_id}"
                    wanted = (
                        ORDER_FIELDS if model == "service.order" else BOOKING_FIELDS
                    )
                    fields = {
                        f.get("name"): (module.name, f)
                        for f in node.iter("field")
                        if f.get("name") in wanted
                    }
                    records.setdefault(xml_id, (model, {}))[1].update(fields)
        return records

    def _value(self, importers, module, node):
        if node.get("ref"):
            ref = node.get("ref")
            return self.env.ref(ref if "." in ref else f"{module}.{ref}").id
        return convert._eval_xml(importers[module], node, self.env)

    def _bookings(self, records, importers):
        """[(employee id, start, end, xml id)] as the install would book them."""
        Order = self.env["service.order"]
        values_of = {
            xml_id: {
                name: self._value(importers, module, node)
                for name, (module, node) in fields.items()
            }
            for xml_id, (_model, fields) in records.items()
        }
        bookings, orders = [], {}
        for xml_id, (model, _fields) in records.items():
            values = values_of[xml_id]
            if model != "service.order" or not values.get("date_scheduled_start"):
                continue
            start = values["date_scheduled_start"]
            # the order's own computation of its end (its type's duration)
            draft = Order.new(
                {
                    "order_type_id": values.get("order_type_id"),
                    "date_scheduled_start": start,
                    **(
                        {"duration": values["duration"]} if "duration" in values else {}
                    ),
                }
            )
            end = values.get("date_scheduled_end") or draft.date_scheduled_end
            orders[xml_id] = (start, end)
            crew = [
                employee_id
                for command in values.get("crew_ids") or []
                for employee_id in command[2]
            ]
            for employee_id in [values.get("technician_id"), *crew]:
                if employee_id:
                    bookings.append((employee_id, start, end, xml_id))
        for xml_id, (model, fields) in records.items():
            if model != "service.order.assignment":
                continue
            values = values_of[xml_id]
            module, node = fields["order_id"]
            ref = node.get("ref")
            start, end = orders.get(ref if "." in ref else f"{module}.{ref}", (0, 0))
            bookings.append(
                (
                    values["employee_id"],
                    values.get("date_start") or start,
                    values.get("date_end") or end,
                    xml_id,
                )
            )
        return bookings

    def test_demo_bookings_never_overlap(self):
        if not self.env.ref("service_order.order_disp_atrium_rtu_fan", False):
            self.skipTest("the demo data is not installed")
        records = self._demo_nodes()
        self.assertGreater(len(records), 20)
        importers = {
            module: convert.xml_import(self.env, module, {}, "init")
            for module in {m for _model, f in records.values() for m, _n in f.values()}
        }
        checked = 0
        for now in _moments():
            with patch.object(convert, "datetime", _fake_datetime(now)):
                bookings = self._bookings(records, importers)
            by_employee = defaultdict(list)
            for employee_id, start, end, xml_id in bookings:
                by_employee[employee_id].append((start, end, xml_id))
            for employee_id, intervals in by_employee.items():
                intervals.sort()
                for (_s1, end1, id1), (start2, _e2, id2) in zip(
                    intervals, intervals[1:], strict=False
                ):
                    checked += 1
                    self.assertLessEqual(
                        end1,
                        start2,
                        f"installed at {now:%a %Y-%m-%d %H:%M} UTC, the demo books "
                        f"{self.env['hr.employee'].browse(employee_id).name} on "
                        f"{id1} until {end1} and on {id2} from {start2}",
                    )
        self.assertGreater(checked, 100)

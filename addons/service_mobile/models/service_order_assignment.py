from urllib.parse import quote_plus

from odoo import api, fields, models
from odoo.tools import html2plaintext

from .service_order import NOTIFY_STATES, WORKABLE_STATES

# a booking change that moves (or hands over) the technician's job
MOVE_FIELDS = frozenset({"date_start", "date_end", "own_hours"})


class ServiceOrderAssignment(models.Model):
    _inherit = "service.order.assignment"

    # ------------------------------------------------------------------
    # CRUD: the order's version and the technicians' notifications
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        bookings = super().create(vals_list)
        bookings.order_id._mobile_bump_version()
        planned = bookings.filtered(lambda b: b.order_id.state in NOTIFY_STATES)
        planned.order_id._mobile_notify("assigned", planned)
        return bookings

    def write(self, vals):
        keys = set(vals)
        before = {}
        if "employee_id" in keys:
            before = {booking.id: booking.employee_id for booking in self}
            # the one who loses the job is told before the booking changes
            gone = self.filtered(
                lambda b: (
                    b.order_id.state in NOTIFY_STATES
                    and b.employee_id.id != vals["employee_id"]
                )
            )
            gone.order_id._mobile_notify("unassigned", gone)
        moved_before = {}
        if keys & MOVE_FIELDS:
            moved_before = {b.id: (b.date_start, b.date_end) for b in self}
        result = super().write(vals)
        if keys & (MOVE_FIELDS | {"employee_id", "role"}):
            self.order_id._mobile_bump_version()
        if before:
            new = self.filtered(
                lambda b: (
                    b.order_id.state in NOTIFY_STATES
                    and before.get(b.id) != b.employee_id
                )
            )
            new.order_id._mobile_notify("assigned", new)
        if moved_before:
            moved = self.filtered(
                lambda b: (
                    b.order_id.state in NOTIFY_STATES
                    and moved_before.get(b.id) != (b.date_start, b.date_end)
                    and before.get(b.id, b.employee_id) == b.employee_id
                )
            )
            moved.order_id._mobile_notify("moved", moved)
        return result

    def unlink(self):
        orders = self.order_id
        gone = self.filtered(lambda b: b.order_id.state in NOTIFY_STATES)
        gone.order_id._mobile_notify("unassigned", gone)
        result = super().unlink()
        orders.exists()._mobile_bump_version()
        return result

    # ------------------------------------------------------------------
    # The jobs of My Day
    # ------------------------------------------------------------------
    def _mobile_jobs(self, employee, now):
        """{booking id: job} for the bookings ``self`` of ``employee``, in a
        constant number of queries whatever their number."""
        if not self:
            return {}
        orders = self.order_id
        # read the orders' columns for all of them at once
        orders.fetch(
            [
                "name",
                "state",
                "priority",
                "partner_name",
                "site_id",
                "contact_phone",
                "order_type_id",
                "description",
                "mobile_version",
                "signed_by",
                "resolution",
            ]
        )
        orders.site_id.fetch(
            [
                "street",
                "street2",
                "zip",
                "city",
                "country_id",
                "partner_latitude",
                "partner_longitude",
            ]
        )
        orders.order_type_id.fetch(["name", "requires_signature"])
        versions = orders._mobile_versions()
        items = orders.checklist_item_ids
        items.fetch(["name", "required", "is_done", "order_id", "sequence"])
        Timelog = self.env["service.order.timelog"]
        logs = Timelog.search_fetch(
            [("order_id", "in", orders.ids), ("employee_id", "=", employee.id)],
            ["order_id", "kind", "date_start", "date_end"],
            order="date_start, id",
        )
        Line = self.env["service.order.line"]
        lines = Line.search_fetch(
            [("order_id", "in", orders.ids), ("line_type", "=", "part")],
            Line._mobile_part_fields(),
        )
        photos = self.env["ir.attachment"].search_fetch(
            [
                ("res_model", "=", "service.order"),
                ("res_id", "in", orders.ids),
                ("res_field", "=", False),
                ("mimetype", "=like", "image/%"),
            ],
            ["name", "res_id", "create_uid"],
            order="id",
        )
        signed = {
            res_id
            for (res_id,) in self.env["ir.attachment"]
            .sudo()
            ._read_group(
                # sudo: only whether the user's own (readable) orders are
                # signed; the signature itself is not read
                [
                    ("res_model", "=", "service.order"),
                    ("res_id", "in", orders.ids),
                    ("res_field", "=", "signature"),
                ],
                ["res_id"],
            )
        }
        logs_of, lines_of, photos_of = {}, {}, {}
        for log in logs:
            logs_of.setdefault(log.order_id.id, []).append(log)
        for line in lines:
            lines_of.setdefault(line.order_id.id, []).append(line)
        for photo in photos:
            photos_of.setdefault(photo.res_id, []).append(photo)
        jobs = {}
        for booking in self:
            order = booking.order_id
            type_ = order.order_type_id
            checklist = order.checklist_item_ids.sorted(lambda i: (i.sequence, i.id))
            errors = order._check_completion() if order.state in WORKABLE_STATES else []
            jobs[booking.id] = {
                "id": order.id,
                "name": order.name,
                "booking_id": booking.id,
                "role": booking.role,
                "state": order.state,
                "priority": order.priority,
                "window_start": _dt(booking.date_start),
                "window_end": _dt(booking.date_end),
                "partner_name": order.partner_name or "",
                "phone": order.contact_phone or "",
                "address": _address(order.site_id),
                "maps_url": _maps_url(order.site_id),
                "type_name": type_.name or "",
                "description": html2plaintext(order.description or "").strip(),
                "version": versions[order.id],
                "timer": _timer(order, logs_of.get(order.id, []), now, booking.role),
                "checklist": [
                    {
                        "id": item.id,
                        "name": item.name,
                        "required": item.required,
                        "is_done": item.is_done,
                    }
                    for item in checklist
                ],
                "photos": [
                    {
                        "id": photo.id,
                        "name": photo.name,
                        # his own: he may delete it (photo_delete)
                        "mine": photo.create_uid.id == self.env.uid,
                    }
                    for photo in photos_of.get(order.id, [])
                ],
                "parts": [
                    line._mobile_part_payload() for line in lines_of.get(order.id, [])
                ],
                "requires_signature": bool(type_.requires_signature),
                "signed_by": order.signed_by or False,
                "has_signature": order.id in signed,
                "resolution": html2plaintext(order.resolution or "").strip(),
                "completion_errors": errors,
            }
        return jobs


def _dt(value):
    return fields.Datetime.to_string(value) if value else False


def _address(site):
    parts = [
        site.street,
        site.street2,
        " ".join(filter(None, (site.zip, site.city))),
        site.country_id.name,
    ]
    return ", ".join(part for part in parts if part)


def _maps_url(site):
    base = "https://www.google.com/maps/search/?api=1&query="
    if site.partner_latitude or site.partner_longitude:
        return f"{base}{site.partner_latitude},{site.partner_longitude}"
    address = _address(site)
    return f"{base}{quote_plus(address)}" if address else False


def _timer(order, logs, now, role="lead"):
    """The technician's own timer on ``order`` from his logs (date order).
    Work stopped on a job the lead has not finished (his timer was stopped
    when he started another job) is paused: he resumes or finishes it; a
    crew member's stopped work is his part done."""
    minutes = {"travel": 0.0, "work": 0.0}
    running = None
    for log in logs:
        end = log.date_end or now
        if log.kind in minutes:
            minutes[log.kind] += max((end - log.date_start).total_seconds(), 0) / 60
        if not log.date_end:
            running = log
    if order.state in ("done", "cancelled"):
        mode = "done"
    elif running:
        mode = {"travel": "travel", "work": "work", "break": "paused"}[running.kind]
    elif any(log.kind == "work" for log in logs):
        mode = "paused" if role == "lead" else "done"
    else:
        mode = "idle"
    return {
        "mode": mode,
        "since": _dt(running.date_start) if running else False,
        # to the second (a 40-second drive is not "0:00:00" on the phone)
        "travel_minutes": round(minutes["travel"], 2),
        "work_minutes": round(minutes["work"], 2),
    }

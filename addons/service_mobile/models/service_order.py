"""The technician's phone: My Day and the offline queue's actions.

``mobile_my_day`` serves the day in a constant number of queries;
``mobile_apply`` replays the phone's queue in order, each action under its
idempotency key (``service.mobile.action``), refused when stale (the order
changed since the phone read it) and inside a savepoint of its own. See
CONTRACT.md for the shapes.
"""

import base64
import binascii
import logging
from datetime import datetime, time, timedelta

import psycopg2
import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools import SQL, plaintext2html
from odoo.tools.image import base64_to_image

from odoo.addons.service_order.models.service_order_timelog import FUTURE_TOLERANCE
from odoo.addons.service_order.tools.input_guard import (
    clean_date,
    clean_datetime,
    clean_float,
    clean_id,
    clean_str,
    ensure_one,
)

_logger = logging.getLogger(__name__)

# My Day shows the orders in these states (done: finished today)
DAY_STATES = ("scheduled", "dispatched", "in_progress", "done")
# a job the technician can still work on
WORKABLE_STATES = ("dispatched", "in_progress")
# how far back "unfinished" looks, and forward "next first job"
UNFINISHED_DAYS = 7
NEXT_DAYS = 14
MAX_ACTIONS = 200
MAX_KEY = 64
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_MIMETYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
MAX_QTY = 1e6

# a change of these by someone else makes the phone's copy of the order stale
VERSION_FIELDS = frozenset(
    {
        "date_scheduled_start",
        "date_scheduled_end",
        "duration",
        "technician_id",
        "crew_ids",
        "assignment_ids",
        "active",
        "partner_id",
        "site_id",
        "order_type_id",
    }
)
# the moves of the planning (not the technician's start and completion)
# (dispatching releases the job to the technician as planned: no change)
VERSION_STATES = frozenset({"new", "scheduled", "cancelled"})
# the order's schedule: a change moves the technicians' jobs
SCHEDULE_FIELDS = frozenset({"date_scheduled_start", "date_scheduled_end", "duration"})
# the states in which a technician is told about his jobs
NOTIFY_STATES = ("scheduled", "dispatched", "in_progress")

MOBILE_START_CTX = "service_mobile_start"
NOTIFY_PRECOMMIT_KEY = "service_mobile.notifications"
# the unique index of the applied keys (service.mobile.action)
KEY_CONSTRAINT = "service_mobile_action_key_user_uniq"


# precommit key of the orders whose mobile version is to be bumped
VERSION_PENDING = "service_mobile.version_pending"


class _MobileStart:
    """The lead's ``arrive`` starting an order: only the lead's work log
    opens, at the moment he tapped (the crew tap their own). A Python object:
    no client can send it in a context."""

    def __init__(self, employee_id, moment):
        self.employee_id = employee_id
        self.moment = moment


class StaleActionError(UserError):
    """The order changed since the phone read it."""


class ServiceOrder(models.Model):
    _inherit = "service.order"

    mobile_version = fields.Integer(
        default=1,
        readonly=True,
        copy=False,
        help="Increases when the order is rescheduled, reassigned, cancelled "
        "or its checklist changes: a phone's action read from an older version "
        "is refused instead of overwriting newer data.",
    )
    job_order_id = fields.Many2one(
        "service.order",
        string="Job (First Visit)",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
        help="The first visit of the job this visit belongs to.",
    )
    visit_ids = fields.Many2many(
        "service.order",
        string="Visits of the Job",
        compute="_compute_visit_ids",
    )
    visit_count = fields.Integer(compute="_compute_visit_ids")
    return_reason = fields.Char(
        readonly=True,
        copy=False,
        help="Why the previous visit of the job asked for this one.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("job_order_id")
    def _compute_visit_ids(self):
        roots = self.browse(
            {(order.job_order_id or order)._origin.id for order in self}
        )
        roots = roots.filtered("id")
        children = self.search(
            [("job_order_id", "in", roots.ids)], order="date_received, id"
        )
        by_root = {root.id: root for root in roots}
        for child in children:
            by_root[child.job_order_id.id] |= child
        for order in self:
            root_id = (order.job_order_id or order)._origin.id
            visits = by_root.get(root_id, self.browse())
            # a job of one visit lists nothing
            order.visit_ids = visits if len(visits) > 1 else self.browse()
            order.visit_count = len(order.visit_ids)

    # ------------------------------------------------------------------
    # CRUD: the version, the technicians' notifications
    # ------------------------------------------------------------------
    def write(self, vals):
        keys = set(vals)
        state = vals.get("state")
        bump = bool(keys & VERSION_FIELDS) or (
            isinstance(state, str) and state in VERSION_STATES
        )
        before = {}
        if keys & SCHEDULE_FIELDS:
            before = {
                order.id: (order.date_scheduled_start, order.date_scheduled_end)
                for order in self
            }
        old_states = (
            {order.id: order.state for order in self} if "state" in keys else {}
        )
        result = super().write(vals)
        if bump:
            self._mobile_bump_version()
        if before:
            moved = self.filtered(
                lambda order: (
                    order.state in NOTIFY_STATES
                    and before.get(order.id)
                    != (order.date_scheduled_start, order.date_scheduled_end)
                )
            )
            moved._mobile_notify("moved", moved.assignment_ids)
        if old_states and state in ("cancelled", "scheduled", "new"):
            changed = self.filtered(
                lambda order: old_states.get(order.id) != order.state
            )
            if state == "cancelled":
                changed = changed.filtered(
                    lambda order: old_states[order.id] in NOTIFY_STATES
                )
                changed._mobile_notify("cancelled", changed.assignment_ids)
            elif state == "scheduled":
                changed._mobile_notify("assigned", changed.assignment_ids)
            else:
                changed = changed.filtered(
                    lambda order: old_states[order.id] in NOTIFY_STATES
                )
                changed._mobile_notify("unassigned", changed.assignment_ids)
        return result

    def _mobile_bump_version(self):
        """One more version for ``self``, written once per transaction.

        The orders are gathered until the transaction's commit and then
        bumped in one UPDATE: a caller writing orders one by one (the
        auto-dispatch's Apply) costs no query per order. A job changed
        several times in one transaction is bumped once, which is all a phone
        needs to know that its copy is stale. Read the version with
        ``_mobile_versions``, which counts the pending bump."""
        ids = [order_id for order_id in self._ids if isinstance(order_id, int)]
        if not ids:
            return
        cr = self.env.cr
        pending = cr.precommit.data.get(VERSION_PENDING)
        if pending is None:
            pending = cr.precommit.data[VERSION_PENDING] = set()
            cr.precommit.add(self.browse()._mobile_flush_versions)
        pending.update(ids)

    def _mobile_versions(self):
        """{order id: version}, the bump pending in this transaction included
        (the version the order has once committed)."""
        pending = self.env.cr.precommit.data.get(VERSION_PENDING) or ()
        return {
            order.id: order.mobile_version + (1 if order.id in pending else 0)
            for order in self
        }

    def _mobile_flush_versions(self):
        """Write the pending version bumps (one UPDATE), at commit. A bump
        whose write was rolled back with a savepoint still counts: one
        version too many only makes a phone reload."""
        pending = self.env.cr.precommit.data.pop(VERSION_PENDING, None)
        if not pending:
            return
        self.env.cr.execute(
            SQL(
                "UPDATE service_order SET mobile_version = "
                "COALESCE(mobile_version, 0) + 1 WHERE id IN %s",
                tuple(sorted(pending)),
            )
        )
        self.browse(pending).invalidate_recordset(["mobile_version"])

    # ------------------------------------------------------------------
    # Notifications
    # ------------------------------------------------------------------
    def _mobile_notify(self, reason, bookings):
        """Tell the technicians of ``bookings`` (orders of ``self``) that
        their job was ``reason`` (assigned / moved / cancelled / unassigned):
        gathered for the transaction and sent once at commit, one bus message
        (and one e-mail when they want it) per technician and reason; the
        author of the change is not told."""
        if not bookings:
            return
        # sudo: the users of the booked employees, to tell them; a dispatcher
        # may not read hr.employee's private fields
        users = bookings.sudo().employee_id.user_id - self.env.user
        if not users:
            return
        pending = self.env.cr.precommit.data.setdefault(NOTIFY_PRECOMMIT_KEY, {})
        if not pending:
            env = self.env
            self.env.cr.precommit.add(
                lambda: env["service.order"]._mobile_send_notifications()
            )
        for booking in bookings.sudo():
            user = booking.employee_id.user_id
            if user and user in users:
                pending.setdefault((user.id, reason), set()).add(booking.order_id.id)

    @api.model
    def _mobile_send_notifications(self):
        pending = self.env.cr.precommit.data.pop(NOTIFY_PRECOMMIT_KEY, {})
        if not pending:
            return
        # sudo: a system message to each technician about his own jobs
        Users = self.env["res.users"].sudo()
        orders = (
            self.sudo()
            .with_context(active_test=False)
            .browse({order_id for ids in pending.values() for order_id in ids})
        )
        orders = orders.exists()
        mails = []
        for (user_id, reason), order_ids in sorted(pending.items()):
            user = Users.browse(user_id)
            jobs = orders.filtered(lambda order, ids=order_ids: order.id in ids)
            if not jobs:
                continue
            user = user.with_context(lang=user.lang)
            title, message = jobs.with_env(user.env)._mobile_notification_text(
                reason, user
            )
            user.partner_id._bus_send(
                "service_mobile/day_changed",
                {"order_ids": jobs.ids, "reason": reason},
            )
            user.partner_id._bus_send(
                "simple_notification",
                {"title": title, "message": message, "type": "info", "sticky": False},
            )
            if user.service_job_notify_email and user.partner_id.email:
                mails.append(
                    {
                        "subject": title,
                        "body_html": plaintext2html(message),
                        "recipient_ids": [fields.Command.link(user.partner_id.id)],
                        "auto_delete": True,
                        "model": self._name,
                        "res_id": jobs[:1].id,
                    }
                )
        if mails:
            self.env["mail.mail"].sudo().create(mails)

    def _mobile_notification_text(self, reason, user):
        """(title, message) telling ``user`` about his jobs ``self``."""
        env = user.env
        tz = user.tz or "UTC"
        lines = []
        for order in self:
            start = order.date_scheduled_start
            when = (
                fields.Datetime.context_timestamp(
                    order.with_context(tz=tz), start
                ).strftime("%Y-%m-%d %H:%M")
                if start
                else env._("not scheduled")
            )
            lines.append(f"{order.name} - {order.partner_name or ''} ({when})".strip())
        names = ", ".join(self.mapped("name"))
        titles = {
            "assigned": env._("New job: %(orders)s", orders=names),
            "moved": env._("Job moved: %(orders)s", orders=names),
            "cancelled": env._("Job cancelled: %(orders)s", orders=names),
            "unassigned": env._("Job taken off your day: %(orders)s", orders=names),
        }
        title = titles.get(reason, names)
        return title, "\n".join([title, *lines])

    # ------------------------------------------------------------------
    # Lifecycle hooks
    # ------------------------------------------------------------------
    def _prepare_start_timelog_values(self, now):
        start = self.env.context.get(MOBILE_START_CTX)
        if isinstance(start, _MobileStart):
            # the lead's arrive from the phone: his own log, when he tapped
            return [
                {
                    "order_id": order.id,
                    "employee_id": start.employee_id,
                    "kind": "work",
                    "date_start": start.moment,
                }
                for order in self
            ]
        return super()._prepare_start_timelog_values(now)

    # ------------------------------------------------------------------
    # Return visits
    # ------------------------------------------------------------------
    def action_return_visit(self, reason=None):
        """The job needs another visit (waiting for parts, a second day of
        work): complete this visit (with the completion checks, as the
        caller) and create the next one of the same job, pre-filled,
        unassigned, in the dispatcher's queue with the reason."""
        ensure_one(self)
        reason = clean_str(reason, _("Reason"), max_length=1000, env=self.env)
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                _("Say why %(order)s needs a return visit.", order=self.name)
            )
        self._mobile_check_lead(_("ask for a return visit"))
        values = self._prepare_return_visit_values(reason)
        self.action_complete()
        # sudo: technicians do not create orders; the next visit is a copy of
        # the visit the caller just completed (checked above), new and
        # unassigned, for the dispatcher to plan
        visit_sudo = self.sudo().create(values)
        dispatcher = self.sudo().user_id
        self.message_post(
            body=_(
                "Return visit %(visit)s asked by %(user)s: %(reason)s",
                visit=visit_sudo.name,
                user=self.env.user.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        visit_sudo.message_post(
            body=_(
                "Return visit of %(order)s: %(reason)s", order=self.name, reason=reason
            ),
            subtype_xmlid="mail.mt_note",
        )
        if dispatcher:
            visit_sudo.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Plan the return visit %(visit)s", visit=visit_sudo.name),
                note=plaintext2html(reason),
                user_id=dispatcher.id,
            )
        return visit_sudo.with_env(self.env)

    def _get_return_visit_copy_fields(self):
        """Fields the next visit of a job copies (extension point)."""
        return [
            fname
            for fname in (
                "partner_id",
                "site_id",
                "order_type_id",
                "priority",
                "description",
                "required_skill_ids",
                "contact_name",
                "contact_phone",
                "equipment_ids",
                "user_id",
                "company_id",
            )
            if fname in self._fields
        ]

    def _prepare_return_visit_values(self, reason):
        self.ensure_one()
        order = self.sudo()
        values = order._convert_to_write(
            {fname: order[fname] for fname in self._get_return_visit_copy_fields()}
        )
        undone = order.checklist_item_ids.filtered(lambda item: not item.is_done)
        values.update(
            job_order_id=(order.job_order_id or order).id,
            return_reason=reason,
            channel=order.channel,
            checklist_item_ids=[
                fields.Command.create(
                    {
                        "name": item.name,
                        "required": item.required,
                        "sequence": item.sequence,
                    }
                )
                for item in undone
            ],
        )
        return values

    def action_view_visits(self):
        ensure_one(self)
        return self._get_orders_action(
            [("id", "in", (self.visit_ids or self).ids)], {"create": False}
        )

    # ------------------------------------------------------------------
    # My Day
    # ------------------------------------------------------------------
    @api.model
    def _mobile_employee(self):
        # sudo: the user's own employee record (technicians read employees
        # through hr.employee.public only)
        return self.env.user.sudo().employee_id

    @api.model
    def _mobile_day_bounds(self, day):
        """(start, end) in naive UTC of ``day`` in the user's time zone."""
        try:
            tz = pytz.timezone(self.env.user.tz or "UTC")
        except pytz.UnknownTimeZoneError:
            tz = pytz.utc
        start = tz.localize(datetime.combine(day, time.min))
        end = tz.localize(datetime.combine(day + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    @api.model
    def _mobile_today(self):
        return fields.Date.context_today(self.with_context(tz=self.env.user.tz))

    @api.model
    def mobile_my_day(self, day=None):
        """The technician's day (see CONTRACT.md)."""
        day = clean_date(day, _("Day"), env=self.env) or self._mobile_today()
        employee = self._mobile_employee()
        now = fields.Datetime.now()
        result = {
            "server_time": fields.Datetime.to_string(now),
            "day": fields.Date.to_string(day),
            "technician": {"id": employee.id, "name": employee.name}
            if employee
            else False,
            "jobs": [],
            "unfinished": [],
            "next_first": False,
            "extras": {},
        }
        if not employee:
            return result
        start, end = self._mobile_day_bounds(day)
        Booking = self.env["service.order.assignment"]
        base = [
            ("employee_id", "=", employee.id),
            ("order_id.active", "=", True),
        ]
        today = Booking.search(
            [
                *base,
                ("order_id.state", "in", DAY_STATES),
                ("date_start", ">=", start),
                ("date_start", "<", end),
            ],
            order="date_start, id",
        )
        unfinished = Booking.search(
            [
                *base,
                ("order_id.state", "in", WORKABLE_STATES),
                ("date_start", ">=", start - timedelta(days=UNFINISHED_DAYS)),
                ("date_start", "<", start),
            ],
            order="date_start, id",
        )
        next_first = Booking.search(
            [
                *base,
                ("order_id.state", "in", ("scheduled", "dispatched")),
                ("date_start", ">=", end),
                ("date_start", "<", end + timedelta(days=NEXT_DAYS)),
            ],
            order="date_start, id",
            limit=1,
        )
        jobs = (today | unfinished | next_first)._mobile_jobs(employee, now)
        result.update(
            jobs=[jobs[booking.id] for booking in today],
            unfinished=[jobs[booking.id] for booking in unfinished],
            next_first=jobs[next_first.id] if next_first else False,
            extras=self._mobile_day_extras(employee),
        )
        return result

    @api.model
    def _mobile_day_extras(self, employee):
        """Hook: more of the technician's day for the phone, by key
        (service_mobile_stock: his van's contents), in a constant number of
        queries; cached with the day for offline use."""
        return {}

    def _mobile_job(self, employee=None, now=None):
        """The job of ``self`` (one order) for the current user."""
        self.ensure_one()
        employee = employee or self._mobile_employee()
        booking = self.assignment_ids.filtered(
            lambda booking: booking.employee_id == employee
        )[:1]
        if not booking:
            return False
        return booking._mobile_jobs(employee, now or fields.Datetime.now())[booking.id]

    # ------------------------------------------------------------------
    # The offline queue
    # ------------------------------------------------------------------
    @api.model
    def mobile_apply(self, actions=None):
        """Apply the phone's queued ``actions`` in order (see CONTRACT.md)."""
        if not isinstance(actions, list):
            raise UserError(_("The actions to apply must be given as a list."))
        if len(actions) > MAX_ACTIONS:
            raise UserError(
                _(
                    "At most %(max)s actions at a time: send the rest after.",
                    max=MAX_ACTIONS,
                )
            )
        if not self.env.user.has_group("service_order.group_service_technician"):
            raise AccessError(_("Only field technicians apply actions from My Day."))
        employee = self._mobile_employee()
        results = []
        for action in actions:
            results.append(self._mobile_apply_one(action, employee))
        return results

    @api.model
    def _mobile_apply_one(self, action, employee):
        key = action.get("key") if isinstance(action, dict) else None
        result = {"key": key if isinstance(key, str) else False, "job": False}
        try:
            parsed = self._mobile_parse_action(action)
        except (UserError, ValidationError) as exc:
            return dict(result, status="refused", message=_error_text(exc))
        key = parsed["key"]
        Applied = self.env["service.mobile.action"]
        if Applied.search_count([("user_id", "=", self.env.uid), ("key", "=", key)]):
            return dict(
                result,
                status="duplicate",
                message=_("Already applied."),
                job=self._mobile_job_or_false(parsed["order_id"], employee),
            )
        try:
            with self.env.cr.savepoint():
                order = self._mobile_apply_checked(parsed, employee)
        except StaleActionError as exc:
            return dict(
                result,
                status="stale",
                message=_error_text(exc),
                job=self._mobile_job_or_false(parsed["order_id"], employee),
            )
        except psycopg2.IntegrityError as exc:
            duplicate = exc.diag.constraint_name == KEY_CONSTRAINT
            return dict(
                result,
                # the same key applied meanwhile by another request of the user
                status="duplicate" if duplicate else "refused",
                message=_("Already applied.")
                if duplicate
                else _("This action could not be saved: %(error)s", error=exc.pgerror),
                job=self._mobile_job_or_false(parsed["order_id"], employee),
            )
        except (UserError, ValidationError, AccessError, MissingError) as exc:
            return dict(
                result,
                status="refused",
                message=_error_text(exc),
                job=self._mobile_job_or_false(parsed["order_id"], employee),
            )
        return dict(
            result,
            status="done",
            message="",
            job=order._mobile_job(employee) if order.exists() else False,
        )

    @api.model
    def _mobile_job_or_false(self, order_id, employee):
        order = self.browse(order_id).exists()
        if not order or not order._filtered_access("read"):
            return False
        return order._mobile_job(employee)

    @api.model
    def _mobile_parse_action(self, action):
        """The action in its clean shape, or a clean error."""
        env = self.env
        if not isinstance(action, dict):
            raise UserError(_("An action must be a dictionary."))
        key = action.get("key")
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY:
            raise UserError(
                _(
                    "An action needs a key (a text of at most %(max)s characters).",
                    max=MAX_KEY,
                )
            )
        kind = action.get("type")
        if not isinstance(kind, str) or kind not in self._mobile_handlers():
            raise UserError(_("Unknown action %(type)s.", type=repr(kind)[:40]))
        order_id = clean_id(
            action.get("order_id"), _("Order"), allow_empty=False, env=env
        )
        version = action.get("version")
        if version.__class__ is not int:
            raise UserError(
                _("An action needs the version of the order it was read from.")
            )
        at = clean_datetime(action.get("at"), _("Time"), env=env)
        payload = action.get("payload") or {}
        if not isinstance(payload, dict):
            raise UserError(_("The payload of an action must be a dictionary."))
        return {
            "key": key.strip(),
            "type": kind,
            "order_id": order_id,
            "version": version,
            "at": at,
            "payload": payload,
        }

    @api.model
    def _mobile_handlers(self):
        """Action type -> method name (extension point)."""
        return {
            "start_travel": "_mobile_do_start_travel",
            "arrive": "_mobile_do_arrive",
            "pause": "_mobile_do_pause",
            "resume": "_mobile_do_resume",
            "finish": "_mobile_do_finish",
            "checklist": "_mobile_do_checklist",
            "photo": "_mobile_do_photo",
            "photo_delete": "_mobile_do_photo_delete",
            "part": "_mobile_do_part",
            "note": "_mobile_do_note",
            "extra_work": "_mobile_do_extra_work",
            "signature": "_mobile_do_signature",
            "return_visit": "_mobile_do_return_visit",
        }

    @api.model
    def _mobile_apply_checked(self, parsed, employee):
        order = self.browse(parsed["order_id"]).exists()
        if not order:
            raise MissingError(_("This service order no longer exists."))
        if not order._filtered_access("read"):
            # reassigned to a colleague (or never his): nothing to name
            raise StaleActionError(
                _("This job is no longer yours (reassigned or removed): reload My Day.")
            )
        if not employee:
            raise AccessError(
                _("Your user has no employee: ask a manager to link one.")
            )
        booking = order.assignment_ids.filtered(
            lambda booking: booking.employee_id == employee
        )
        if not booking:
            raise StaleActionError(
                _("%(order)s is no longer assigned to you.", order=order.name)
            )
        if order._mobile_versions()[order.id] != parsed["version"]:
            raise StaleActionError(
                _(
                    "%(order)s was changed by the office since you read it "
                    "(rescheduled, reassigned, cancelled or its checklist "
                    "changed): reload it and try again.",
                    order=order.name,
                )
            )
        # the key, in the action's savepoint: a concurrent request with the
        # same key waits on the unique index, then fails (duplicate) when
        # this one commits. sudo: no client creates these records (no create
        # right: a forged one could burn a key or fake an audit line); this
        # one is the current user's (``user_id`` defaults to him, sudo keeps
        # the user) for an order he is booked on, checked above
        self.env["service.mobile.action"].sudo().create(
            {
                "key": parsed["key"],
                "order_id": order.id,
                "action_type": parsed["type"],
                "date_action": parsed["at"] or fields.Datetime.now(),
            }
        )
        at = order._mobile_clamp(employee, parsed["at"])
        handler = getattr(order, self._mobile_handlers()[parsed["type"]])
        handler(employee, booking, at, parsed["payload"])
        return order

    def _mobile_my_logs(self, employee):
        return self.timelog_ids.filtered(lambda log: log.employee_id == employee)

    def _mobile_clamp(self, employee, at):
        """``at`` (the tap, offline too) within [the last event of the
        technician on this order, now + FUTURE_TOLERANCE]."""
        now = fields.Datetime.now()
        at = at or now
        events = [
            moment
            for log in self._mobile_my_logs(employee)
            for moment in (log.date_start, log.date_end)
            if moment
        ]
        if events:
            at = max(at, max(events))
        return min(at, now + FUTURE_TOLERANCE)

    def _mobile_check_workable(self):
        if self.state not in WORKABLE_STATES:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "%(order)s is %(state)s: it cannot be worked on.",
                    order=self.name,
                    state=labels[self.state],
                )
            )

    def _mobile_check_lead(self, label):
        """Only the lead (or a dispatcher) completes the order."""
        if self.env.su or self.env.user.has_group(
            "service_order.group_service_dispatcher"
        ):
            return
        employee = self._mobile_employee()
        if not employee or self.technician_id != employee:
            raise AccessError(
                _(
                    "Only the lead technician of %(order)s can %(action)s.",
                    order=self.name,
                    action=label,
                )
            )

    def _mobile_open_log(self, employee):
        return self._mobile_my_logs(employee).filtered(lambda log: not log.date_end)

    def _mobile_new_log(self, employee, kind, at):
        # one place at a time: what still runs on another job of his (he
        # forgot to pause it) ends where this one starts, instead of refusing
        # every tap on both jobs as overlapping time
        Timelog = self.env["service.order.timelog"]
        elsewhere = Timelog.search(
            [
                ("employee_id", "=", employee.id),
                ("date_end", "=", False),
                ("order_id", "!=", self.id),
            ]
        )
        for log in elsewhere:
            end = max(at, log.date_start)
            log.write({"date_end": end})
            at = max(at, end)
        if elsewhere:
            self.message_post(
                body=_(
                    "%(technician)s started here while the time log on "
                    "%(orders)s was still running: it was stopped.",
                    technician=employee.name,
                    orders=", ".join(elsewhere.order_id.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return Timelog.create(
            {
                "order_id": self.id,
                "employee_id": employee.id,
                "kind": kind,
                "date_start": at,
            }
        )

    def _mobile_do_start_travel(self, employee, booking, at, payload):
        self._mobile_check_workable()
        running = self._mobile_open_log(employee)
        if running:
            raise UserError(
                _(
                    "Your %(kind)s on %(order)s is already running.",
                    kind=running[:1]._mobile_kind_label(),
                    order=self.name,
                )
            )
        self._mobile_new_log(employee, "travel", at)

    def _mobile_do_arrive(self, employee, booking, at, payload):
        self._mobile_check_workable()
        running = self._mobile_open_log(employee)
        travel = running.filtered(lambda log: log.kind == "travel")
        if running - travel:
            raise UserError(_("You are already on site on %(order)s.", order=self.name))
        travel.write({"date_end": at})
        if self.state == "dispatched" and booking.role == "lead":
            self.with_context(
                **{MOBILE_START_CTX: _MobileStart(employee.id, at)}
            ).action_start()
            # the response time is met when he arrived, even replayed later
            self._write_lifecycle({"date_started": at})
        else:
            self._mobile_new_log(employee, "work", at)

    def _mobile_do_pause(self, employee, booking, at, payload):
        work = self._mobile_open_log(employee).filtered(lambda log: log.kind == "work")
        if not work:
            raise UserError(_("You are not working on %(order)s.", order=self.name))
        work.write({"date_end": at})
        self._mobile_new_log(employee, "break", at)

    def _mobile_do_resume(self, employee, booking, at, payload):
        running = self._mobile_open_log(employee)
        pause = running.filtered(lambda log: log.kind == "break")
        # paused, or his work stopped when he started another job (nothing
        # runs here, he worked here before): back to work
        stopped = not running and any(
            log.kind == "work" for log in self._mobile_my_logs(employee)
        )
        if not pause and not stopped:
            raise UserError(_("%(order)s is not paused.", order=self.name))
        pause.write({"date_end": at})
        self._mobile_new_log(employee, "work", at)

    def _mobile_do_finish(self, employee, booking, at, payload):
        self._mobile_check_workable()
        running = self._mobile_open_log(employee)
        if not running and booking.role != "lead":
            raise UserError(_("You are not working on %(order)s.", order=self.name))
        running.write({"date_end": at})
        if booking.role != "lead":
            return
        if self.state != "in_progress":
            raise UserError(
                _("%(order)s was not started: tap Arrived first.", order=self.name)
            )
        # the crew's time ends with the job, when the lead finished it (not
        # when the phone got signal back)
        crew_logs = self.timelog_ids.filtered(lambda log: not log.date_end)
        for log in crew_logs:
            log.with_context(**self._state_write_context()).write(
                {"date_end": max(at, log.date_start)}
            )
        self.action_complete()
        self._write_lifecycle({"date_done": max(at, self.date_started or at)})

    def _mobile_do_checklist(self, employee, booking, at, payload):
        item_id = clean_id(
            payload.get("item_id"), _("Checklist item"), allow_empty=False, env=self.env
        )
        done = clean_bool(payload.get("done"), _("Done"), env=self.env)
        item = self.checklist_item_ids.filtered(lambda item: item.id == item_id)
        if not item:
            raise StaleActionError(
                _(
                    "This checklist item is no longer on %(order)s: reload it.",
                    order=self.name,
                )
            )
        item.write({"is_done": done})

    def _mobile_do_photo(self, employee, booking, at, payload):
        self._mobile_check_workable()
        name = clean_str(payload.get("name"), _("Name"), max_length=255, env=self.env)
        mimetype = payload.get("mimetype")
        if mimetype not in PHOTO_MIMETYPES:
            raise ValidationError(_("A photo must be a JPEG, PNG, WebP or GIF image."))
        data = payload.get("data")
        if not isinstance(data, str) or not data:
            raise ValidationError(_("The photo has no picture."))
        if len(data) > MAX_PHOTO_BYTES * 4 // 3 + 4:
            raise ValidationError(_("A photo is at most 10 MB."))
        try:
            base64.b64decode(data, validate=True)
            base64_to_image(data)
        except (binascii.Error, ValueError, UserError) as exc:
            raise ValidationError(_("The photo is not a readable image.")) from exc
        extension = mimetype.split("/")[1].replace("jpeg", "jpg")
        self.env["ir.attachment"].create(
            {
                "name": (name or "").strip() or f"{self.name}-photo.{extension}",
                "mimetype": mimetype,
                "datas": data,
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    def _mobile_do_photo_delete(self, employee, booking, at, payload):
        """Delete a photo of the job (a blurred or wrong one) while the job
        is open; a technician deletes only those he took (service_order's
        rule on ``ir.attachment``). A photo already gone (deleted from
        another phone) is not an error."""
        self._mobile_check_workable()
        photo_id = clean_id(
            payload.get("photo_id"), _("Photo"), allow_empty=False, env=self.env
        )
        photo = self.env["ir.attachment"].search(
            [
                ("id", "=", photo_id),
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("res_field", "=", False),
                ("mimetype", "=like", "image/%"),
            ]
        )
        if not photo:
            return
        name = photo.name
        # a technician's own photos only: service_order's rule on the
        # attachments (the same from the phone as by RPC)
        photo.unlink()
        self.message_post(
            body=_(
                "%(technician)s deleted the photo %(photo)s.",
                technician=employee.name,
                photo=name,
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _mobile_do_part(self, employee, booking, at, payload):
        self._mobile_check_workable()
        product_id = clean_id(
            payload.get("product_id"), _("Product"), allow_empty=False, env=self.env
        )
        qty = clean_float(
            payload.get("qty"), _("Quantity"), minimum=0, maximum=MAX_QTY, env=self.env
        )
        if not qty or qty <= 0:
            raise ValidationError(_("A part used needs a quantity above zero."))
        product = self.env["product.product"].browse(product_id).exists()
        if not product:
            raise ValidationError(_("This product does not exist."))
        product.check_access("read")
        if product.type == "service":
            raise ValidationError(
                _("%(product)s is a service, not a part.", product=product.display_name)
            )
        self._mobile_check_part(employee, product, qty, payload)
        line = self._mobile_find_part_line(employee, product, payload)
        if line:
            line.write(self._mobile_prepare_part_write(employee, line, qty, payload))
        else:
            self.env["service.order.line"].create(
                self._mobile_prepare_part_line(employee, product, qty, payload)
            )

    def _mobile_check_part(self, employee, product, qty, payload):
        """Hook: refuse a part used (raise a UserError / ValidationError);
        service_mobile_stock checks the lot or serial from the van."""

    def _mobile_find_part_line(self, employee, product, payload):
        """Hook: the order's line that a part used adds to (empty: a new
        line, of ``_mobile_prepare_part_line``)."""
        return self.line_ids.filtered(
            lambda line: line.product_id == product and line.line_type == "part"
        )[:1]

    def _mobile_prepare_part_write(self, employee, line, qty, payload):
        """Hook: the write on the line a part used adds to."""
        return {"qty_used": line.qty_used + qty}

    def _mobile_prepare_part_line(self, employee, product, qty, payload):
        """Hook: the values of a new line for a part used."""
        return {
            "order_id": self.id,
            "product_id": product.id,
            "qty_planned": 0.0,
            "qty_used": qty,
        }

    def _mobile_do_note(self, employee, booking, at, payload):
        self._mobile_check_workable()
        text = clean_str(
            payload.get("resolution"), _("Resolution"), max_length=100000, env=self.env
        )
        self.write({"resolution": plaintext2html(text) if text else False})

    def _mobile_do_extra_work(self, employee, booking, at, payload):
        self._mobile_check_workable()
        note = clean_str(
            payload.get("note"), _("Extra work"), max_length=10000, env=self.env
        )
        note = (note or "").strip()
        if not note:
            raise ValidationError(_("Describe the extra work you found."))
        followup = clean_bool(payload.get("followup"), _("Follow-up"), env=self.env)
        self.message_post(
            body=plaintext2html(_("Extra work found: %(note)s", note=note)),
            subtype_xmlid="mail.mt_note",
        )
        if followup:
            self._mobile_create_followup(note)

    def _mobile_create_followup(self, note):
        """A new order for the extra work, unassigned, for the dispatcher."""
        order = self.sudo()
        values = order._convert_to_write(
            {
                fname: order[fname]
                for fname in (
                    "partner_id",
                    "site_id",
                    "order_type_id",
                    "company_id",
                    "user_id",
                )
            }
        )
        values.update(
            followup_of_id=order.id,
            description=plaintext2html(note),
            channel=order.channel,
        )
        # sudo: technicians do not create orders; the follow-up copies the
        # customer of the order he works on (checked by the caller) and his
        # note, new and unassigned, for the dispatcher to plan
        followup = order.create(values)
        if order.user_id:
            followup.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Extra work found on %(order)s", order=order.name),
                note=plaintext2html(note),
                user_id=order.user_id.id,
            )
        return followup

    def _mobile_do_signature(self, employee, booking, at, payload):
        self._mobile_check_workable()
        image = payload.get("image")
        if not isinstance(image, str) or not image:
            raise ValidationError(_("The signature is empty."))
        signed_by = clean_str(
            payload.get("signed_by"), _("Signed by"), max_length=128, env=self.env
        )
        signed_by = (signed_by or "").strip()
        if not signed_by:
            raise ValidationError(_("Write the name of the person who signs."))
        if image.startswith("data:"):
            image = image.partition(",")[2]
        self.write({"signature": image, "signed_by": signed_by})

    def _mobile_do_return_visit(self, employee, booking, at, payload):
        self._mobile_check_workable()
        running = self._mobile_open_log(employee)
        running.write({"date_end": at})
        self.action_return_visit(payload.get("reason"))


def _error_text(exc):
    """The message of a clean Odoo error."""
    return str(exc.args[0]) if exc.args else str(exc)


def clean_bool(value, label, env):
    """A boolean sent by the phone (a JSON true / false)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(
            env._("%(field)s: true or false is expected.", field=label)
        )
    return value

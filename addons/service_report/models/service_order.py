import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.service_order.tools.input_guard import ensure_one

from ..utils.sampling import is_sampled

_logger = logging.getLogger(__name__)

CALLBACK_STATES = [
    ("detected", "To Review"),
    ("confirmed", "Confirmed"),
    ("cleared", "Cleared"),
]
QUALITY_STATES = [
    ("to_check", "To Check"),
    ("passed", "Passed"),
    ("failed", "Failed"),
]
# written by the server only: callback detection and review, quality checks
REPORT_STAMPS = (
    "callback_state",
    "callback_reason",
    "callback_review_uid",
    "callback_review_date",
    "quality_state",
    "quality_notes",
    "quality_uid",
    "quality_date",
    # a stored compute (state, callbacks): a KPI, never set by a client
    "is_first_time_fix",
)
# the server-side Create Callback path (action_create_callback): a Python
# object in the context, which no client can send (compared with ``is``)
_CREATE_CALLBACK_TOKEN = object()
_CREATE_CALLBACK_CTX = "service_report_create_callback"
CALLBACK_ACTIVITY = "service_report.mail_activity_type_callback"
QUALITY_ACTIVITY = "service_report.mail_activity_type_quality"


class ServiceOrder(models.Model):
    _inherit = "service.order"

    is_first_time_fix = fields.Boolean(
        string="First-Time Fix",
        compute="_compute_is_first_time_fix",
        store=True,
        # computed before the insert: no UPDATE after each create
        precompute=True,
        help="Completed, and no later order was found to be a callback for it.",
    )
    callback_state = fields.Selection(
        CALLBACK_STATES,
        string="Callback Review",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="To Review: flagged by itself as the callback of an earlier "
        "order; a dispatcher confirms or clears it.",
    )
    callback_reason = fields.Text(string="Callback Review Reason", readonly=True)
    callback_review_uid = fields.Many2one(
        "res.users", string="Callback Reviewed By", readonly=True, copy=False
    )
    callback_review_date = fields.Datetime(
        string="Callback Reviewed On", readonly=True, copy=False
    )
    quality_state = fields.Selection(
        QUALITY_STATES,
        string="Quality Check",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    quality_notes = fields.Text(readonly=True, copy=False)
    quality_uid = fields.Many2one(
        "res.users", string="Quality Checked By", readonly=True, copy=False
    )
    quality_date = fields.Datetime(
        string="Quality Checked On", readonly=True, copy=False
    )

    @api.depends("state", "callback_ids")
    def _compute_is_first_time_fix(self):
        for order in self:
            order.is_first_time_fix = order.state == "done" and not order.callback_ids

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _check_report_stamps(self, vals_list):
        """Callback and quality results are written by the review and check
        wizards (the lifecycle's token), never sent by a client."""
        if self.env.su or self._is_lifecycle_write():
            return
        stamped = sorted({f for vals in vals_list for f in vals if f in REPORT_STAMPS})
        if stamped:
            raise UserError(
                _(
                    "%(fields)s: recorded by the Review Callback and Quality "
                    "Check buttons, not written by hand.",
                    fields=", ".join(
                        self._fields[f]._description_string(self.env) for f in stamped
                    ),
                )
            )

    def _is_trusted_callback_link(self):
        """True for the server's own links: superuser (data files), the
        lifecycle (detection, review) and the Create Callback action."""
        return (
            self.env.su
            or self._is_lifecycle_write()
            or self.env.context.get(_CREATE_CALLBACK_CTX) is _CREATE_CALLBACK_TOKEN
        )

    def _callback_original(self, value):
        """The order a client names as the original (an id or a digit
        string), checked to exist; an empty record for no link."""
        if not value:
            return self.browse()
        try:
            original = self.browse(int(value)).exists()
        except (TypeError, ValueError):
            original = self.browse()
        if not original:
            raise ValidationError(
                _("Callback For: no such service order (%(value)s).", value=value)
            )
        return original

    def _check_callback_original(self, original, received):
        """A link set by hand: the original must be completed before the
        callback was received (``received``: its reception, now if unset)."""
        if not original:
            return
        if original.state != "done" or not original.date_done:
            raise UserError(
                _(
                    "%(original)s is not completed: only a completed order can "
                    "be called back.",
                    original=original.display_name,
                )
            )
        if received and original.date_done > received:
            raise UserError(
                _(
                    "%(original)s was completed after this order was received: "
                    "it cannot be its callback.",
                    original=original.display_name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_report_stamps(vals_list)
        default_callback = self.env.context.get("default_callback_of_id")
        trusted = self._is_trusted_callback_link()
        now = fields.Datetime.now()
        for vals in vals_list:
            if not isinstance(vals, dict):
                continue  # refused with a clear message by the core's create
            original_id = vals.get("callback_of_id", default_callback)
            if not original_id or "callback_state" in vals:
                continue
            if trusted:
                # created as a callback by the dispatcher's decision (the
                # Create Callback action) or by the server's data
                vals["callback_state"] = "confirmed"
                continue
            # a link set by hand goes through the review, like a detected one
            self._check_callback_original(
                self._callback_original(original_id),
                fields.Datetime.to_datetime(vals.get("date_received")) or now,
            )
            vals["callback_state"] = "detected"
        orders = super().create(vals_list)
        if not trusted:
            hand_linked = orders.filtered("callback_of_id")
            orders._detect_callbacks()
            self._notify_callbacks(hand_linked)
        else:
            orders._detect_callbacks()
        return orders

    def write(self, vals):
        self._check_report_stamps([vals])
        hand_link = "callback_of_id" in vals and not self._is_trusted_callback_link()
        if hand_link:
            vals = dict(vals)
            original = self._callback_original(vals["callback_of_id"])
            for order in self:
                if order.state in ("done", "cancelled"):
                    raise UserError(
                        _(
                            "%(order)s is closed: its callback link cannot be changed.",
                            order=order.display_name,
                        )
                    )
                if not original and order.callback_state:
                    raise UserError(
                        _(
                            "%(order)s: clear a callback with the Review "
                            "Callback button.",
                            order=order.display_name,
                        )
                    )
                self._check_callback_original(original, order.date_received)
            vals.setdefault("callback_state", "detected" if original else False)
        result = super().write(vals)
        if hand_link and vals.get("callback_of_id"):
            self._notify_callbacks(self)
        return result

    # ------------------------------------------------------------------
    # Callbacks
    # ------------------------------------------------------------------
    def _get_callback_candidates_domain(self):
        """Domain of the earlier orders the orders of ``self`` may be a callback
        for, for the whole batch (extension point: ``service_report_asset``
        adds the orders on the same units). The window and the state are
        added by the caller; the keys (``_get_callback_keys`` of the new
        order, ``_get_callback_original_keys`` of the earlier one) pair them."""
        return [
            ("site_id", "in", self.site_id.ids),
            ("order_type_id", "in", self.order_type_id.ids),
        ]

    def _get_callback_keys(self):
        """Keys of the new order ``self``: it is the callback of a completed
        order that has one of them (extension point; here the site and the
        order type)."""
        self.ensure_one()
        return {("site_type", self.site_id.id, self.order_type_id.id)}

    def _get_callback_original_keys(self):
        """Keys under which the completed order ``self`` can be called back
        (extension point)."""
        self.ensure_one()
        return {("site_type", self.site_id.id, self.order_type_id.id)}

    def _get_callback_window_bound(self):
        """The longest callback window (days) that may apply to the batch."""
        days = max(self.company_id.mapped("service_callback_days") or [0])
        type_days = self.env["service.order.type"]._get_max_callback_days(
            tuple(sorted(self.company_id.ids))
        )
        return max(days, type_days)

    def _detect_callbacks(self):
        """Flag each order of ``self`` that comes back within the window after
        a completed order as that order's callback, and notify the
        technicians of both. Constant number of queries for the batch."""
        orders = self.filtered(
            lambda o: (
                not o.callback_of_id
                and o.state != "cancelled"
                and o.date_received
                and o.order_type_id
            )
        )
        if not orders:
            return
        bound = orders._get_callback_window_bound()
        if not bound:
            return
        received = orders.mapped("date_received")
        domain = expression.AND(
            [
                orders._get_callback_candidates_domain(),
                [
                    ("state", "=", "done"),
                    ("company_id", "in", orders.company_id.ids),
                    ("date_done", ">=", min(received) - timedelta(days=bound)),
                    ("date_done", "<=", max(received)),
                    ("id", "not in", orders.ids),
                ],
            ]
        )
        # sudo: detection compares the new orders with every earlier order of
        # their companies, also those the creating user (a technician) cannot
        # read; only the link and the notification come out of it
        candidates = (
            self.env["service.order"].sudo().search(domain, order="date_done desc")
        )
        if not candidates:
            return
        # candidates by key, the latest completion first (the search's order)
        by_key = defaultdict(list)
        for original in candidates:
            for key in original._get_callback_original_keys():
                by_key[key].append(original)
        found = defaultdict(lambda: self.env["service.order"])
        for order in orders:
            best = None
            for key in order._get_callback_keys():
                for original in by_key.get(key, ()):
                    if original.company_id != order.company_id:
                        continue
                    days = original.order_type_id._get_callback_days(
                        original.company_id
                    )
                    if (
                        days
                        and original.date_done
                        <= order.date_received
                        <= original.date_done + timedelta(days=days)
                    ):
                        if best is None or original.date_done > best.date_done:
                            best = original
                        break
            if best:
                found[best.id] |= order
        for original_id, callbacks in found.items():
            callbacks._write_lifecycle(
                {"callback_of_id": original_id, "callback_state": "detected"}
            )
        self._notify_callbacks(self.browse().union(*found.values()))

    def _notify_callbacks(self, callbacks):
        """One activity per technician (with a user) of the original and of the
        callback, on the order he works on; the responsible dispatcher when
        neither has a technician with a user. One batch create."""
        if not callbacks:
            # most creates: no callback, no query (env.ref checks the type
            # exists)
            return
        activity_type = self.env.ref(CALLBACK_ACTIVITY, raise_if_not_found=False)
        if not activity_type:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        # one activity per (order, user) for the whole batch: two callbacks
        # of one original in a batch give its technician one activity naming
        # both (two would subscribe him twice to the order in one insert)
        values = {}
        # sudo: the technicians' users (the creating user may not read
        # employees' users) and the original, possibly not his order
        for callback in callbacks.sudo():
            original = callback.callback_of_id
            note = _(
                "%(callback)s came back within the callback window after "
                "%(original)s: check whether the work did not hold.",
                callback=callback.name,
                original=original.name,
            )
            targets = [
                (original, original.technician_id.user_id),
                (callback, callback.technician_id.user_id),
            ]
            if not any(user for _order, user in targets):
                targets = [(callback, callback.user_id)]
            for order, user in targets:
                if not user:
                    continue
                key = (order.id, user.id)
                if key in values:
                    values[key]["note"].append(note)
                    values[key]["summary"] = _("Possible callbacks")
                    continue
                values[key] = {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "summary": _("Possible callback: %(order)s", order=callback.name),
                    "note": [note],
                    "user_id": user.id,
                    "date_deadline": today,
                }
        for vals in values.values():
            # each note escaped, one per line
            vals["note"] = Markup("<br/>").join(vals["note"])
        if values:
            # sudo: the notified technicians may not see each other's orders;
            # quick update: no e-mail per activity (the systray shows them)
            self.env["mail.activity"].sudo().with_context(
                mail_activity_quick_update=True
            ).create(list(values.values()))

    def _ensure_one_readable(self):
        """One existing record the user may read (a method called over RPC
        with an unknown id or another company's order gets a clear error,
        not a wizard)."""
        ensure_one(self)
        if not self.exists():
            raise UserError(_("This service order does not exist any more."))
        self.check_access("read")
        return self

    def action_create_callback(self):
        """Create the callback order on the server (confirmed: the
        dispatcher's decision) and open it; a link set by hand is reviewed."""
        action = super().action_create_callback()
        self._ensure_one_readable()
        self._check_dispatcher(_("create callbacks of"))
        if self.state != "done":
            # not completed (the button is shown on done orders only): the
            # plain form, whose link is checked and reviewed like a hand-set one
            return action
        defaults = {
            key: value
            for key, value in action["context"].items()
            if key.startswith("default_")
        }
        callback = (
            self.env["service.order"]
            .with_context(**defaults, **{_CREATE_CALLBACK_CTX: _CREATE_CALLBACK_TOKEN})
            .create({})
        )
        # the defaults did their work: the form opens the created order
        return dict(action, res_id=callback.id)

    def action_review_callback(self):
        self._ensure_one_readable()
        self._check_dispatcher(_("review callbacks of"))
        return {
            "type": "ir.actions.act_window",
            "name": _("Review Callback"),
            "res_model": "service.callback.review.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    # ------------------------------------------------------------------
    # Quality checks
    # ------------------------------------------------------------------
    def action_complete(self):
        result = super().action_complete()
        self._schedule_quality_checks()
        return result

    def _is_quality_sampled(self):
        """Callbacks always; other orders by the deterministic sample of their
        type's (or company's) share under the company's seed."""
        self.ensure_one()
        if self.callback_of_id:
            return True
        share = self.order_type_id._get_quality_share(self.company_id)
        return is_sampled(self.id, self.company_id.service_quality_seed, share)

    def _schedule_quality_checks(self):
        sampled = self.filtered(
            lambda o: (
                o.state == "done" and not o.quality_state and o._is_quality_sampled()
            )
        )
        if not sampled:
            return
        sampled._write_lifecycle({"quality_state": "to_check"})
        activity_type = self.env.ref(QUALITY_ACTIVITY, raise_if_not_found=False)
        if not activity_type:
            return
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        # sudo: the technician completing the order assigns the check to the
        # order's responsible dispatcher; quick update: no e-mail per activity
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "summary": _("Quality check: %(order)s", order=order.name),
                    "user_id": (order.sudo().user_id or self.env.user).id,
                    "date_deadline": today + timedelta(days=activity_type.delay_count),
                }
                for order in sampled
            ]
        )

    def action_quality_check(self):
        self._ensure_one_readable()
        self._check_dispatcher(_("record quality checks of"))
        return {
            "type": "ir.actions.act_window",
            "name": _("Quality Check"),
            "res_model": "service.quality.check.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

"""The dispatchers' shift handoff: what the outgoing shift leaves open, with
its note, printed and sent to the next shift once."""

import logging
from datetime import timedelta

import pytz

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.service_order.models.service_order import (
    DISPATCHER_GROUP,
    OPEN_STATES,
)
from odoo.addons.service_order.tools.input_guard import clean_vals

from ..utils.shifts import ShiftError, parse_shift_hours, shift_around

_logger = logging.getLogger(__name__)

HANDOFF_TEMPLATE = "service_report.mail_template_shift_handoff"
# orders listed per section of a handoff (the counts are exact)
HANDOFF_LIST_LIMIT = 50
# set by the server only (the shift, the sending)
PROTECTED_FIELDS = frozenset(
    {
        "company_id",
        "shift_start",
        "shift_end",
        "shift_key",
        "state",
        "sent_on",
        "recipient_ids",
    }
)
# what the next shift received: locked once sent
LOCKED_WHEN_SENT = frozenset({"note", "user_id"})


class ServiceShiftHandoff(models.Model):
    _name = "service.shift.handoff"
    _description = "Shift Handoff"
    _inherit = ["mail.thread"]
    _order = "shift_end desc, id desc"
    _check_company_auto = True
    _sql_constraints = [
        (
            "shift_key_company_uniq",
            "unique (company_id, shift_key)",
            "This company already has a handoff for this shift.",
        )
    ]

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Outgoing Dispatcher",
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
    )
    shift_start = fields.Datetime(required=True, readonly=True)
    shift_end = fields.Datetime(
        required=True,
        readonly=True,
        help="The shift change: the handoff goes to the next shift then.",
    )
    shift_key = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        help="The shift change in UTC: one handoff per company and shift.",
    )
    note = fields.Html(
        string="Notes for the Next Shift",
        help="What the next shift must know: calls to return, promises made, "
        "technicians off sick...",
    )
    state = fields.Selection(
        [("draft", "Open"), ("sent", "Sent")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    sent_on = fields.Datetime(readonly=True, copy=False)
    recipient_ids = fields.Many2many(
        "res.users",
        string="Sent To",
        readonly=True,
        copy=False,
        check_company=True,
    )
    open_count = fields.Integer(compute="_compute_summary")
    unassigned_count = fields.Integer(compute="_compute_summary")
    at_risk_count = fields.Integer(string="SLA at Risk", compute="_compute_summary")
    waiting_parts_count = fields.Integer(
        string="Waiting for Parts", compute="_compute_summary"
    )

    @api.depends("company_id.name", "shift_end")
    def _compute_name(self):
        for handoff in self:
            tz = pytz.timezone(handoff.company_id._get_service_tz() or "UTC")
            end = (
                pytz.utc.localize(handoff.shift_end).astimezone(tz)
                if handoff.shift_end
                else False
            )
            handoff.name = _(
                "Handoff %(company)s %(moment)s",
                company=handoff.company_id.name or "",
                moment=end.strftime("%Y-%m-%d %H:%M") if end else "",
            )

    def _compute_summary(self):
        orders = self.env["service.order"]
        # the sections are the company's live orders: counted once per
        # company, not once per handoff
        by_company = {}
        for handoff in self:
            counts = by_company.get(handoff.company_id)
            if counts is None:
                counts = by_company[handoff.company_id] = {
                    key: orders.search_count(domain)
                    for key, domain in handoff._get_section_domains().items()
                }
            handoff.open_count = counts["open"]
            handoff.unassigned_count = counts["unassigned"]
            handoff.at_risk_count = counts["at_risk"]
            handoff.waiting_parts_count = counts["waiting_parts"]

    # ------------------------------------------------------------------
    # CRUD: the shift and the sending are the server's
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # values of the ORM's shapes only (a float id is a clean error)
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        if not self.env.su:
            self.env["service.order"]._check_dashboard_access()
            if any(PROTECTED_FIELDS.intersection(vals) for vals in vals_list):
                raise AccessError(
                    _(
                        "A shift handoff is opened from the Shift Handoff menu: "
                        "its shift and its sending are set by the server."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        if not self.env.su and PROTECTED_FIELDS.intersection(vals):
            raise AccessError(
                _(
                    "The shift of a handoff and its sending are set by the "
                    "server: use the Send button."
                )
            )
        if (
            not self.env.su
            and LOCKED_WHEN_SENT.intersection(vals)
            and any(handoff.state == "sent" for handoff in self)
        ):
            raise UserError(
                _(
                    "This shift handoff was sent: its note and its author are "
                    "what the next shift received. Write what changed in the "
                    "chatter or in the current shift's handoff."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Sections
    # ------------------------------------------------------------------
    def _get_section_domains(self):
        """The orders of each section of the handoff, by key (open,
        unassigned, at risk, waiting for parts), in the handoff's company."""
        self.ensure_one()
        company = [("company_id", "=", self.company_id.id)]
        open_ = [*company, ("state", "in", OPEN_STATES)]
        return {
            "open": open_,
            "unassigned": [
                *company,
                ("state", "=", "new"),
                ("technician_id", "=", False),
            ],
            "at_risk": [
                *open_,
                "|",
                ("sla_at_risk", "=", True),
                ("sla_breached", "=", True),
            ],
            "waiting_parts": [*open_, ("waiting_parts", "=", True)],
        }

    def _get_sections(self):
        """``[(title, count, orders)]`` for the report: each section's orders
        (the first HANDOFF_LIST_LIMIT) and its exact count."""
        self.ensure_one()
        titles = {
            "unassigned": _("Unassigned"),
            "at_risk": _("SLA at risk or breached"),
            "waiting_parts": _("Waiting for parts"),
            "open": _("All open orders"),
        }
        Order = self.env["service.order"]
        domains = self._get_section_domains()
        return [
            (
                titles[key],
                Order.search_count(domains[key]),
                Order.search(domains[key], limit=HANDOFF_LIST_LIMIT),
            )
            for key in ("unassigned", "at_risk", "waiting_parts", "open")
        ]

    # ------------------------------------------------------------------
    # Shifts
    # ------------------------------------------------------------------
    @api.model
    def _get_shift(self, company, now=None):
        """The shift of ``company`` around ``now``: ``(start, end)`` as naive
        UTC datetimes, or None when the company has no shift changes."""
        try:
            hours = parse_shift_hours(company.service_shift_hours)
        except ShiftError:
            return None
        if not hours:
            return None
        tz = pytz.timezone(company._get_service_tz())
        now = now or fields.Datetime.now()
        local = pytz.utc.localize(now).astimezone(tz).replace(tzinfo=None)
        start, end = shift_around(local, hours)
        return tuple(
            tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None)
            for moment in (start, end)
        )

    @api.model
    def _shift_key(self, shift_end):
        return fields.Datetime.to_string(shift_end)

    @api.model
    def action_open_current(self):
        """The handoff of the current shift of the user's company, created
        when it does not exist yet: the outgoing dispatcher writes his note
        on it."""
        self.env["service.order"]._check_dashboard_access()
        company = self.env.company
        shift = self._get_shift(company)
        if not shift:
            raise UserError(
                _(
                    "%(company)s has no shift changes: set them in the Field "
                    "Service settings.",
                    company=company.name,
                )
            )
        handoff = self._get_or_create_handoffs({company: shift})[company]
        if not handoff.user_id and handoff.state == "draft":
            # the first dispatcher who opens it hands the shift over
            handoff.user_id = self.env.user
        return {
            "type": "ir.actions.act_window",
            "name": _("Shift Handoff"),
            "res_model": self._name,
            "res_id": handoff.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _get_or_create_handoffs(self, shifts):
        """``{company: (start, end)}`` -> ``{company: handoff}``: the existing
        handoffs of those shifts, the missing ones created in one batch."""
        keys = {company: self._shift_key(end) for company, (_s, end) in shifts.items()}
        existing = {
            (handoff.company_id, handoff.shift_key): handoff
            for handoff in self.search(
                [
                    ("company_id", "in", [company.id for company in shifts]),
                    ("shift_key", "in", list(set(keys.values()))),
                ]
            )
        }
        missing = [
            company for company in shifts if (company, keys[company]) not in existing
        ]
        # sudo: the shift and its key are the server's to set (see create)
        created = self.sudo().create(
            [
                {
                    "company_id": company.id,
                    "shift_start": shifts[company][0],
                    "shift_end": shifts[company][1],
                    "shift_key": keys[company],
                    "user_id": False,
                }
                for company in missing
            ]
        )
        result = {company: existing.get((company, keys[company])) for company in shifts}
        for company, handoff in zip(missing, created.sudo(False), strict=True):
            result[company] = handoff
        return result

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------
    def _get_recipients(self):
        """The next shift: the company's configured recipients (the author
        too when he is on that list), else its dispatchers (internal users of
        the dispatcher group with this company) but the author."""
        self.ensure_one()
        company = self.company_id
        if company.service_handoff_user_ids:
            return company.service_handoff_user_ids.filtered("active")
        group = self.env.ref(DISPATCHER_GROUP)
        dispatchers = self.env["res.users"].search(
            [
                ("groups_id", "in", group.ids),
                ("company_ids", "in", company.ids),
                ("share", "=", False),
            ]
        )
        # without a configured next shift, the author (the outgoing
        # dispatcher) is left out: he wrote it; unless he is the only one
        return (dispatchers - self.user_id) or dispatchers

    def action_send(self):
        """Send the handoff now (the dispatcher's button): once."""
        self.env["service.order"]._check_dashboard_access()
        self._send()
        return True

    def _send(self):
        """E-mail each handoff still open, with its PDF, to the next shift;
        stamped sent, so a second run sends nothing."""
        template = self.env.ref(HANDOFF_TEMPLATE)
        for handoff in self.filtered(lambda h: h.state == "draft"):
            # lock the row: a cron and a button at the same moment send once
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM service_shift_handoff "
                    "WHERE id = %s AND state = 'draft' FOR UPDATE",
                    handoff.id,
                )
            )
            if not self.env.cr.fetchone():
                continue
            recipients = handoff._get_recipients()
            if recipients:
                # sudo: the template and its report are the suite's own; the
                # dispatcher has no right on mail templates
                template.sudo().send_mail(
                    handoff.id,
                    force_send=False,
                    email_values={
                        "recipient_ids": [Command.set(recipients.partner_id.ids)]
                    },
                )
            # sudo: the stamps of the sending are the server's, not editable
            handoff.sudo().write(
                {
                    "state": "sent",
                    "sent_on": fields.Datetime.now(),
                    "recipient_ids": [Command.set(recipients.ids)],
                }
            )

    @api.model
    def _cron_send_shift_handoff(self):
        """At each shift change, send the handoff of the shift that just
        ended to the next shift's dispatchers; idempotent (one handoff per
        company and shift, stamped when sent): twice, or after a crash, sends
        once."""
        now = fields.Datetime.now()
        shifts = {}
        for company in self.env["res.company"].search([]):
            current = self._get_shift(company, now)
            if not current:
                continue
            # the shift that ended at the last change: the one around the
            # moment just before it
            shifts[company] = self._get_shift(
                company, current[0] - timedelta(seconds=1)
            )
        if not shifts:
            return
        handoffs = self._get_or_create_handoffs(shifts)
        for company, handoff in handoffs.items():
            try:
                with self.env.cr.savepoint():
                    handoff.with_company(company)._send()
            except Exception:
                _logger.exception("shift handoff %s could not be sent", handoff.id)

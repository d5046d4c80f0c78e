import logging
from collections.abc import Iterable
from datetime import timedelta
from itertools import groupby

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime, plaintext2html

from odoo.addons.service_order.tools.input_guard import ensure_one

from ..utils.upload import (
    EMPTY,
    MAX_FILES,
    TOO_LARGE,
    check_upload,
    parse_local_datetime,
    safe_filename,
    shown_filename,
)

_logger = logging.getLogger(__name__)

# states from which a customer may ask for another window
RESCHEDULE_STATES = ("new", "scheduled", "dispatched")
# states whose visit gets a reminder (PM orders are scheduled orders too)
REMINDER_STATES = ("scheduled", "dispatched")
MAX_WINDOWS = 3
MAX_DESCRIPTION = 10000
MAX_NOTE = 2000
# longest window a customer may propose
MAX_WINDOW_LENGTH = timedelta(days=14)
# the fields of an order only employees read. A portal customer reads his own
# orders over RPC too (the portal ACL and record rule): these are refused to
# customers (read, search, group by, order by) by ``check_field_access_rights``
# below; the portal pages show what they need (first name of the technician,
# the window, the status) through a sudo after the ownership check. Not done
# with ``groups=`` on the fields: it would replace their own groups (looser for
# the SLA fields) and warn on every back-office view using them in a modifier.
PORTAL_DEFAULT_ORDER = "date_scheduled_start, id desc"
PORTAL_HIDDEN_FIELDS = frozenset(
    {
        "resolution",
        "technician_id",
        "crew_ids",
        "assignment_ids",
        "timelog_ids",
        "user_id",
        "response_deadline",
        "resolution_deadline",
        "response_warning_date",
        "resolution_warning_date",
        "sla_at_risk",
        "sla_breached",
        "sla_status",
        "priority",
        "channel",
        "signature",
        "signed_by",
        "signed_on",
        "site_latitude",
        "site_longitude",
        "contact_phone",
        "create_uid",
        "write_uid",
        "portal_user_id",
    }
)
# how far ahead a customer may ask for a window
MAX_WINDOW_AHEAD = timedelta(days=366)
PORTAL_STATUSES = [
    ("received", "Request received"),
    ("scheduled", "Scheduled"),
    ("assigned", "Technician assigned"),
    ("on_the_way", "Technician on the way"),
    ("on_site", "On site"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
_STATUS_OF_STATE = {
    "new": "received",
    "scheduled": "scheduled",
    "dispatched": "assigned",
    "in_progress": "on_site",
    "done": "done",
    "cancelled": "cancelled",
}


def customer_tz(*partners):
    """The first valid time zone of ``partners`` (site, customer, user...),
    else UTC."""
    for partner in partners:
        name = partner.tz if partner else False
        if name and name in pytz.all_timezones_set:
            return name
    return "UTC"


class ServiceOrder(models.Model):
    _name = "service.order"
    _inherit = ["rating.mixin", "portal.mixin", "service.order"]
    # customers post in the portal chatter of the orders they may read (their
    # own commercial entity's, through the portal record rule, or by token)
    _mail_post_access = "read"

    # rating.mixin's: a new order has no rating (0); computed before the
    # insert, so that a create runs neither the mixin's rating query nor an
    # UPDATE after the insert
    rating_last_value = fields.Float(
        compute="_compute_rating_last_value", store=True, precompute=True
    )
    portal_user_id = fields.Many2one(
        "res.users",
        string="Requested By (Portal)",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The portal user who submitted this request.",
    )
    portal_preferred_windows = fields.Text(
        string="Preferred Windows",
        readonly=True,
        copy=False,
        help="The time windows the customer proposed in the portal, in his time zone.",
    )
    portal_photo_ids = fields.Many2many(
        "ir.attachment",
        "service_order_portal_photo_rel",
        "order_id",
        "attachment_id",
        string="Customer Uploads",
        readonly=True,
        copy=False,
        help="Photos and documents the customer attached to his request.",
    )
    portal_reminder_start = fields.Datetime(
        string="Reminder Sent For",
        readonly=True,
        copy=False,
        help="Start of the visit window the customer was reminded of; a new "
        "window gets a new reminder.",
    )
    portal_reminder_sent = fields.Boolean(
        string="Visit Reminder Sent",
        compute="_compute_portal_reminder_sent",
        store=True,
        # computed before the insert: no UPDATE after each create
        precompute=True,
        copy=False,
    )
    portal_status = fields.Selection(
        PORTAL_STATUSES,
        string="Live Status",
        compute="_compute_portal_status",
        compute_sudo=True,
    )
    portal_status_label = fields.Char(
        string="Live Status Text", compute="_compute_portal_status", compute_sudo=True
    )
    portal_expected_arrival = fields.Datetime(
        string="Expected Arrival",
        compute="_compute_portal_status",
        compute_sudo=True,
    )
    portal_technician_name = fields.Char(
        string="Technician (First Name)",
        compute="_compute_portal_display",
        compute_sudo=True,
    )
    portal_window_display = fields.Char(
        string="Confirmed Window",
        compute="_compute_portal_display",
        compute_sudo=True,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_access_url(self):
        for order in self:
            order.access_url = f"/my/service/orders/{order.id}"

    @api.depends("portal_reminder_start", "date_scheduled_start")
    def _compute_portal_reminder_sent(self):
        for order in self:
            order.portal_reminder_sent = bool(
                order.portal_reminder_start
                and order.portal_reminder_start == order.date_scheduled_start
            )

    def _portal_tz(self):
        self.ensure_one()
        # the reader's own partner is the last resort (the zone the
        # request form shows his preferred windows in)
        return customer_tz(
            self.site_id,
            self.partner_id,
            self.partner_id.commercial_partner_id,
            self.env.user.partner_id,
        )

    def _portal_format(self, moment, pattern="EEE d MMM y, HH:mm"):
        """``moment`` (UTC) in the customer's time zone, in the reader's
        language."""
        self.ensure_one()
        if not moment:
            return ""
        return format_datetime(
            self.env, moment, tz=self._portal_tz(), dt_format=pattern
        )

    # the reader's time zone is the last resort of _portal_tz
    @api.depends_context("uid", "lang")
    def _compute_portal_display(self):
        for order in self:
            name = (order.technician_id.name or "").split()
            order.portal_technician_name = name[0] if name else False
            start, end = order.date_scheduled_start, order.date_scheduled_end
            if not start or order.state in ("new", "cancelled"):
                order.portal_window_display = False
                continue
            text = order._portal_format(start)
            if end:
                tz = pytz.timezone(order._portal_tz())
                same_day = (
                    pytz.utc.localize(start).astimezone(tz).date()
                    == pytz.utc.localize(end).astimezone(tz).date()
                )
                end_text = order._portal_format(
                    end, "HH:mm" if same_day else "EEE d MMM y, HH:mm"
                )
                text = f"{text} - {end_text}"
            order.portal_window_display = f"{text} ({order._portal_tz()})"

    def _portal_running_travel(self):
        """{order id: running travel log} (one query for the batch)."""
        if not self.ids:
            return {}
        # sudo: the time logs are read only to learn whether the technician
        # is driving; the customer sees a status and a time, no log
        logs = (
            self.env["service.order.timelog"]
            .sudo()
            .search(
                [
                    ("order_id", "in", self.ids),
                    ("kind", "=", "travel"),
                    ("date_end", "=", False),
                ],
                order="date_start desc, id desc",
            )
        )
        running = {}
        for log in logs:
            running.setdefault(log.order_id.id, log)
        return running

    def _get_portal_travel_minutes(self):
        """{order id: estimated minutes of the drive to the site}, for the
        expected arrival of a technician on the way (extension point: a
        routing addon estimates them); without an estimate the scheduled
        start is the expected arrival."""
        return {}

    @api.depends_context("uid", "lang")
    def _compute_portal_status(self):
        running = self._portal_running_travel()
        minutes = self._get_portal_travel_minutes() if running else {}
        labels = dict(self._fields["portal_status"]._description_selection(self.env))
        for order in self:
            status = _STATUS_OF_STATE.get(order.state, "received")
            arrival = False
            travel = running.get(order.id)
            if travel and order.state in ("dispatched", "in_progress"):
                status = "on_the_way"
                if minutes.get(order.id):
                    arrival = travel.date_start + timedelta(minutes=minutes[order.id])
                else:
                    arrival = order.date_scheduled_start or False
            order.portal_status = status
            order.portal_expected_arrival = arrival
            label = labels[status]
            if arrival:
                label = _(
                    "%(status)s, expected around %(time)s",
                    status=label,
                    time=order._portal_format(arrival, "HH:mm"),
                )
            order.portal_status_label = label

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _is_portal_customer(self):
        """The current user is a portal user or the public user (``share``),
        by his groups: ``has_group`` is cached, where reading ``share`` after
        an invalidation costs the back office's reads and searches a query."""
        return not self.env.user.has_group("base.group_user")

    def _order_to_sql(self, order, query, alias=None, reverse=False):
        share = not self.env.su and self._is_portal_customer()
        if share and (not order or order == self._order):
            # the model's default order sorts by priority, a field refused to
            # customers: theirs leaves it out
            order = PORTAL_DEFAULT_ORDER
        return super()._order_to_sql(order, query, alias=alias, reverse=reverse)

    def check_field_access_rights(self, operation, field_names):
        # public (RPC) method: refuse what is no list of field names
        if field_names is not None:
            if isinstance(field_names, (str, bytes)) or not isinstance(
                field_names, Iterable
            ):
                raise UserError(_("Give the field names as a list."))
            field_names = list(field_names)
            if not all(isinstance(name, str) for name in field_names):
                raise UserError(_("Give the field names as a list."))
        asked = field_names
        field_names = super().check_field_access_rights(operation, field_names)
        # internal users read as before; the group check is cached (reading
        # ``share`` would cost the list and kanban one query per call)
        if self.env.su or self.env.user.has_group("base.group_user"):
            return field_names
        if not asked:
            # "all fields" of a customer: those he may read (not the lines,
            # logs... of models he has no access to)
            return [
                name
                for name in field_names
                if name not in PORTAL_HIDDEN_FIELDS
                and not (
                    self._fields[name].type in ("one2many", "many2many")
                    and not self.env[self._fields[name].comodel_name].has_access("read")
                )
            ]
        hidden = sorted(set(field_names) & PORTAL_HIDDEN_FIELDS)
        if hidden:
            _logger.info(
                "portal access to internal fields %s of %s refused (uid %s)",
                ", ".join(hidden),
                self._name,
                self.env.uid,
            )
            raise AccessError(
                _(
                    "You do not have enough rights to access the fields "
                    '"%(fields)s" on Service Order (service.order).',
                    fields=",".join(hidden),
                )
            )
        return field_names

    def _check_technician_write(self, vals):
        if not self.env.su and self._is_portal_customer():
            # a portal customer may not write orders at all: the plain access
            # error of the model, not the technicians' field message
            self.check_access("write")
        return super()._check_technician_write(vals)

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        ensure_one(self)  # a clean error for several orders (mail's is raw)
        if self._is_portal_customer():
            # a customer (portal user, or a visitor with the order's token)
            # writes to the team, never an internal note: ``_mail_post_access
            # = "read"`` lets him post, the subtype is not his to choose
            kwargs["subtype_xmlid"] = "mail.mt_comment"
            kwargs["subtype_id"] = False
            kwargs.pop("is_internal", None)
        return super().message_post(**kwargs)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_portal_ratings(self):
        """The customer's ratings of this order (smart button)."""
        ensure_one(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "rating.rating_rating_action"
        )
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Hooks for other addons
    # ------------------------------------------------------------------
    def _get_portal_report_action(self):
        """The ``ir.actions.report`` of the signed service report the portal
        offers for download, or False: a bridge with the report addon returns
        it; the detail page shows the link and the download route answers
        only when a report is returned."""
        return False

    def _get_report_base_filename(self):
        """The file name of the PDF the portal serves (portal's
        ``_show_report`` asks the record for it)."""
        self.ensure_one()
        return self.name

    def _get_portal_documents(self):
        """Documents linked from the order's portal page (quotes, invoices):
        a list of ``{"name": ..., "url": ..., "state": ...}`` (extension point
        of the billing bridges; the native sale and account portals serve
        them)."""
        return []

    @api.model
    def _get_portal_units(self, commercial_partner):
        """The customer's equipment a request may name: a list of
        ``{"id": int, "name": str, "site_id": int}`` (extension point: the
        asset bridge returns the units of ``commercial_partner``)."""
        return []

    @api.model
    def _prepare_portal_request_values(self, vals, unit):
        """Complete the create values of a portal request with the chosen
        ``unit`` (one dict of ``_get_portal_units``, or None); extension
        point of the asset bridge."""
        return vals

    def _get_portal_unit_names(self):
        """Names of the order's units shown on the portal page (extension
        point of the asset bridge)."""
        return []

    # ------------------------------------------------------------------
    # Portal request
    # ------------------------------------------------------------------
    @api.model
    def _portal_allowed_sites(self, commercial_partner):
        """The addresses a customer may ask a visit at: his commercial entity
        and its delivery / other addresses."""
        # sudo: a portal user may not search partners; the domain keeps
        # to his own commercial entity
        children = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("id", "child_of", commercial_partner.id),
                    ("type", "in", ("delivery", "other")),
                ],
                order="name, id",
            )
        )
        return commercial_partner.sudo() | children

    @api.model
    def _portal_request_limit_reached(self, user):
        company = user.company_id
        since = fields.Datetime.now() - timedelta(hours=1)
        # sudo: counting the user's own requests of the last hour
        count = self.sudo().search_count(
            [("portal_user_id", "=", user.id), ("create_date", ">=", since)]
        )
        return count >= company.service_portal_request_limit

    @api.model
    def _portal_parse_window(self, start_value, end_value, tz_name, required=False):
        """(start, end) in UTC of a window typed in ``tz_name``, or an error
        message; (None, None) for an empty optional window."""
        try:
            start = parse_local_datetime(start_value)
            end = parse_local_datetime(end_value)
        except ValueError:
            return None, None, _("Give the date and time as shown in the form.")
        if not start and not end:
            if required:
                return None, None, _("Give the start and the end of the window.")
            return None, None, None
        if not start or not end:
            return None, None, _("Give the start and the end of the window.")
        tz = pytz.timezone(tz_name)
        start = tz.localize(start).astimezone(pytz.utc).replace(tzinfo=None)
        end = tz.localize(end).astimezone(pytz.utc).replace(tzinfo=None)
        now = fields.Datetime.now()
        if end <= start:
            return None, None, _("The window ends before it starts.")
        if start < now:
            return None, None, _("The window is in the past.")
        if start > now + MAX_WINDOW_AHEAD:
            return None, None, _("The window is more than a year ahead.")
        if end - start > MAX_WINDOW_LENGTH:
            return (
                None,
                None,
                _(
                    "A window lasts %(days)s days at most: propose a shorter one.",
                    days=MAX_WINDOW_LENGTH.days,
                ),
            )
        return start, end, None

    @api.model
    def _portal_clean_text(self, value, limit):
        if not isinstance(value, str):
            return ""
        return value.replace("\x00", "").strip()[:limit]

    @api.model
    def _portal_int(self, value):
        """A positive id from a form value, else None."""
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        else:
            return None
        return number if 0 < number < 2**31 else None

    @api.model
    def _portal_request_type(self, company):
        type_ = company.service_portal_order_type_id
        if not type_:
            type_ = (
                self.env["service.order.type"]
                .sudo()
                .search([("company_id", "in", [company.id, False])], limit=1)
            )
        return type_

    @api.model
    def _portal_dispatcher(self, company):
        """The dispatcher who gets the company's portal requests."""
        user = company.service_portal_user_id
        if not user:
            group = self.env.ref("service_order.group_service_dispatcher")
            # sudo: portal users may not read internal users
            user = (
                self.env["res.users"]
                .sudo()
                .search(
                    [
                        ("groups_id", "in", group.ids),
                        ("share", "=", False),
                        ("company_ids", "in", company.ids),
                    ],
                    order="id",
                    limit=1,
                )
            )
        return user

    @api.model
    def _portal_submit_request(self, form, uploads):
        """Create a service order from the portal's request form, as the
        portal user of ``self.env``.

        ``form`` holds the form's values (strings as the browser sends them),
        ``uploads`` a list of ``(file name, bytes)``. Returns ``(order,
        errors)``: the new order and ``{}``, or ``None`` and ``{field:
        message}``; nothing is written when there are errors.
        """
        user = self.env.user
        errors = {}
        if not user.share or user._is_public():
            raise AccessError(_("The service request form is for customers."))
        company = user.company_id
        entity = user.partner_id.commercial_partner_id
        if self._portal_request_limit_reached(user):
            errors["general"] = _(
                "You have sent %(count)s requests in the last hour: please wait a "
                "little before sending another one, or call us if it is urgent.",
                count=company.service_portal_request_limit,
            )
            return None, errors
        order_type = self._portal_request_type(company)
        if not order_type:
            errors["general"] = _(
                "Service requests cannot be taken online right now; please call us."
            )
            return None, errors

        sites = self._portal_allowed_sites(entity)
        site = None
        site_id = self._portal_int(form.get("site_id"))
        if not form.get("site_id"):
            errors["site_id"] = _("Choose the address of the visit.")
        elif site_id not in sites.ids:
            errors["site_id"] = _("This address is not one of yours.")
        else:
            site = sites.browse(site_id)

        unit = None
        if form.get("unit_id"):
            unit_id = self._portal_int(form.get("unit_id"))
            units = {u["id"]: u for u in self._get_portal_units(entity)}
            unit = units.get(unit_id)
            if not unit:
                errors["unit_id"] = _("This unit is not one of your equipment.")
            elif site and unit["site_id"] != site.id:
                errors["unit_id"] = _(
                    "%(unit)s is installed at another address than the one you chose.",
                    unit=unit["name"],
                )

        description = self._portal_check_description(form.get("description"), errors)

        tz_name = customer_tz(site, user.partner_id, entity)
        windows = []
        for index in range(1, MAX_WINDOWS + 1):
            start, end, error = self._portal_parse_window(
                form.get(f"window_start_{index}"),
                form.get(f"window_end_{index}"),
                tz_name,
            )
            if error:
                errors[f"window_{index}"] = error
            elif start:
                windows.append((start, end))

        files = self._portal_check_uploads(company, uploads, errors)
        if errors:
            return None, errors

        partner = user.partner_id
        vals = {
            "partner_id": entity.id,
            "site_id": site.id,
            "order_type_id": order_type.id,
            "company_id": company.id,
            "channel": "portal",
            "description": plaintext2html(description),
            "portal_user_id": user.id,
            "user_id": self._portal_dispatcher(company).id or False,
            "contact_name": partner.name,
            "contact_phone": partner.phone or partner.mobile or site.phone or False,
        }
        if windows:
            vals["window_start"], vals["window_end"] = windows[0]
            vals["portal_preferred_windows"] = "\n".join(
                self._portal_window_text(start, end, tz_name) for start, end in windows
            )
        vals = self._prepare_portal_request_values(vals, unit)
        # sudo: portal users have no create right on orders; every value was
        # built here from the user's own commercial entity, sites and units
        # (checked above), none is copied from the request
        order = self.sudo().with_company(company).create(vals)
        order.message_subscribe(partner_ids=partner.ids)
        if files:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "raw": data,
                            "mimetype": mimetype,
                            "res_model": self._name,
                            "res_id": order.id,
                        }
                        for name, data, mimetype in files
                    ]
                )
            )
            order.portal_photo_ids = [fields.Command.set(attachments.ids)]
        return order.sudo(False), {}

    @api.model
    def _portal_check_description(self, value, errors):
        """The cleaned description, else a message in ``errors``: a text
        longer than the limit is refused rather than cut (the customer would
        not know what was lost)."""
        description = self._portal_clean_text(value, MAX_DESCRIPTION + 1)
        if not description:
            errors["description"] = _("Describe the problem in a few words.")
        elif len(description) > MAX_DESCRIPTION:
            errors["description"] = _(
                "The description is longer than %(max)s characters: shorten it "
                "or attach a document.",
                max=MAX_DESCRIPTION,
            )
        return description

    @api.model
    def _portal_window_text(self, start, end, tz_name):
        tz = pytz.timezone(tz_name)
        start_local = pytz.utc.localize(start).astimezone(tz)
        end_local = pytz.utc.localize(end).astimezone(tz)
        return f"{start_local:%Y-%m-%d %H:%M} - {end_local:%Y-%m-%d %H:%M} ({tz_name})"

    @api.model
    def _portal_check_uploads(self, company, uploads, errors):
        """[(name, data, mimetype)] of the acceptable uploads; the problems
        go to ``errors["photos"]``."""
        uploads = [(name, data) for name, data in uploads or () if data or name]
        if len(uploads) > MAX_FILES:
            errors["photos"] = _("Attach at most %(count)s files.", count=MAX_FILES)
            return []
        max_mb = company.service_portal_max_upload_mb
        problems, files = [], []
        for index, (name, data) in enumerate(uploads, start=1):
            mimetype, error = check_upload(data, max_mb * 1024 * 1024)
            label = shown_filename(name, index)
            if error == TOO_LARGE:
                problems.append(
                    _(
                        "%(file)s is larger than %(max)s MB.",
                        file=label,
                        max=max_mb,
                    )
                )
            elif error == EMPTY:
                problems.append(_("%(file)s is empty.", file=label))
            elif error:
                problems.append(
                    _(
                        "%(file)s is not a picture (JPEG, PNG, GIF, WebP) or a PDF "
                        "document.",
                        file=label,
                    )
                )
            else:
                files.append((safe_filename(name, mimetype, index), data, mimetype))
        if problems:
            errors["photos"] = " ".join(problems)
        return files

    # ------------------------------------------------------------------
    # Reschedule and rating (called by the portal on a checked order)
    # ------------------------------------------------------------------
    def _portal_pending_reschedule(self):
        self.ensure_one()
        activity_type = self.env.ref(
            "service_portal.mail_activity_type_reschedule", raise_if_not_found=False
        )
        if not activity_type:
            return self.env["mail.activity"]
        return self.activity_ids.filtered(
            lambda act: act.activity_type_id == activity_type
        )

    def _portal_request_reschedule(self, partner, form):
        """Ask the order's dispatcher for another window: an activity for him
        and a message in the chatter; no date of the order moves. ``self`` is
        one order the caller reached through the portal's access check.
        Returns ``{field: message}`` (empty when the request was recorded)."""
        self.ensure_one()
        order = self.sudo()
        errors = {}
        if order.state not in RESCHEDULE_STATES:
            errors["general"] = _(
                "This visit can no longer be rescheduled online; please call us."
            )
            return errors
        if order._portal_pending_reschedule():
            errors["general"] = _(
                "Your reschedule request is already with our dispatcher: he will "
                "get back to you."
            )
            return errors
        tz_name = order._portal_tz()
        start, end, error = self._portal_parse_window(
            form.get("window_start"), form.get("window_end"), tz_name, required=True
        )
        if error:
            errors["window"] = error
        note = self._portal_clean_text(form.get("note"), MAX_NOTE)
        if errors:
            return errors
        window = self._portal_window_text(start, end, tz_name)
        responsible = order.user_id or self._portal_dispatcher(order.company_id)
        body = _(
            "Reschedule requested by %(customer)s: new window %(window)s.",
            customer=partner.name,
            window=window,
        )
        note_html = plaintext2html(f"{body}\n{note}" if note else body)
        # sudo: the portal user asks, the activity is for the dispatcher; the
        # order was checked by the caller, the texts are escaped
        order.activity_schedule(
            "service_portal.mail_activity_type_reschedule",
            summary=_("Reschedule request: %(window)s", window=window),
            note=note_html,
            user_id=(responsible or self.env.ref("base.user_root")).id,
        )
        order.message_post(
            body=note_html,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return {}

    def _portal_can_rate(self):
        self.ensure_one()
        order = self.sudo()
        return order.state == "done" and not order.rating_ids.filtered("consumed")

    def _portal_rate(self, partner, score, feedback):
        """Rate a completed order once. ``self`` is one order the caller
        reached through the portal's access check. Returns ``{field:
        message}`` (empty when the rating was recorded)."""
        self.ensure_one()
        order = self.sudo()
        if order.state != "done":
            return {"general": _("Only a completed visit can be rated.")}
        if not order._portal_can_rate():
            return {"general": _("This visit has been rated already. Thank you!")}
        score = self._portal_int(score)
        if score is None or not 1 <= score <= 5:
            return {"rating": _("Choose from one to five stars.")}
        feedback = self._portal_clean_text(feedback, MAX_NOTE)
        # sudo: ratings are written by the rating mixin as superuser in its
        # own public routes too; the order was checked by the caller
        token = order._rating_get_access_token(partner)
        order.rating_apply(score, token=token, feedback=feedback or None)
        return {}

    # ------------------------------------------------------------------
    # Upcoming-visit reminder
    # ------------------------------------------------------------------
    @api.model
    def _get_visit_reminder_domain(self, now):
        """Orders due for a reminder: scheduled in the next N days of their
        company (PM visits included), not reminded of their current window."""
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("service_portal_reminder_days", ">", 0)])
        )
        if not companies:
            return None
        per_company = []
        for company in companies:
            per_company += [
                "&",
                "&",
                ("company_id", "=", company.id),
                ("date_scheduled_start", ">", now),
                (
                    "date_scheduled_start",
                    "<=",
                    now + timedelta(days=company.service_portal_reminder_days),
                ),
            ]
        per_company = ["|"] * (len(companies) - 1) + per_company
        return [
            ("state", "in", REMINDER_STATES),
            ("portal_reminder_sent", "=", False),
            "|",
            ("partner_id.email", "!=", False),
            ("portal_user_id.partner_id.email", "!=", False),
            *per_company,
        ]

    @api.model
    def _cron_send_visit_reminders(self, batch_size=200):
        """Email the customers of the visits of the next days, once per
        window: the marker ``portal_reminder_start`` and the mails are written
        in the same transaction, so a run that fails half-way sends nothing
        twice; a new window (rescheduling) re-arms the reminder. One batch
        per call, the cron runner calls again while some remain."""
        template = self.env.ref(
            "service_portal.mail_template_visit_reminder", raise_if_not_found=False
        )
        domain = self._get_visit_reminder_domain(fields.Datetime.now())
        if not template or domain is None:
            return 0
        orders = self.search(domain, order="date_scheduled_start, id", limit=batch_size)
        if not orders:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        template.send_mail_batch(orders.ids)
        for start, group in groupby(orders, key=lambda o: o.date_scheduled_start):
            self.browse([o.id for o in group]).write({"portal_reminder_start": start})
        remaining = self.search_count(domain) if len(orders) == batch_size else 0
        self.env["ir.cron"]._notify_progress(done=len(orders), remaining=remaining)
        _logger.info("visit reminders sent for %d orders", len(orders))
        return len(orders)

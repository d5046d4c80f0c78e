import logging
from collections import defaultdict, namedtuple
from datetime import datetime, time, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import split_every

from odoo.addons.service_order.models.service_order import OPEN_STATES
from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import (
    check_linked_records,
    check_record_ids,
    ensure_one_record,
)

from ..utils.recurrence import (
    fixed_dates_to_generate,
    floating_dates,
    floating_next_date,
    meter_occurrences,
)

_logger = logging.getLogger(__name__)

# plans handled per batch by the scheduled action: one service.order create()
# per batch, a fixed number of queries per batch
BATCH_SIZE = 500
# readings older than this do not count for a meter's trend
TREND_DAYS = 365
FORECAST_DAYS = 90
# bounds of a plan's numbers: beyond them the value is a typing error, and the
# date arithmetic of the recurrence would leave the calendar
MAX_INTERVAL = {"day": 3660, "week": 522, "month": 120}  # ten years
MIN_METER_INTERVAL = 0.1  # thresholds are keyed with two decimals
MAX_METER_INTERVAL = 1e9
MAX_LEAD_DAYS = 366
MAX_HORIZON_DAYS = 366
MAX_DURATION_HOURS = 1000.0
# links checked to exist and to be readable by the caller before any
# constraint or company check looks at (and quotes) them
LINK_FIELDS = {
    "company_id",
    "user_id",
    "equipment_id",
    "meter_id",
    "order_type_id",
    "checklist_template_id",
}

Occurrence = namedtuple(
    "Occurrence", "plan key due_date partner site equipment threshold"
)
"""One due PM of a plan: for one site (all the plan's units at that site), a
due date and, for meter plans, the threshold. ``key`` is unique per plan."""


class ServicePmPlan(models.Model):
    _name = "service.pm.plan"
    _description = "Preventive Maintenance Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        help="Becomes the responsible of the generated orders.",
    )
    scope = fields.Selection(
        [("equipment", "One Unit")],
        required=True,
        default="equipment",
        help="What the plan covers: one unit here; other addons add scopes "
        "over several units (e.g. a contract's), one order per site and due "
        "date with the site's units.",
    )
    equipment_id = fields.Many2one(
        "maintenance.equipment",
        string="Unit",
        index="btree_not_null",
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        index=True,
    )
    trigger = fields.Selection(
        [("time", "Time"), ("meter", "Meter")],
        required=True,
        default="time",
        tracking=True,
        help="Time: every N days, weeks or months. Meter: every N units of a "
        "meter of the unit (run hours...), forecast from its readings.",
    )
    mode = fields.Selection(
        [
            ("fixed", "Fixed (calendar)"),
            ("floating", "Floating (from the last completed PM)"),
        ],
        required=True,
        default="fixed",
        tracking=True,
        help="Fixed: due dates follow the calendar from the first due date, "
        "whenever the previous PM was done. Floating: the next PM is due one "
        "interval after the last one was completed (or cancelled); only one "
        "order is open at a time.",
    )
    interval = fields.Integer(string="Every", default=1, tracking=True)
    interval_unit = fields.Selection(
        [("day", "Days"), ("week", "Weeks"), ("month", "Months")],
        string="Unit of Interval",
        default="month",
        required=True,
        tracking=True,
    )
    date_start = fields.Date(
        string="First Due Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The first PM is due on this day; a fixed plan's later dates are "
        "counted from it (a plan starting on the 31st is due on the last day of "
        "shorter months).",
    )
    date_end = fields.Date(
        string="Until", tracking=True, help="No PM is due after this day."
    )
    meter_id = fields.Many2one(
        "service.asset.meter",
        index="btree_not_null",
        domain="[('equipment_id', '=', equipment_id)]",
        ondelete="restrict",
    )
    meter_interval = fields.Float(
        string="Every (meter units)",
        tracking=True,
        help="E.g. 500 for every 500 run hours.",
    )
    meter_start_value = fields.Float(
        string="Counted From",
        compute="_compute_meter_start_value",
        store=True,
        readonly=False,
        precompute=True,
        help="Meter value of the last service before the plan: thresholds are "
        "this value plus multiples of the interval.",
    )
    lead_days = fields.Integer(
        string="Lead Time (days)",
        default=7,
        help="The order's requested window opens this many days before the due "
        "date; the order is generated once that day is within the horizon.",
    )
    horizon_days = fields.Integer(
        string="Horizon (days)",
        default=30,
        help="How far ahead the scheduler generates the orders.",
    )
    order_type_id = fields.Many2one(
        "service.order.type", required=True, check_company=True, tracking=True
    )
    checklist_template_id = fields.Many2one(
        "service.checklist.template",
        string="Checklist",
        check_company=True,
        help="Copied onto each generated order; the order type's checklist when empty.",
    )
    duration = fields.Float(
        string="Estimated Duration (h)",
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
    )
    skill_ids = fields.Many2many(
        "hr.skill",
        "service_pm_plan_skill_rel",
        "plan_id",
        "skill_id",
        string="Required Skills",
    )
    description = fields.Html(
        string="Instructions", help="Copied onto each generated order."
    )
    order_ids = fields.One2many("service.order", "pm_plan_id", string="PM Orders")
    order_count = fields.Integer(compute="_compute_order_stats", string="Orders")
    open_order_count = fields.Integer(compute="_compute_order_stats")
    last_done_date = fields.Date(
        compute="_compute_order_stats", string="Last Completed"
    )
    is_overdue = fields.Boolean(
        string="Overdue PM",
        compute="_compute_order_stats",
        search="_search_is_overdue",
        help="An open order of the plan is past its due date.",
    )
    next_due_date = fields.Date(
        compute="_compute_next_due",
        help="Due date of the next PM: the earliest open order, else the next "
        "one to generate (a forecast for meter plans).",
    )
    next_threshold = fields.Float(compute="_compute_next_due")
    last_generation_date = fields.Date(
        string="Last Checked",
        readonly=True,
        copy=False,
        help="Day the scheduler last generated the orders of this plan.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("scope", "equipment_id.partner_id")
    def _compute_partner_id(self):
        """The unit's customer (scopes added by other addons set their own)."""
        for plan in self:
            plan.partner_id = (
                plan.equipment_id.partner_id if plan.scope == "equipment" else False
            )

    @api.depends("meter_id")
    def _compute_meter_start_value(self):
        for plan in self:
            plan.meter_start_value = plan.meter_id.last_value if plan.meter_id else 0.0

    @api.depends("order_type_id")
    def _compute_duration(self):
        for plan in self:
            plan.duration = plan.order_type_id.default_duration

    def _compute_order_stats(self):
        today = fields.Date.context_today(self)
        data = (
            self.env["service.order"]
            .with_context(active_test=False)
            ._read_group(
                [("pm_plan_id", "in", self.ids)],
                ["pm_plan_id", "state"],
                ["__count", "date_done:max", "pm_due_date:min"],
            )
        )
        stats = defaultdict(lambda: {"count": 0, "open": 0, "done": False})
        overdue = set()
        for plan, state, count, date_done, due_min in data:
            entry = stats[plan.id]
            entry["count"] += count
            if state in OPEN_STATES:
                entry["open"] += count
                if due_min and due_min < today:
                    overdue.add(plan.id)
            elif state == "done" and date_done:
                entry["done"] = max(entry["done"] or date_done, date_done)
        for plan in self:
            entry = stats[plan.id]
            plan.order_count = entry["count"]
            plan.open_order_count = entry["open"]
            plan.last_done_date = (
                fields.Date.context_today(self, timestamp=entry["done"])
                if entry["done"]
                else False
            )
            plan.is_overdue = plan.id in overdue

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'overdue PM'."))
        domain = [
            (
                "order_ids",
                "any",
                [
                    ("state", "in", OPEN_STATES),
                    ("pm_due_date", "<", fields.Date.context_today(self)),
                ],
            )
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _compute_next_due(self):
        today = fields.Date.context_today(self)
        plans = self.filtered("id")
        next_open = {}
        if plans:
            data = self.env["service.order"]._read_group(
                [("pm_plan_id", "in", plans.ids), ("state", "in", OPEN_STATES)],
                ["pm_plan_id"],
                ["pm_due_date:min", "pm_meter_threshold:min"],
            )
            next_open = {plan.id: (due, thr) for plan, due, thr in data}
        upcoming = defaultdict(list)
        for occurrence in plans._get_occurrences(
            today, until=today + timedelta(days=730), forecast=True
        ):
            upcoming[occurrence.plan.id].append(occurrence)
        for plan in self:
            due, threshold = next_open.get(plan.id, (False, 0.0))
            if not due and upcoming.get(plan.id):
                first = min(upcoming[plan.id], key=lambda occ: occ.due_date)
                due, threshold = first.due_date, first.threshold
            plan.next_due_date = due or False
            plan.next_threshold = threshold or 0.0

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains(
        "trigger",
        "interval",
        "interval_unit",
        "meter_interval",
        "meter_start_value",
        "lead_days",
        "horizon_days",
        "duration",
    )
    def _check_intervals(self):
        for plan in self:
            most = MAX_INTERVAL[plan.interval_unit]
            if plan.trigger == "time" and not 1 <= plan.interval <= most:
                raise ValidationError(
                    _(
                        "%(plan)s: the interval must be between 1 and %(max)s "
                        "(got %(value)s).",
                        plan=plan.display_name,
                        max=most,
                        value=plan.interval,
                    )
                )
            if plan.trigger == "meter" and not (
                MIN_METER_INTERVAL <= plan.meter_interval <= MAX_METER_INTERVAL
            ):
                raise ValidationError(
                    _(
                        "%(plan)s: the meter interval must be between %(min)s and "
                        "%(max)s (got %(value)s).",
                        plan=plan.display_name,
                        min=MIN_METER_INTERVAL,
                        max=MAX_METER_INTERVAL,
                        value=plan.meter_interval,
                    )
                )
            if plan.meter_start_value < 0:
                raise ValidationError(
                    _(
                        "%(plan)s: the meter value counted from cannot be negative.",
                        plan=plan.display_name,
                    )
                )
            if not 0 <= plan.lead_days <= MAX_LEAD_DAYS:
                raise ValidationError(
                    _(
                        "%(plan)s: the lead time must be between 0 and %(max)s "
                        "days (got %(value)s).",
                        plan=plan.display_name,
                        max=MAX_LEAD_DAYS,
                        value=plan.lead_days,
                    )
                )
            if not 1 <= plan.horizon_days <= MAX_HORIZON_DAYS:
                raise ValidationError(
                    _(
                        "%(plan)s: the horizon must be between 1 and %(max)s days "
                        "(got %(value)s).",
                        plan=plan.display_name,
                        max=MAX_HORIZON_DAYS,
                        value=plan.horizon_days,
                    )
                )
            if not 0 <= plan.duration <= MAX_DURATION_HOURS:
                raise ValidationError(
                    _(
                        "%(plan)s: the estimated duration must be between 0 and "
                        "%(max)s hours (got %(value)s).",
                        plan=plan.display_name,
                        max=MAX_DURATION_HOURS,
                        value=plan.duration,
                    )
                )

    @api.constrains("scope", "equipment_id", "trigger", "meter_id")
    def _check_scope(self):
        for plan in self:
            if plan.scope == "equipment" and not plan.equipment_id:
                raise ValidationError(
                    _("%(plan)s: choose the unit to maintain.", plan=plan.display_name)
                )
            if plan.scope == "equipment" and not plan.equipment_id.partner_id:
                raise ValidationError(
                    _(
                        "%(plan)s: the unit %(unit)s has no customer; set the "
                        "customer on the unit first.",
                        plan=plan.display_name,
                        unit=plan.equipment_id.display_name,
                    )
                )
            if plan.trigger == "meter":
                if plan.scope != "equipment":
                    raise ValidationError(
                        _(
                            "%(plan)s: a meter plan follows the meter of one unit; "
                            "it cannot cover several units.",
                            plan=plan.display_name,
                        )
                    )
                if not plan.meter_id or plan.meter_id.equipment_id != plan.equipment_id:
                    raise ValidationError(
                        _(
                            "%(plan)s: choose a meter of the unit %(unit)s.",
                            plan=plan.display_name,
                            unit=plan.equipment_id.display_name,
                        )
                    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(
                    _(
                        "%(plan)s: the plan ends (%(end)s) before its first due "
                        "date (%(start)s).",
                        plan=plan.display_name,
                        end=plan.date_end,
                        start=plan.date_start,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_orders(self):
        with_orders = self.filtered("order_ids")
        if with_orders:
            raise UserError(
                _(
                    "Plans that generated orders cannot be deleted (%(plans)s): "
                    "archive them instead.",
                    plans=", ".join(with_orders.mapped("name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        check_linked_records(self, vals_list, self._get_link_fields())
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        check_linked_records(self, [vals], self._get_link_fields())
        # what decides the due dates changed: let the scheduler look again today
        if (
            set(vals) & self._get_schedule_fields()
            and "last_generation_date" not in vals
        ):
            vals = dict(vals, last_generation_date=False)
        return super().write(vals)

    @api.model
    def _get_link_fields(self):
        """Links checked to exist and to be readable by the caller before any
        constraint or company check looks at (and quotes) them (extension
        point: an addon adding a link adds it here)."""
        return set(LINK_FIELDS)

    @api.model
    def _get_schedule_fields(self):
        """Fields that decide the due dates (extension point)."""
        return {
            "active",
            "scope",
            "equipment_id",
            "trigger",
            "mode",
            "interval",
            "interval_unit",
            "date_start",
            "date_end",
            "meter_id",
            "meter_interval",
            "meter_start_value",
            "lead_days",
            "horizon_days",
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate_now(self):
        """Generate the orders due within each plan's horizon now."""
        check_record_ids(self)
        orders = self._generate_orders()
        if not orders:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": _("Nothing is due within the horizon."),
                    "sticky": False,
                },
            }
        return self._action_view_orders(orders)

    def action_view_orders(self):
        ensure_one_record(self)
        action = self._action_view_orders(self.env["service.order"])
        action["domain"] = [("pm_plan_id", "=", self.id)]
        return action

    def _action_view_orders(self, orders):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_pm.service_order_action_pm"
        )
        action["domain"] = [("id", "in", orders.ids)]
        action["context"] = {}
        return action

    def action_open_forecast(self):
        """The PM orders that will be generated in the next 90 days."""
        check_record_ids(self)
        plans = self or self.search([])
        lines = self.env["service.pm.forecast"]._create_from_plans(plans, FORECAST_DAYS)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_pm.service_pm_forecast_action"
        )
        action["domain"] = [("id", "in", lines.ids)]
        return action

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_generate_orders(self, batch_size=BATCH_SIZE, max_batches=None):
        """Generate the PM orders due within the horizon of every active plan.

        Plans go in batches of ``batch_size``: each batch costs a fixed number
        of queries and one ``service.order`` create(). A plan is marked as
        checked for the day once its batch is done, so a later call the same
        day skips it. With ``max_batches`` the call stops after that many
        batches and reports the rest to the scheduler (``_notify_progress``),
        which commits and calls again: a crash loses only the current batch.

        Idempotent: every occurrence has a unique key per plan
        (``pm_occurrence``, unique in the database) and existing keys are
        skipped, so a second run or a re-run after a crash creates no
        duplicate.
        """
        today = fields.Date.context_today(self)
        plans = self.search(
            [
                "|",
                ("last_generation_date", "=", False),
                ("last_generation_date", "<", today),
            ],
            order="id",
        )
        done = 0
        created = 0
        for batch_index, ids in enumerate(split_every(batch_size, plans.ids)):
            if max_batches is not None and batch_index >= max_batches:
                break
            batch = self.browse(ids)
            created += batch._generate_orders_isolated(today)
            batch.write({"last_generation_date": today})
            done += len(ids)
            # keep memory flat over thousands of plans
            self.env.flush_all()
            self.env.invalidate_all()
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(plans) - done)
        _logger.info(
            "PM generation: %s plan(s) checked, %s order(s) created", done, created
        )
        return created

    def _generate_orders_isolated(self, today):
        """``_generate_orders`` for a batch; if the batch is refused (a plan
        whose order breaks a rule, e.g. its unit moved to another site), the
        plans are retried one by one and the failing ones are logged and
        skipped until the next day, so one bad plan does not block the others.
        Returns the number of orders created."""
        try:
            with self.env.cr.savepoint():
                return len(self._generate_orders(today))
        except (UserError, ValidationError):
            _logger.warning("PM generation: a batch was refused, retrying per plan")
        created = 0
        for plan in self:
            try:
                with self.env.cr.savepoint():
                    created += len(plan._generate_orders(today))
            except (UserError, ValidationError) as error:
                _logger.warning(
                    "PM plan %s (id %s): no order generated: %s",
                    plan.name,
                    plan.id,
                    error,
                )
        return created

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _generate_orders(self, today=None):
        """Create the missing orders due within the plans' horizon, one create()
        per company, and return them."""
        today = today or fields.Date.context_today(self)
        occurrences = self._get_occurrences(today)
        if not occurrences:
            return self.env["service.order"]
        existing = self._get_existing_keys(occurrences)
        todo = [occ for occ in occurrences if (occ.plan.id, occ.key) not in existing]
        by_company = defaultdict(list)
        bases = {}
        for occurrence in todo:
            plan = occurrence.plan
            if plan not in bases:
                bases[plan] = plan._prepare_order_base_values()
            by_company[plan.company_id].append(
                plan._prepare_order_values(occurrence, today, bases[plan])
            )
        orders = self.env["service.order"]
        for company, vals_list in by_company.items():
            orders |= self._create_orders(company, vals_list)
        return orders

    @api.model
    def _create_orders(self, company, vals_list):
        """One create() for the orders of a company. No chatter message nor
        follower per generated order: the order shows its plan and due date."""
        return (
            self.env["service.order"]
            .with_company(company)
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
            .create(vals_list)
        )

    @api.model
    def _get_existing_keys(self, occurrences):
        """{(plan id, key)} of the occurrences that already have an order
        (archived and cancelled ones included): one query."""
        data = (
            self.env["service.order"]
            .with_context(active_test=False)
            ._read_group(
                [
                    ("pm_plan_id", "in", list({occ.plan.id for occ in occurrences})),
                    ("pm_occurrence", "in", list({occ.key for occ in occurrences})),
                ],
                ["pm_plan_id", "pm_occurrence"],
            )
        )
        return {(plan.id, key) for plan, key in data}

    def _get_order_history(self):
        """What the plans' orders tell about the past, per (plan id, site id)
        and per (plan id, None) for the whole plan.

        One grouped query for all the plans: the last generated due date and
        threshold, the last completion day and meter value, the latest skipped
        (cancelled) occurrence, the earliest open occurrence.
        """
        data = (
            self.env["service.order"]
            .with_context(active_test=False)
            ._read_group(
                [("pm_plan_id", "in", self.ids)],
                ["pm_plan_id", "site_id", "state"],
                [
                    "pm_due_date:max",
                    "pm_due_date:min",
                    "pm_meter_threshold:max",
                    "date_done:max",
                    "pm_meter_value_done:max",
                ],
            )
        )
        history = defaultdict(
            lambda: {
                "last_due": None,
                "last_threshold": None,
                "done_date": None,
                "done_value": None,
                "cancelled_due": None,
                "cancelled_threshold": None,
                "open_due": None,
                "open_threshold": None,
            }
        )

        def _max(a, b):
            return b if a is None or (b is not None and b > a) else a

        rows = [
            (key, state, due_max, due_min, thr_max, done_max, value)
            for plan, site, state, due_max, due_min, thr_max, done_max, value in data
            # per site (plans over several sites) and for the whole plan
            for key in ((plan.id, site.id), (plan.id, None))
        ]
        for key, state, due_max, due_min, thr_max, done_max, value in rows:
            entry = history[key]
            entry["last_due"] = _max(entry["last_due"], due_max or None)
            entry["last_threshold"] = _max(entry["last_threshold"], thr_max or None)
            if state == "done":
                done_day = (
                    fields.Date.context_today(self, timestamp=done_max)
                    if done_max
                    else None
                )
                entry["done_date"] = _max(entry["done_date"], done_day)
                entry["done_value"] = _max(entry["done_value"], value or None)
            elif state == "cancelled":
                entry["cancelled_due"] = _max(entry["cancelled_due"], due_max or None)
                entry["cancelled_threshold"] = _max(
                    entry["cancelled_threshold"], thr_max or None
                )
            else:
                entry["open_due"] = min(
                    [d for d in (due_min, entry["open_due"]) if d], default=None
                )
                entry["open_threshold"] = _max(entry["open_threshold"], thr_max or None)
        return history

    def _get_meter_points(self, today):
        """{meter id: [(datetime, value)]}: the readings of the plans' meters
        since their last replacement (and within TREND_DAYS), one query."""
        meters = self.filtered(lambda p: p.trigger == "meter").meter_id
        if not meters:
            return {}
        readings = self.env["service.asset.meter.reading"].search_fetch(
            [
                ("meter_id", "in", meters.ids),
                (
                    "date",
                    ">=",
                    datetime.combine(today, time.min) - timedelta(TREND_DAYS),
                ),
            ],
            ["meter_id", "date", "value", "is_replacement"],
            order="meter_id, date, id",
        )
        points = defaultdict(list)
        for reading in readings:
            if reading.is_replacement:
                points[reading.meter_id.id] = []
            points[reading.meter_id.id].append((reading.date, reading.value))
        return points

    def _get_groups(self):
        """{plan: [(partner, site, units)]}: the units a plan covers, by site.

        A unit plan: its unit at its site. Extension point: an addon adding a
        scope adds the groups of its plans (one order per site and due date).
        """
        groups = {}
        for plan in self.filtered(lambda p: p.scope == "equipment"):
            unit = plan.equipment_id
            # an order's units must be at its site: a unit without a site
            # (cleared by hand) gets no order until it has one again
            ok = unit.active and unit.partner_id and unit.site_id
            groups[plan] = [(unit.partner_id, unit.site_id, unit)] if ok else []
        return groups

    def _get_window(self, today, until, forecast):
        """Last due date to consider for this plan, or None when none is."""
        self.ensure_one()
        if until is None:
            until = today + timedelta(days=self.horizon_days + self.lead_days)
        limits = [until]
        if self.date_end:
            limits.append(self.date_end)
        return min(limits)

    def _get_window_start(self):
        """First due date this plan may have, or None (extension point: a
        scope whose term starts later, e.g. a contract's)."""
        self.ensure_one()
        return None

    def _get_history_key(self, site):
        """Key of ``_get_order_history()`` that counts for the occurrences of
        this plan at ``site``: the whole plan (extension point: a scope over
        several sites keeps one history per site)."""
        self.ensure_one()
        return (self.id, None)

    def _get_occurrences(self, today, until=None, forecast=False):
        """Occurrences of these plans due up to their horizon (or ``until``).

        Without ``forecast``: the occurrences the scheduler is to generate
        (some may already have an order: see ``_get_existing_keys``). With
        ``forecast``: a projection, floating plans assuming each PM is done on
        its due date. A fixed number of queries for the whole recordset.
        """
        plans = self.filtered("active")
        if not plans:
            return []
        history = plans._get_order_history()
        points = plans._get_meter_points(today)
        groups = plans._get_groups()
        result = []
        for plan in plans:
            end = plan._get_window(today, until, forecast)
            if end is None:
                continue
            start = plan._get_window_start()
            for partner, site, units in groups.get(plan, []):
                entry = history[plan._get_history_key(site)]
                if plan.trigger == "meter":
                    found = plan._meter_occurrences(entry, points, today, end, forecast)
                else:
                    found = plan._time_occurrences(entry, today, end, forecast)
                for due, threshold in found:
                    if start and due < start:
                        continue
                    result.append(
                        Occurrence(
                            plan,
                            plan._occurrence_key(due, threshold, site),
                            due,
                            partner,
                            site,
                            units,
                            threshold,
                        )
                    )
        return result

    def _time_occurrences(self, entry, today, end, forecast):
        """[(due date, 0.0)] of a time plan for one site."""
        self.ensure_one()
        anchor, unit, interval = self.date_start, self.interval_unit, self.interval
        if self.mode == "fixed":
            dates = fixed_dates_to_generate(
                anchor, unit, interval, entry["last_due"], today, end
            )
            return [(day, 0.0) for day in dates]
        base = max(
            [d for d in (entry["done_date"], entry["cancelled_due"]) if d],
            default=None,
        )
        if entry["open_due"]:
            if not forecast:
                return []  # floating: one open order at a time
            base = max(base, entry["open_due"]) if base else entry["open_due"]
            dates = floating_dates(anchor, unit, interval, base, end)
        elif forecast:
            dates = floating_dates(anchor, unit, interval, base, end)
        else:
            due = floating_next_date(anchor, unit, interval, base)
            dates = [due] if due <= end else []
        return [(day, 0.0) for day in dates]

    def _meter_occurrences(self, entry, points, today, end, forecast):
        """[(due date, threshold)] of a meter plan."""
        self.ensure_one()
        readings = points.get(self.meter_id.id, [])
        step = self.meter_interval
        if self.mode == "fixed":
            found = meter_occurrences(
                self.meter_start_value,
                step,
                entry["last_threshold"],
                readings,
                today,
                end,
            )
            return [(due, threshold) for threshold, due in found]
        if entry["open_due"] and not forecast:
            return []
        base = max(
            [
                v
                for v in (
                    entry["done_value"],
                    entry["cancelled_threshold"],
                    entry["open_threshold"] if forecast else None,
                )
                if v
            ],
            default=self.meter_start_value,
        )
        found = meter_occurrences(base, step, None, readings, today, end, floating=True)
        return [(due, threshold) for threshold, due in found]

    def _occurrence_key(self, due, threshold, site):
        """Unique key of an occurrence within its plan (extension point: a
        scope over several sites adds ``site`` to it)."""
        self.ensure_one()
        return f"m{threshold:.2f}" if self.trigger == "meter" else due.isoformat()

    def _prepare_order_base_values(self):
        """Values shared by all the orders of this plan (extension point);
        computed once per plan and batch."""
        self.ensure_one()
        vals = {
            "company_id": self.company_id.id,
            "order_type_id": self.order_type_id.id,
            "channel": "pm",
            "required_skill_ids": [fields.Command.set(self.skill_ids.ids)],
            "pm_plan_id": self.id,
        }
        if self.description:
            vals["description"] = self.description
        if self.user_id:
            vals["user_id"] = self.user_id.id
        if self.duration:
            vals["duration"] = self.duration
        if self.checklist_template_id:
            vals["checklist_item_ids"] = (
                self.checklist_template_id._prepare_checklist_commands()
            )
        return vals

    def _prepare_order_values(self, occurrence, today, base=None):
        """Values of the service order of one occurrence (extension point).
        ``base``: this plan's ``_prepare_order_base_values()``, when known."""
        self.ensure_one()
        if base is None:
            base = self._prepare_order_base_values()
        due = occurrence.due_date
        # an overdue occurrence keeps its window in the past
        window_start = datetime.combine(due - timedelta(days=self.lead_days), time.min)
        vals = dict(
            base,
            partner_id=occurrence.partner.id,
            site_id=occurrence.site.id,
            equipment_ids=[fields.Command.set(occurrence.equipment.ids)],
            # the SLA clock starts when the window opens, not months ahead
            date_received=max(window_start, fields.Datetime.now()),
            window_start=window_start,
            window_end=datetime.combine(due, time(23, 59, 59)),
            pm_due_date=due,
            pm_occurrence=occurrence.key,
            pm_meter_threshold=occurrence.threshold,
        )
        if "checklist_item_ids" in base:
            # each order gets its own copy of the item values
            vals["checklist_item_ids"] = [
                (command[0], 0, dict(command[2]))
                if command[0] == fields.Command.CREATE
                else command
                for command in base["checklist_item_ids"]
            ]
        return vals

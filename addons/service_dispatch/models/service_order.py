import logging

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.service_order.tools.input_guard import (
    clean_vals,
)

_logger = logging.getLogger(__name__)

# States an order may be moved in on the board (an order on site stays put)
MOVABLE_STATES = ("new", "scheduled", "dispatched")
# A change of one of these fields is pushed to the open dispatch boards.
BOARD_FIELDS = frozenset(
    {
        "name",
        "active",
        "state",
        "company_id",
        "partner_id",
        "site_id",
        "order_type_id",
        "priority",
        "technician_id",
        "crew_ids",
        "assignment_ids",
        "date_scheduled_start",
        "date_scheduled_end",
        "duration",
        "window_start",
        "window_end",
        "required_skill_ids",
        "min_skill_level",
    }
)
BOARD_CHANNEL = "service_dispatch_board"
BOARD_NOTIFICATION = "service_dispatch/board_changed"
BOARD_PRECOMMIT_KEY = "service_dispatch.board_changes"
DISPATCHER_GROUP = "service_order.group_service_dispatcher"
UNASSIGNED_LIMIT = 100
# the unassigned panel counts up to this many orders ("999+" beyond): a
# bounded count costs the same for 1,000 or 20,000 unassigned orders
UNASSIGNED_COUNT_CAP = 999
# the board's override note is written with this token (a Python object no
# RPC client can send)
OVERRIDE_NOTE_CTX = "service_dispatch_override_note"
OVERRIDE_NOTE_TOKEN = object()
SUGGESTION_HORIZON_DAYS = 5
MAX_BOARD_DAYS = 31
# the filters the board sends, each an id or False
BOARD_FILTERS = ("team_id", "territory_id", "skill_id")


class ServiceOrder(models.Model):
    _inherit = "service.order"

    territory_id = fields.Many2one(
        "service.territory",
        related="site_id.service_territory_id",
        store=True,
        # computed before the insert: no UPDATE after each create
        precompute=True,
        index="btree_not_null",
        string="Territory",
    )
    min_skill_level = fields.Integer(
        string="Minimum Skill Level (%)",
        default=0,
        help="Technicians must hold every required skill at this level or "
        "above (the progress of their hr.skill level, 0-100).",
    )
    dispatch_override_note = fields.Text(
        string="Dispatch Override",
        readonly=True,
        copy=False,
        help="Set when a dispatcher assigned a technician despite a missing "
        "skill, time off or working hours: who, when, what and why.",
    )
    dispatch_warning = fields.Text(
        compute="_compute_dispatch_warning",
        groups="service_order.group_service_dispatcher",
        help="Why the assigned technicians should not take this order then "
        "(skills, time off, working hours).",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("min_skill_level")
    def _check_min_skill_level(self):
        for order in self:
            if not 0 <= order.min_skill_level <= 100:
                raise ValidationError(
                    _(
                        "%(order)s: the minimum skill level is a percentage "
                        "between 0 and 100.",
                        order=order.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Dispatcher features: access and one order at a time
    # ------------------------------------------------------------------
    @api.model
    def _check_dispatch_access(self):
        """The board, the suggestions and auto-dispatch are dispatcher
        features: every public method of them calls this first. Only the
        user's groups count (server-side code may run as superuser); nothing
        a client sends unlocks it."""
        if self.env.su or self.env.user.has_group(DISPATCHER_GROUP):
            return
        raise AccessError(
            _(
                "Only dispatchers can plan service orders (dispatch board, "
                "technician suggestions, auto-dispatch)."
            )
        )

    def _ensure_one_dispatch(self):
        """A clean error instead of "Expected singleton" for the methods that
        work on one order ([] or several ids over RPC)."""
        if len(self) != 1:
            raise UserError(
                _(
                    "This works on one service order at a time (%(count)s given).",
                    count=len(self),
                )
            )
        return self

    # ------------------------------------------------------------------
    # Planned parts (hook: service_dispatch_stock looks in the vans)
    # ------------------------------------------------------------------
    def _get_parts_availability(self, employees):
        """Whether each of ``employees`` (hr.employee or hr.employee.public)
        carries the planned parts of each order of ``self``:
        ``{(order id, employee id): "ok" | "partial" | "missing" | False}``;
        a pair left out (or False) shows no badge. Batched: a constant number
        of queries for all orders and employees. Nothing here knows stock."""
        return {}

    # ------------------------------------------------------------------
    # CRUD: push changes to the open dispatch boards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        for vals in vals_list:
            self._check_override_note_write(vals)
        orders = super().create(vals_list)
        orders._notify_dispatch_board()
        return orders

    def write(self, vals):
        vals = clean_vals(self, vals)
        self._check_override_note_write(vals)
        result = super().write(vals)
        if BOARD_FIELDS.intersection(vals):
            self._notify_dispatch_board()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_notify_dispatch_board(self):
        self._notify_dispatch_board()


def _naive_intervals(intervals):
    """Odoo ``Intervals`` (aware, any tz) -> sorted naive UTC pairs."""
    result = []
    for item in intervals:
        start, end = item[0], item[1]
        result.append(
            (
                start.astimezone(pytz.utc).replace(tzinfo=None),
                end.astimezone(pytz.utc).replace(tzinfo=None),
            )
        )
    return sorted(result)


def _complement(intervals, start, end):
    """[start, end) minus ``intervals`` (sorted, naive)."""
    result, cursor = [], start
    for i_start, i_end in intervals:
        if i_start > cursor:
            result.append((cursor, min(i_start, end)))
        cursor = max(cursor, i_end)
        if cursor >= end:
            break
    if cursor < end:
        result.append((cursor, end))
    return result

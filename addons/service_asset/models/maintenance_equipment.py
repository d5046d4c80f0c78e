from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.service_order.models.service_order import OPEN_STATES
from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import (
    check_linked_records,
    ensure_one_record,
)

# the suite's own links on a unit: checked to exist and to be readable by the
# caller before the constraints (and their messages) look at them
LINK_FIELDS = {"partner_id", "site_id", "parent_id"}

SERVICE_STATUSES = [
    ("operational", "Operational"),
    ("needs_service", "Needs Service"),
    ("out_of_service", "Out of Service"),
    ("retired", "Retired"),
]


class MaintenanceEquipment(models.Model):
    """Customer equipment: the native equipment, owned by a customer and
    installed at one of its sites.

    The native ``partner_id`` ("Vendor") becomes the customer who owns the unit;
    the maker is kept in ``manufacturer`` and its part number in ``partner_ref``.
    """

    _inherit = "maintenance.equipment"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    partner_id = fields.Many2one(
        string="Customer",
        index=True,
        tracking=True,
        help="The customer who owns the unit.",
    )
    partner_ref = fields.Char(string="Manufacturer Reference")
    site_id = fields.Many2one(
        "res.partner",
        compute="_compute_site_id",
        store=True,
        readonly=False,
        precompute=True,
        recursive=True,
        index=True,
        check_company=True,
        tracking=True,
        domain="[('id', 'child_of', partner_id)]",
        help="Where the unit is installed: the customer or one of its addresses.",
    )
    manufacturer = fields.Char()
    install_date = fields.Date(
        help="Installation at the customer's: the warranty runs from this day."
    )
    parent_id = fields.Many2one(
        "maintenance.equipment",
        string="Part Of",
        index="btree_not_null",
        check_company=True,
        ondelete="restrict",
        help="The unit this one belongs to (a compressor of a rooftop unit).",
    )
    child_ids = fields.One2many("maintenance.equipment", "parent_id", string="Parts")
    service_status = fields.Selection(
        SERVICE_STATUSES,
        default="operational",
        required=True,
        tracking=True,
        index=True,
    )
    meter_ids = fields.One2many("service.asset.meter", "equipment_id", string="Meters")
    service_order_ids = fields.Many2many(
        "service.order",
        "service_order_equipment_rel",
        "equipment_id",
        "order_id",
        string="Service Orders",
        copy=False,
    )
    service_order_count = fields.Integer(
        compute="_compute_service_stats", string="Orders"
    )
    open_order_count = fields.Integer(
        compute="_compute_service_stats", string="Open Orders"
    )
    last_service_date = fields.Date(
        compute="_compute_service_stats",
        string="Last Serviced",
        help="Completion day of the unit's last done service order.",
    )
    under_warranty = fields.Boolean(
        compute="_compute_under_warranty",
        search="_search_under_warranty",
        help="Today falls between the installation and the warranty end date.",
    )
    service_part_line_ids = fields.Many2many(
        "service.order.line",
        compute="_compute_service_history",
        string="Parts Used",
    )
    service_technician_ids = fields.Many2many(
        "hr.employee",
        compute="_compute_service_history",
        string="Technicians",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id", "parent_id.site_id")
    def _compute_site_id(self):
        for unit in self:
            if unit.parent_id.site_id:
                unit.site_id = unit.parent_id.site_id
                continue
            partner = unit.partner_id
            if not partner:
                unit.site_id = False
            elif unit.site_id.commercial_partner_id != partner.commercial_partner_id:
                unit.site_id = partner.address_get(["delivery"])["delivery"]

    def _compute_service_stats(self):
        """Order counts and last service day: one grouped query for the whole
        recordset (a list of 1,000 units costs what a list of 10 does)."""
        data = self.env["service.order"]._read_group(
            [("equipment_ids", "in", self.ids)],
            ["equipment_ids", "state"],
            ["__count", "date_done:max"],
        )
        total = defaultdict(int)
        open_count = defaultdict(int)
        last_done = {}
        for unit, state, count, date_done in data:
            total[unit.id] += count
            if state in OPEN_STATES:
                open_count[unit.id] += count
            elif state == "done" and date_done:
                last_done[unit.id] = date_done
        for unit in self:
            unit.service_order_count = total[unit.id]
            unit.open_order_count = open_count[unit.id]
            done = last_done.get(unit.id)
            unit.last_service_date = (
                fields.Date.context_today(self, timestamp=done) if done else False
            )

    @api.depends("install_date", "warranty_date")
    @api.depends_context("tz")
    def _compute_under_warranty(self):
        today = fields.Date.context_today(self)
        for unit in self:
            unit.under_warranty = unit._is_under_warranty(today)

    def _search_under_warranty(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on 'under warranty'."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [
                ("warranty_date", ">=", today),
                "|",
                ("install_date", "=", False),
                ("install_date", "<=", today),
            ]
        return [
            "|",
            "|",
            ("warranty_date", "=", False),
            ("warranty_date", "<", today),
            ("install_date", ">", today),
        ]

    def _compute_service_history(self):
        """Parts used and technicians of the units' orders, one search each."""
        lines = self.env["service.order.line"].search(
            [
                ("order_id.equipment_ids", "in", self.ids),
                ("line_type", "=", "part"),
                ("qty_used", ">", 0),
            ]
        )
        lines_by_unit = defaultdict(list)
        for line in lines:
            for unit_id in line.order_id.equipment_ids.ids:
                lines_by_unit[unit_id].append(line.id)
        orders = self.env["service.order"].search(
            [("equipment_ids", "in", self.ids), ("state", "!=", "cancelled")]
        )
        techs_by_unit = defaultdict(set)
        for order in orders:
            employees = (order.technician_id | order.crew_ids).ids
            for unit_id in order.equipment_ids.ids:
                techs_by_unit[unit_id].update(employees)
        for unit in self:
            unit.service_part_line_ids = [
                fields.Command.set(lines_by_unit.get(unit.id, []))
            ]
            unit.service_technician_ids = [
                fields.Command.set(list(techs_by_unit.get(unit.id, ())))
            ]

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("partner_id", "site_id")
    def _check_site(self):
        for unit in self:
            if unit.site_id and (
                unit.site_id.commercial_partner_id
                != unit.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    _(
                        "%(unit)s: the site %(site)s is not an address of the "
                        "customer %(customer)s.",
                        unit=unit.display_name,
                        site=unit.site_id.display_name,
                        customer=unit.partner_id.display_name or _("(none)"),
                    )
                )

    @api.constrains("parent_id", "partner_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(
                _("A unit cannot be a part of itself, directly or through its parts.")
            )
        for unit in self.filtered("parent_id"):
            if unit.parent_id.partner_id != unit.partner_id:
                raise ValidationError(
                    _(
                        "%(unit)s belongs to %(customer)s, but its parent unit "
                        "%(parent)s belongs to %(parent_customer)s.",
                        unit=unit.display_name,
                        customer=unit.partner_id.display_name or _("no customer"),
                        parent=unit.parent_id.display_name,
                        parent_customer=unit.parent_id.partner_id.display_name
                        or _("no customer"),
                    )
                )

    @api.constrains("install_date", "warranty_date")
    def _check_warranty_dates(self):
        for unit in self:
            if (
                unit.install_date
                and unit.warranty_date
                and unit.warranty_date < unit.install_date
            ):
                raise ValidationError(
                    _(
                        "%(unit)s: the warranty cannot end (%(end)s) before the "
                        "installation (%(install)s).",
                        unit=unit.display_name,
                        end=unit.warranty_date,
                        install=unit.install_date,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        check_linked_records(self, vals_list, LINK_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        check_linked_records(self, [vals], LINK_FIELDS)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_service_orders(self):
        ensure_one_record(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "service_order.service_order_action"
        )
        action["domain"] = [("equipment_ids", "in", self.ids)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_site_id": self.site_id.id,
            "default_equipment_ids": self.ids,
            "default_company_id": self.company_id.id or self.env.company.id,
        }
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _is_under_warranty(self, date):
        """Whether one of these units is under warranty on ``date``.

        A unit is covered from its installation (when known) up to and
        including its warranty end date (``warranty_date``).
        """
        day = fields.Date.to_date(date)
        return any(
            unit.warranty_date
            and day <= unit.warranty_date
            and (not unit.install_date or unit.install_date <= day)
            for unit in self
        )

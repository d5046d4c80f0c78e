import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.service_order.tools.input_guard import clean_value
from odoo.addons.service_order.tools.record_guard import check_linked_records


class ServiceOrder(models.Model):
    _inherit = "service.order"

    equipment_ids = fields.Many2many(
        "maintenance.equipment",
        "service_order_equipment_rel",
        "order_id",
        "equipment_id",
        check_company=True,
        domain="[('site_id', '=', site_id)]",
        help="The units serviced; only units installed at the order's site.",
    )
    is_warranty = fields.Boolean(
        string="Under Warranty",
        compute="_compute_is_warranty",
        store=True,
        # computed before the insert: no UPDATE after each create
        precompute=True,
        help="One of the units is under warranty on the day the request came in.",
    )

    @api.depends("equipment_ids.site_id")
    def _compute_site_id(self):
        # the units' site wins: an order created for a unit is done where it is
        result = super()._compute_site_id()
        for order in self:
            sites = order.equipment_ids.site_id
            if (
                len(sites) == 1
                and sites != order.site_id
                and sites.commercial_partner_id
                == order.partner_id.commercial_partner_id
            ):
                order.site_id = sites
        return result

    @api.depends(
        "date_received",
        "site_id.tz",
        "partner_id.tz",
        "equipment_ids.warranty_date",
        "equipment_ids.install_date",
    )
    def _compute_is_warranty(self):
        for order in self:
            order.is_warranty = bool(
                order.equipment_ids
                and order.date_received
                and order.equipment_ids._is_under_warranty(order._get_service_date())
            )

    @api.constrains("equipment_ids", "site_id")
    def _check_equipment_site(self):
        for order in self:
            elsewhere = order.equipment_ids.filtered(
                lambda unit, order=order: unit.site_id != order.site_id
            )
            if elsewhere:
                raise ValidationError(
                    _(
                        "%(order)s: %(units)s not installed at the order's site "
                        "%(site)s.",
                        order=order.display_name,
                        units=", ".join(elsewhere.mapped("display_name")),
                        site=order.site_id.display_name or _("(none)"),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _clean_equipment_link(self, vals):
        """This addon's field in ``vals``, cleaned (the core cleans its own,
        after this override has run)."""
        if isinstance(vals, dict) and "equipment_ids" in vals:
            vals = dict(vals)
            vals["equipment_ids"] = clean_value(
                self, "equipment_ids", vals["equipment_ids"]
            )
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._clean_equipment_link(vals) for vals in vals_list]
        # the units must exist and be readable by the caller before the site
        # and company checks name them
        check_linked_records(self, vals_list, {"equipment_ids"})
        return super().create(vals_list)

    def write(self, vals):
        vals = self._clean_equipment_link(vals)
        check_linked_records(self, [vals], {"equipment_ids"})
        return super().write(vals)

    def _get_service_tz(self):
        """Time zone of the order's days: the site's, else the customer's,
        else the company's, else UTC."""
        self.ensure_one()
        return (
            self.site_id.tz
            or self.partner_id.tz
            or self.company_id.partner_id.tz
            or "UTC"
        )

    def _get_service_date(self, moment=None):
        """The local day (at the site) of ``moment``, by default the moment the
        request came in. Warranty and contract terms are checked on that day."""
        self.ensure_one()
        moment = moment or self.date_received or fields.Datetime.now()
        tz = pytz.timezone(self._get_service_tz())
        return pytz.utc.localize(moment).astimezone(tz).date()

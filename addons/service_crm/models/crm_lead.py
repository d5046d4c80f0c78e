from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import clean_context, is_html_empty

from odoo.addons.service_order.models.service_order import OPEN_STATES
from odoo.addons.service_order.tools.record_guard import ensure_existing_record

from .service_order import RECOMMENDATION_KINDS


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    service_order_ids = fields.One2many(
        "service.order",
        "lead_id",
        string="Service Orders",
        groups="service_order.group_service_technician",
    )
    service_order_count = fields.Integer(
        compute="_compute_service_order_count",
        string="Service Orders Count",
        groups="service_order.group_service_technician",
    )
    service_order_id = fields.Many2one(
        "service.order",
        string="Recommended On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        groups="service_order.group_service_technician",
        help="The service order whose technician recommended this opportunity.",
    )
    service_recommendation_kind = fields.Selection(
        RECOMMENDATION_KINDS,
        string="Service Recommendation",
        readonly=True,
        copy=False,
        help="Extra work or a replacement a technician recommended on site.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("service_order_ids")
    def _compute_service_order_count(self):
        # one grouped query for all leads (the orders the user may see)
        data = self.env["service.order"]._read_group(
            [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
        )
        counts = {lead.id: count for lead, count in data}
        for lead in self:
            lead.service_order_count = counts.get(lead.id, 0)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_service_order_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_service_order_link([vals])
        return super().write(vals)

    @api.model
    def _check_service_order_link(self, vals_list):
        """The link back to an order and the kind of recommendation are set
        by the server only (a technician's recommendation, created in sudo
        mode by ``service.order._create_sales_opportunity``): a client may
        neither set nor change them, so that an opportunity cannot pose as a
        technician's recommendation nor show the name of a hidden order."""
        if self.env.su:
            return
        for vals in vals_list:
            if not isinstance(vals, dict):
                continue
            if "service_order_id" in vals or "service_recommendation_kind" in vals:
                raise AccessError(
                    _(
                        "The service order and the recommendation of an "
                        "opportunity are set when a technician recommends it "
                        "to sales; they cannot be set or changed by hand."
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_create_service_order(self):
        """Create a service order from the lead (customer, site, description
        and contact carried over) and open it in its form, where the
        dispatcher can still change the type; the customer is created from
        the lead's company or contact name when the lead has none, as crm's
        own conversion does."""
        # the client's default_* keys reach neither the order nor the
        # customer created for it: the values are built here
        lead = ensure_existing_record(self).with_context(
            clean_context(self.env.context)
        )
        lead._check_can_create_service_order()
        lead._ensure_service_customer()
        order = lead.env["service.order"].create(lead._prepare_service_order_values())
        lead.message_post(
            body=_("Service order %(order)s created.", order=order._get_html_link()),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=lead.env.user.partner_id.id,
            email_from=order._get_note_email_from(),
        )
        action = self.env["service.order"]._get_orders_action([("id", "=", order.id)])
        action.update(res_id=order.id, view_mode="form", views=[(False, "form")])
        return action

    def action_view_service_orders(self):
        lead = ensure_existing_record(self)
        return self.env["service.order"]._get_orders_action(
            [("lead_id", "=", lead.id)], {"create": False}
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_can_create_service_order(self):
        """Before anything is written: the user plans service orders (a
        salesperson without service rights asks a dispatcher), the lead is
        not lost, and there is an order type to start from."""
        self.ensure_one()
        if not self.env["service.order"].has_access("create"):
            raise AccessError(
                _(
                    "Only service dispatchers can create service orders from a "
                    "lead; ask a dispatcher to create the order for %(lead)s.",
                    lead=self.name,
                )
            )
        self.check_access("write")
        open_order = self._get_open_service_order()
        if open_order:
            raise UserError(
                _(
                    "%(lead)s already has an open service order, %(order)s: open "
                    "it with the lead's Service Orders button. To plan a second "
                    "visit, create it from the service order list.",
                    lead=self.name,
                    order=open_order.name,
                )
            )
        if not self.active:
            raise UserError(
                _(
                    "%(lead)s is lost or archived: restore it before creating a "
                    "service order.",
                    lead=self.name,
                )
            )
        if not self._get_service_order_type():
            raise UserError(
                _(
                    "There is no service order type for %(company)s: create one "
                    "in Field Service > Configuration first.",
                    company=(self.company_id or self.env.company).name,
                )
            )
        if not self.partner_id and not (self.partner_name or self.contact_name):
            raise UserError(
                _(
                    "%(lead)s has no customer: choose a customer, or fill in the "
                    "company or contact name, before creating a service order.",
                    lead=self.name,
                )
            )
        if not self._get_service_site_address():
            raise UserError(
                _(
                    "%(lead)s: the service site has no address. Add a street or a "
                    "city (on the lead or on the customer) so that a technician "
                    "can find it.",
                    lead=self.name,
                )
            )

    def _get_open_service_order(self):
        """The lead's first open service order (that the user can see)."""
        self.ensure_one()
        return self.env["service.order"].search(
            [("lead_id", "=", self.id), ("state", "in", list(OPEN_STATES))],
            order="id",
            limit=1,
        )

    def _get_service_site_address(self):
        """The street and city the site will have: the customer's delivery
        address, else the lead's own address (for a customer still to be
        created)."""
        self.ensure_one()
        if self.partner_id:
            site = self.partner_id.address_get(["delivery"])["delivery"]
            site = self.env["res.partner"].browse(site)
            return site.street or site.city or False
        return self.street or self.city or False

    def _get_service_order_type(self):
        """The type of an order created from the lead: the type flagged
        "Default for CRM" (the company's own before a shared one), else the
        least urgent ordinary type (never a callback, an emergency only when
        there is nothing else). The order opens in its form, where the
        dispatcher can change the type while it is new."""
        company = self.company_id or self.env.company
        types = self.env["service.order.type"].search(
            [
                ("company_id", "in", [company.id, False]),
                ("is_callback", "=", False),
            ]
        )
        if not types:
            return types

        def rank(order_type):
            return (
                not order_type.is_crm_default,
                # a default of the company before a shared one
                not (order_type.is_crm_default and order_type.company_id),
                int(order_type.default_priority or 0),
                not order_type.company_id,
                order_type.sequence,
                order_type.id,
            )

        return min(types, key=rank)

    def _ensure_service_customer(self):
        """Give the lead a customer when it has none, from its company or
        contact name (crm's own conversion)."""
        self.ensure_one()
        if not self.partner_id:
            self._handle_partner_assignment(create_missing=True)

    def _prepare_service_order_values(self):
        """Values of the service order created from the lead (extension
        point)."""
        self.ensure_one()
        partner = self.partner_id
        site = partner.address_get(["delivery"])["delivery"]
        return {
            "lead_id": self.id,
            "company_id": (self.company_id or self.env.company).id,
            "partner_id": partner.id,
            "site_id": site,
            "order_type_id": self._get_service_order_type().id,
            "channel": "crm",
            "description": self._get_service_description(),
            "contact_name": self.contact_name
            or (partner.name if not partner.is_company else False),
            "contact_phone": self.phone
            or self.mobile
            or partner.phone
            or partner.mobile,
            "contact_email": self.email_from or partner.email,
        }

    def _get_service_description(self):
        """The lead's notes, else its title."""
        self.ensure_one()
        if not is_html_empty(self.description):
            return self.description
        return Markup("<p>%s</p>") % self.name

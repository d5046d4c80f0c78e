from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import clean_context, plaintext2html

from odoo.addons.service_order.tools.input_guard import clean_vals
from odoo.addons.service_order.tools.record_guard import ensure_existing_record

SALESMAN_GROUP = "sales_team.group_sale_salesman"

RECOMMENDATION_KINDS = [
    ("extra_work", "Extra Work"),
    ("replacement", "Replacement"),
]


class ServiceOrder(models.Model):
    _inherit = "service.order"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    # orders created from a lead or opportunity; back to the default channel
    # when this addon is uninstalled
    channel = fields.Selection(
        selection_add=[("crm", "CRM")],
        ondelete={"crm": "set default"},
    )
    contact_email = fields.Char(
        help="E-mail address of the person to contact on site.",
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead / Opportunity",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        groups=SALESMAN_GROUP,
        help="The lead or opportunity this order was created from.",
    )
    opportunity_ids = fields.One2many(
        "crm.lead",
        "service_order_id",
        string="Opportunities",
        groups=SALESMAN_GROUP,
    )
    opportunity_count = fields.Integer(
        compute="_compute_opportunity_count",
        string="Opportunities Count",
        groups=SALESMAN_GROUP,
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("opportunity_ids")
    def _compute_opportunity_count(self):
        # one grouped query for all orders (the opportunities the user sees)
        data = self.env["crm.lead"]._read_group(
            [("service_order_id", "in", self.ids)], ["service_order_id"], ["__count"]
        )
        counts = {order.id: count for order, count in data}
        for order in self:
            order.opportunity_count = counts.get(order.id, 0)

    def _get_technician_writable_fields(self):
        # the contact's e-mail, as his name and phone (corrected on site)
        return super()._get_technician_writable_fields() | {"contact_email"}

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [clean_vals(self, vals) for vals in vals_list]
        self._check_lead_link(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        vals = clean_vals(self, vals)
        self._check_lead_link([vals])
        return super().write(vals)

    @api.model
    def _check_lead_link(self, vals_list):
        """An order only points at a lead its author can read (the order's
        form then shows the lead's name to the sales team)."""
        if self.env.su:
            return
        ids = {vals["lead_id"] for vals in vals_list if vals.get("lead_id")}
        if ids:
            leads = self.env["crm.lead"].browse(ids).exists()
            if len(leads) != len(ids) or leads - leads._filtered_access("read"):
                raise AccessError(
                    _("You can only link a service order to a lead you can see.")
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_recommend_to_sales(self):
        """Open the recommendation form (extra work or a replacement the
        technician proposes) for this order."""
        order = ensure_existing_record(self)
        order._check_can_recommend()
        return {
            "type": "ir.actions.act_window",
            "name": _("Recommend to Sales"),
            "res_model": "service.crm.recommendation",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_order_id": order.id},
        }

    def action_view_opportunities(self):
        order = ensure_existing_record(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm.crm_lead_opportunities"
        )
        action["domain"] = [("service_order_id", "=", order.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_can_recommend(self):
        """The caller may write the order (a technician: his own orders) and
        the order is not cancelled."""
        self.ensure_one()
        self.check_access("write")
        if self.state == "cancelled":
            raise UserError(
                _(
                    "%(order)s is cancelled: it cannot raise an opportunity.",
                    order=self.name,
                )
            )

    def _create_sales_opportunity(self, recommendation):
        """Create the opportunity a recommendation asks for, for the sales
        team, and log it on the order. The only way a technician (who has no
        CRM rights) creates an opportunity."""
        self.ensure_one()
        self._check_can_recommend()
        values = self._prepare_opportunity_values(recommendation)
        # sudo: technicians and dispatchers have no CRM rights. Safe: the
        # caller may write this order (checked above, as the caller), the
        # values are built here from the order and the recommendation's title
        # and note only (no client value reaches another field of the lead),
        # and the client's context (default_* keys) is dropped.
        lead = (
            self.env["crm.lead"]
            .with_context(
                clean_context(self.env.context),
                mail_create_nosubscribe=True,
            )
            .sudo()
            .with_company(self.company_id)
            .create(values)
        )
        self.message_post(
            body=_(
                "Recommended to sales: %(title)s (opportunity %(ref)s).",
                title=lead.name,
                ref=lead.id,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
            email_from=self._get_note_email_from(),
        )
        return lead

    def _get_note_email_from(self):
        """The sender of a note logged by the current user about the order
        (on the order, on its lead): his address, else the company's (many
        technicians have no e-mail address, and an internal note must not
        need one)."""
        self.ensure_one()
        user = self.env.user
        company = self.company_id
        return (
            user.email_formatted
            or company.email_formatted
            or company.catchall_formatted
            or user.name
        )

    def _get_opportunity_salesperson(self):
        """The customer's salesperson when he works for the order's company."""
        self.ensure_one()
        user = self.partner_id.commercial_partner_id.user_id or self.partner_id.user_id
        # sudo: to read the salesperson's companies (not readable by a
        # technician); nothing is written
        if (
            user
            and self.company_id in user.sudo().company_ids
            and not user.sudo().share
        ):
            return user
        return self.env["res.users"]

    def _get_opportunity_team(self, user):
        """The sales team: the salesperson's, else the company's first team
        working on opportunities (else a shared one)."""
        Team = self.env["crm.team"].sudo()  # sudo: technicians cannot read teams
        if user:
            team = Team.with_company(self.company_id)._get_default_team_id(
                user_id=user.id, domain=[("use_opportunities", "=", True)]
            )
            if team:
                return team
        # the company's own team first, else a team shared by all companies
        for company in (self.company_id.id, False):
            team = Team.search(
                [("company_id", "=", company), ("use_opportunities", "=", True)],
                limit=1,
            )
            if team:
                return team
        return Team

    def _prepare_opportunity_values(self, recommendation):
        """Values of the opportunity of ``recommendation`` (extension point:
        add what your addon knows, e.g. the unit)."""
        self.ensure_one()
        user = self._get_opportunity_salesperson()
        team = self._get_opportunity_team(user)
        partner = self.partner_id
        values = {
            "type": "opportunity",
            "name": recommendation.name.strip(),
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "user_id": user.id or False,
            "team_id": team.id or False,
            "service_order_id": self.id,
            "service_recommendation_kind": recommendation.kind,
            "contact_name": self.contact_name or False,
            "phone": self.contact_phone or partner.phone or False,
            "email_from": self.contact_email or partner.email or False,
            "description": Markup("").join(
                self._get_opportunity_description(recommendation)
            ),
        }
        if "iap_enrich_done" in self.env["crm.lead"]._fields:
            # crm_iap_enrich: the customer is known (it is the order's), so
            # the opportunity needs no enrichment from its e-mail domain (an
            # IAP call, no network needed by this flow)
            values["iap_enrich_done"] = True
        return values

    def _get_opportunity_description(self, recommendation):
        """Paragraphs of the opportunity's notes (extension point)."""
        self.ensure_one()
        kinds = dict(
            self.env["crm.lead"]
            ._fields["service_recommendation_kind"]
            ._description_selection(self.env)
        )
        paragraphs = [
            Markup("<p>%s</p>")
            % _(
                "%(kind)s recommended by %(author)s on service order %(order)s "
                "(site: %(site)s).",
                kind=kinds.get(recommendation.kind, recommendation.kind),
                author=self.env.user.name,
                order=self.name,
                site=self.site_id.display_name or self.partner_id.display_name,
            )
        ]
        if recommendation.note and recommendation.note.strip():
            paragraphs.append(plaintext2html(recommendation.note.strip()))
        return paragraphs

from odoo import api, fields, models

from odoo.addons.service_order.tools.input_guard import clean_vals


class ServiceTerritory(models.Model):
    _name = "service.territory"
    _description = "Service Territory"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    technician_ids = fields.Many2many(
        "hr.employee",
        "service_territory_employee_rel",
        "territory_id",
        "employee_id",
        string="Technicians",
        check_company=True,
        domain="[('is_field_technician', '=', True)]",
        help="The technicians who cover this territory.",
    )
    site_ids = fields.One2many(
        "res.partner", "service_territory_id", string="Sites", readonly=True
    )
    site_count = fields.Integer(compute="_compute_site_count")
    description = fields.Text()

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A territory with this name already exists in this company.",
        )
    ]

    @api.depends("site_ids")
    def _compute_site_count(self):
        data = self.env["res.partner"]._read_group(
            [("service_territory_id", "in", self.ids)],
            ["service_territory_id"],
            ["__count"],
        )
        counts = {territory.id: count for territory, count in data}
        for territory in self:
            territory.site_count = counts.get(territory.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(clean_vals(self, vals))

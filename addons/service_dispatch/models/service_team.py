from odoo import api, fields, models

from odoo.addons.service_order.tools.input_guard import clean_vals


class ServiceTeam(models.Model):
    _name = "service.team"
    _description = "Field Service Team"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Dispatcher",
        check_company=True,
        domain=[("share", "=", False)],
        help="Who plans this team's work.",
    )
    member_ids = fields.Many2many(
        "hr.employee",
        "service_team_employee_rel",
        "team_id",
        "employee_id",
        string="Technicians",
        check_company=True,
        domain="[('is_field_technician', '=', True)]",
    )
    member_count = fields.Integer(compute="_compute_member_count")
    description = fields.Text()

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A team with this name already exists in this company.",
        )
    ]

    @api.depends("member_ids")
    def _compute_member_count(self):
        for team in self:
            team.member_count = len(team.member_ids)

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([clean_vals(self, vals) for vals in vals_list])

    def write(self, vals):
        return super().write(clean_vals(self, vals))

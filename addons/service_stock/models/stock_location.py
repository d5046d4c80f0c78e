from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    service_employee_id = fields.Many2one(
        "hr.employee",
        string="Van of",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
        help="The field technician whose van this location is.",
    )

    _sql_constraints = [
        (
            "service_employee_uniq",
            "unique(service_employee_id)",
            "A technician has one van.",
        )
    ]

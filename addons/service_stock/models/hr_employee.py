from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

VAN_MANAGER_GROUPS = (
    "service_order.group_service_manager",
    "stock.group_stock_manager",
)


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    van_location_id = fields.Many2one(
        "stock.location",
        string="Van",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The technician's van: an internal location under the Vans of "
        "his company's warehouse. Parts he uses are consumed from it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        employees.filtered("is_field_technician")._service_ensure_van(strict=False)
        return employees

    def write(self, vals):
        result = super().write(vals)
        if vals.get("is_field_technician"):
            self._service_ensure_van(strict=False)
        return result

    def action_create_van(self):
        if not (
            self.env.su
            or any(self.env.user.has_group(group) for group in VAN_MANAGER_GROUPS)
        ):
            raise AccessError(
                _("Only field-service or inventory managers can create vans.")
            )
        not_technicians = self.filtered(lambda e: not e.is_field_technician)
        if not_technicians:
            raise UserError(
                _(
                    "%(employees)s: only field technicians get a van.",
                    employees=", ".join(not_technicians.mapped("name")),
                )
            )
        self._service_ensure_van(strict=True)
        return True

    def _service_ensure_van(self, strict=True):
        """Give each employee of ``self`` without a van one, under the Vans of
        the first warehouse of his company (one create for all). ``strict``:
        raise when a company has no warehouse, else skip its employees."""
        # sudo: the van is configuration derived from the employee record the
        # caller could create or write (or a manager's explicit action); the
        # values are the server's, not the client's
        employees = self.sudo().filtered(lambda e: not e.van_location_id)
        if not employees:
            return self.env["stock.location"]
        warehouses = (
            self.env["stock.warehouse"]
            .sudo()
            .search(
                [("company_id", "in", employees.company_id.ids)], order="sequence, id"
            )
        )
        by_company = {}
        for warehouse in warehouses:
            by_company.setdefault(warehouse.company_id.id, warehouse)
        missing = employees.filtered(lambda e: e.company_id.id not in by_company)
        if missing and strict:
            raise UserError(
                _(
                    "%(companies)s has no warehouse: create one before the vans.",
                    companies=", ".join(missing.company_id.mapped("name")),
                )
            )
        employees -= missing
        if not employees:
            return self.env["stock.location"]
        warehouses.browse([w.id for w in by_company.values()])._service_ensure_vans()
        vans = (
            self.env["stock.location"]
            .sudo()
            .create(
                [
                    {
                        "name": employee.name,
                        "usage": "internal",
                        "location_id": by_company[
                            employee.company_id.id
                        ].service_van_location_id.id,
                        "company_id": employee.company_id.id,
                        "service_employee_id": employee.id,
                    }
                    for employee in employees
                ]
            )
        )
        # one write per new van: vans are created once per technician
        for employee, van in zip(employees, vans, strict=True):
            employee.van_location_id = van
        return vans

from odoo import _, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    service_project_id = fields.Many2one(
        "project.project",
        string="Default Service Project",
        check_company=True,
        help="Timesheets of service orders whose type has no project of its "
        "own go to this project.",
    )

    def _get_service_project(self):
        """The company's default service project, created when missing."""
        self.ensure_one()
        if self.service_project_id:
            return self.service_project_id
        # sudo: the project of the company's field service, created once by
        # the server (the technicians closing their logs have no project
        # rights)
        project = (
            self.env["project.project"]
            .sudo()
            .with_company(self)
            .create(
                {
                    "name": _("Field Service"),
                    "company_id": self.id,
                    "allow_timesheets": True,
                }
            )
        )
        self.sudo().service_project_id = project
        return project

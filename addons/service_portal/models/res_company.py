from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Odoo caps each part of a form at 10 MB (odoo/http.py, max_form_memory_size)
# and answers 413 before the controller runs: a file must stay below it
MAX_UPLOAD_MB = 9


class ResCompany(models.Model):
    _inherit = "res.company"

    service_portal_reminder_days = fields.Integer(
        string="Visit Reminder (days ahead)",
        default=2,
        help="Customers get an email this many days before a scheduled visit, "
        "with the confirmed window. 0 turns the reminder off.",
    )
    service_portal_max_upload_mb = fields.Integer(
        string="Largest Portal Upload (MB)",
        default=8,
        help="A photo or PDF a customer attaches to a request is at most this "
        "large: 1 to 9 MB (Odoo refuses a form part of 10 MB or more before the "
        "portal can answer).",
    )
    service_portal_request_limit = fields.Integer(
        string="Portal Requests per Hour",
        default=5,
        help="How many service requests one portal user may submit in an hour.",
    )
    service_portal_order_type_id = fields.Many2one(
        "service.order.type",
        string="Portal Request Type",
        check_company=True,
        help="Type of the orders customers submit in the portal (else the "
        "first type of the company).",
    )
    service_portal_user_id = fields.Many2one(
        "res.users",
        string="Portal Requests Dispatcher",
        check_company=True,
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref("service_order.group_service_dispatcher").ids,
            )
        ],
        help="Responsible of the orders customers submit in the portal; he "
        "also gets the reschedule requests of orders without a responsible.",
    )

    @api.constrains(
        "service_portal_reminder_days",
        "service_portal_max_upload_mb",
        "service_portal_request_limit",
    )
    def _check_service_portal_settings(self):
        for company in self:
            if not 0 <= company.service_portal_reminder_days <= 60:
                raise ValidationError(
                    _("The visit reminder is sent 0 to 60 days ahead.")
                )
            if not 1 <= company.service_portal_max_upload_mb <= MAX_UPLOAD_MB:
                raise ValidationError(
                    _(
                        "A portal upload may be 1 to %(max)s MB large at most.",
                        max=MAX_UPLOAD_MB,
                    )
                )
            if not 1 <= company.service_portal_request_limit <= 1000:
                raise ValidationError(
                    _("Allow 1 to 1000 portal requests per hour and user.")
                )

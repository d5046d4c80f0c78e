"""The signed service report (PDF) of an order: what it shows, and the e-mail
to the customer on completion."""

from collections import defaultdict

from odoo import _, fields, models
from odoo.exceptions import UserError

REPORT_TEMPLATE = "service_report.mail_template_service_order_report"


class ServiceOrder(models.Model):
    # one file per concern of the report part of the order
    _inherit = "service.order"  # pylint: disable=consider-merging-classes-inherited

    service_report_sent_on = fields.Datetime(
        string="Report Sent On",
        readonly=True,
        copy=False,
        help="When the service report was e-mailed to the customer (once, on "
        "completion, when the order type says so).",
    )

    def _check_lifecycle_stamps(self, vals):
        result = super()._check_lifecycle_stamps(vals)
        if "service_report_sent_on" in vals and not self.env.su:
            raise UserError(
                _(
                    "Report Sent On: recorded when the service report is "
                    "e-mailed on completion, not written by hand."
                )
            )
        return result

    # ------------------------------------------------------------------
    # Completion: the report to the customer
    # ------------------------------------------------------------------
    def action_complete(self):
        result = super().action_complete()
        self._send_service_report()
        return result

    def _send_service_report(self):
        """E-mail the signed report to the customer of each done order whose
        type asks for it, once per order (stamped ``service_report_sent_on``).
        Queued (sent by the mail cron), so a mail server down does not undo
        the completion."""
        orders = self.filtered(
            lambda o: (
                o.state == "done"
                and o.order_type_id.send_report_on_completion
                and not o.service_report_sent_on
                and (o.partner_id.email or o.site_id.email)
            )
        )
        if not orders:
            return
        template = self.env.ref(REPORT_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        # sudo: the order was just completed by this user (he may read it);
        # the template and its report are the suite's own, and a technician
        # has no right on mail templates nor on outgoing mails
        template = template.sudo()
        for order in orders:
            template.send_mail(order.id, force_send=False)
        orders._write_lifecycle({"service_report_sent_on": fields.Datetime.now()})

    # ------------------------------------------------------------------
    # What the report shows
    # ------------------------------------------------------------------
    def _get_report_photos(self):
        """The image attachments of the order (photos from the site), oldest
        first: one query."""
        self.ensure_one()
        # sudo: attachments of an order the reader may read (the report is
        # rendered for that order only); ir.attachment's own rules would ask
        # one query per record
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("mimetype", "=like", "image/%"),
                ],
                order="id",
            )
        )

    def _get_report_time_summary(self):
        """Travel and work hours per technician: ``[(name, travel, work)]``."""
        self.ensure_one()
        totals = defaultdict(lambda: [0.0, 0.0])
        for log in self.timelog_ids:
            if log.kind == "travel":
                totals[log.employee_id.name][0] += log.duration
            elif log.kind == "work":
                totals[log.employee_id.name][1] += log.duration
        return [(name, travel, work) for name, (travel, work) in sorted(totals.items())]

    def _get_report_units(self):
        """The units serviced (service_asset's ``equipment_ids`` when it is
        installed), else nothing."""
        self.ensure_one()
        if "equipment_ids" not in self._fields:
            return []
        return self.equipment_ids

from odoo import fields, models

DISPATCHER_GROUP = "service_order.group_service_dispatcher"
MY_DAY_ACTION = "service_mobile.action_my_day"


class ResUsers(models.Model):
    _inherit = "res.users"

    service_job_notify_email = fields.Boolean(
        string="Job notifications by email",
        help="Also receive an e-mail when a job is assigned to you, moved or "
        "cancelled (the notification in Odoo and the live update of My Day "
        "come anyway).",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["service_job_notify_email"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["service_job_notify_email"]

    def _get_service_home_action(self):
        """A technician who does not dispatch lands on My Day (his phone's
        home); the others as before."""
        action = super()._get_service_home_action()
        if action and not self.has_group(DISPATCHER_GROUP):
            my_day = self.env.ref(MY_DAY_ACTION, raise_if_not_found=False)
            if my_day:
                return my_day
        return action

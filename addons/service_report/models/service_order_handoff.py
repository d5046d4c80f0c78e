from odoo import fields, models


class ServiceOrder(models.Model):
    # one file per concern of the report part of the order
    _inherit = "service.order"  # pylint: disable=consider-merging-classes-inherited

    # no such state in the lifecycle: a flag on an open order, listed by the
    # shift handoff
    waiting_parts = fields.Boolean(
        string="Waiting for Parts",
        tracking=True,
        copy=False,
        help="The job cannot go on before parts arrive: the shift handoff lists "
        "it for the next shift.",
    )

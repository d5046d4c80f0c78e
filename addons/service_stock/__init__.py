from . import models


def post_init_hook(env):
    """The field technicians that exist when the addon is installed get their
    van (the ones made technicians later get it on the way)."""
    env["hr.employee"].search([("is_field_technician", "=", True)])._service_ensure_van(
        strict=False
    )

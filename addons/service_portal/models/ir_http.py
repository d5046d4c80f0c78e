import werkzeug.utils
from werkzeug.exceptions import RequestEntityTooLarge

from odoo import models
from odoo.http import Response, request

REQUEST_PATH = "/my/service/request"


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """A request form whose file is larger than Odoo's form limit (10 MB a
        part, refused before the controller runs): back to the form with a
        message, not a bare 413 page. The browser checks the size first; this
        is for the browsers without script."""
        if (
            isinstance(exception, RequestEntityTooLarge)
            and request
            and request.httprequest.path == REQUEST_PATH
        ):
            return werkzeug.utils.redirect(
                f"{REQUEST_PATH}?too_large=1", code=303, Response=Response
            )
        return super()._handle_error(exception)

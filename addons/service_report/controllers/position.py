from odoo import http
from odoo.http import request


class ServicePositionController(http.Controller):
    @http.route("/service_report/position", type="json", auth="user", methods=["POST"])
    def report_position(self, latitude=None, longitude=None):
        """The technician's phone reports where he is (his own employee only:
        the user is the session's, nothing the client sends chooses another
        employee)."""
        employee = request.env.user.employee_id
        if not employee or not employee.sudo().is_field_technician:
            return {"ok": False}
        # sudo: the user's own employee record, the position fields only,
        # validated by _set_last_position (a technician cannot write them)
        employee.sudo()._set_last_position(latitude, longitude)
        return {"ok": True}

from datetime import datetime

import pytz
from werkzeug.exceptions import NotFound
from werkzeug.urls import url_encode

from odoo import _, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.addons.service_order.models.service_order import OPEN_STATES

from ..models.service_order import MAX_WINDOWS, RESCHEDULE_STATES, customer_tz
from ..utils.upload import MAX_FILES

ORDER_MODEL = "service.order"
MAX_ID = 2**31 - 1
# bytes read of one upload beyond the limit, to tell "too large" without
# reading a huge body into memory
READ_MARGIN = 1


class ServicePortal(CustomerPortal):
    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    def _service_entity(self):
        return request.env.user.partner_id.commercial_partner_id

    def _service_order_domain(self):
        """The orders a customer lists: his commercial entity's (the portal
        record rule says the same; internal users visiting /my see only
        their own entity's too)."""
        return [("partner_id.commercial_partner_id", "=", self._service_entity().id)]

    def _service_check_order(self, order_id, access_token=None):
        """The order as superuser once the user may read it or gave its
        token; 404 otherwise (another customer's order, a wrong token, an id
        that does not exist: the same answer, nothing leaks)."""
        if not isinstance(order_id, int) or not 0 < order_id <= MAX_ID:
            raise NotFound()
        if access_token is not None and not isinstance(access_token, str):
            raise NotFound()
        try:
            return self._document_check_access(
                ORDER_MODEL, order_id, access_token=access_token or None
            )
        except (AccessError, MissingError) as exc:
            raise NotFound() from exc

    def _service_author(self, order_sudo):
        """The partner who acts: the logged-in customer, else (a link with
        the order's token) the order's customer."""
        user = request.env.user
        if user._is_public():
            return order_sudo.partner_id
        return user.partner_id

    def _service_order_url(self, order_sudo, access_token=None, **params):
        url = order_sudo.access_url
        query = {k: v for k, v in params.items() if v}
        if access_token:
            query["access_token"] = access_token
        if query:
            url = f"{url}?{url_encode(query)}"
        return url

    def _service_min_window_input(self, tz_name):
        """Today 00:00 in the customer's time zone, as the ``min`` of the
        form's datetime-local inputs (the server checks the past too)."""
        today = datetime.now(pytz.timezone(tz_name)).date()
        return f"{today:%Y-%m-%d}T00:00"

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "service_order_count" in counters:
            Order = request.env[ORDER_MODEL]
            values["service_order_count"] = (
                Order.search_count(self._service_order_domain())
                if Order.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # list
    # ------------------------------------------------------------------
    def _service_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "visit": {
                "label": _("Visit date"),
                "order": "date_scheduled_start desc, id desc",
            },
            "name": {"label": _("Reference"), "order": "name desc, id desc"},
            "state": {"label": _("Status"), "order": "state, id desc"},
        }

    def _service_searchbar_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("state", "in", OPEN_STATES)]},
            "planned": {
                "label": _("Planned visits"),
                "domain": [("state", "in", ("scheduled", "dispatched"))],
            },
            "done": {"label": _("Done"), "domain": [("state", "=", "done")]},
            "cancelled": {
                "label": _("Cancelled"),
                "domain": [("state", "=", "cancelled")],
            },
        }

    @http.route(
        ["/my/service/orders", "/my/service/orders/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_service_orders(self, page=1, sortby=None, filterby=None, **kw):
        Order = request.env[ORDER_MODEL]
        if not Order.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        sortings = self._service_searchbar_sortings()
        filters = self._service_searchbar_filters()
        if not isinstance(sortby, str) or sortby not in sortings:
            sortby = "date"
        if not isinstance(filterby, str) or filterby not in filters:
            filterby = "all"
        if not isinstance(page, int) or not 0 < page <= MAX_ID:
            page = 1
        domain = self._service_order_domain() + filters[filterby]["domain"]
        count = Order.search_count(domain)
        pager = portal_pager(
            url="/my/service/orders",
            url_args={"sortby": sortby, "filterby": filterby},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        orders = Order.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_service_orders_history"] = orders.ids[:100]
        values.update(
            {
                # sudo: the display fields (technician's first name, window)
                # of the orders the user just searched as himself
                "orders": orders.sudo(),
                "page_name": "service_order",
                "default_url": "/my/service/orders",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "success": kw.get("success") == "request",
            }
        )
        return request.render("service_portal.portal_my_service_orders", values)

    # ------------------------------------------------------------------
    # detail
    # ------------------------------------------------------------------
    def _service_detail_values(self, order_sudo, access_token, **kw):
        report = order_sudo._get_portal_report_action()
        values = {
            "order": order_sudo,
            "page_name": "service_order",
            "report_available": bool(report) and order_sudo.state == "done",
            "documents": order_sudo._get_portal_documents(),
            "unit_names": order_sudo._get_portal_unit_names(),
            "photos": order_sudo.portal_photo_ids,
            "can_reschedule": order_sudo.state in RESCHEDULE_STATES,
            "pending_reschedule": bool(order_sudo._portal_pending_reschedule()),
            "can_rate": order_sudo._portal_can_rate(),
            "rating": order_sudo.rating_ids.filtered("consumed")[:1],
            "errors": kw.get("errors") or {},
            "form": kw.get("form") or {},
            "message": kw.get("message"),
            "res_company": order_sudo.company_id,
            "min_window_input": self._service_min_window_input(order_sudo._portal_tz()),
        }
        return self._get_page_view_values(
            order_sudo, access_token, values, "my_service_orders_history", False
        )

    def _service_clean_message(self, message):
        return message if message in ("rescheduled", "rated") else None

    @http.route(
        "/my/service/orders/<int:order_id>",
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_service_order(self, order_id, access_token=None, message=None, **kw):
        if request.env.user._is_public() and not access_token:
            # a logged-out customer following his link: log in first (the
            # same answer whether the order exists or not)
            path = f"/my/service/orders/{order_id}"
            return request.redirect(f"/web/login?{url_encode({'redirect': path})}")
        order_sudo = self._service_check_order(order_id, access_token)
        values = self._service_detail_values(
            order_sudo, access_token, message=self._service_clean_message(message)
        )
        return request.render("service_portal.portal_my_service_order", values)

    @http.route(
        "/my/service/orders/<int:order_id>/status",
        type="json",
        auth="public",
        website=True,
    )
    def portal_my_service_order_status(self, order_id, access_token=None, **kw):
        """The live status block of the detail page (polled by its widget):
        the same check as the page, then only what the page shows."""
        order_sudo = self._service_check_order(order_id, access_token)
        return {
            "status": order_sudo.portal_status,
            "label": order_sudo.portal_status_label,
            "technician": order_sudo.portal_technician_name or "",
            "window": order_sudo.portal_window_display or "",
        }

    @http.route(
        "/my/service/orders/<int:order_id>/report",
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_service_order_report(self, order_id, access_token=None, **kw):
        order_sudo = self._service_check_order(order_id, access_token)
        report = order_sudo._get_portal_report_action()
        if not report or order_sudo.state != "done":
            raise NotFound()
        return self._show_report(
            model=order_sudo, report_type="pdf", report_ref=report, download=True
        )

    @http.route(
        "/my/service/orders/<int:order_id>/attachment/<int:attachment_id>",
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_service_order_attachment(
        self, order_id, attachment_id, access_token=None, **kw
    ):
        """A photo or document the customer attached to his request: only
        the order's own uploads are served, after the order's check."""
        order_sudo = self._service_check_order(order_id, access_token)
        attachment = order_sudo.portal_photo_ids.filtered(
            lambda att: att.id == attachment_id
        )
        if not attachment:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        return stream.get_response(as_attachment=True)

    @http.route(
        "/my/service/orders/<int:order_id>/reschedule",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_service_order_reschedule(self, order_id, access_token=None, **post):
        order_sudo = self._service_check_order(order_id, access_token)
        form = {
            key: post.get(key) if isinstance(post.get(key), str) else ""
            for key in ("window_start", "window_end", "note")
        }
        errors = order_sudo._portal_request_reschedule(
            self._service_author(order_sudo), form
        )
        if errors:
            values = self._service_detail_values(
                order_sudo, access_token, errors=errors, form=form
            )
            return request.render("service_portal.portal_my_service_order", values)
        return request.redirect(
            self._service_order_url(order_sudo, access_token, message="rescheduled")
        )

    @http.route(
        "/my/service/orders/<int:order_id>/rate",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_my_service_order_rate(self, order_id, access_token=None, **post):
        order_sudo = self._service_check_order(order_id, access_token)
        rating = post.get("rating") if isinstance(post.get("rating"), str) else ""
        feedback = post.get("feedback") if isinstance(post.get("feedback"), str) else ""
        errors = order_sudo._portal_rate(
            self._service_author(order_sudo), rating, feedback
        )
        if errors:
            values = self._service_detail_values(
                order_sudo,
                access_token,
                errors=errors,
                form={"rating": rating, "feedback": feedback},
            )
            return request.render("service_portal.portal_my_service_order", values)
        return request.redirect(
            self._service_order_url(order_sudo, access_token, message="rated")
        )

    # ------------------------------------------------------------------
    # request form
    # ------------------------------------------------------------------
    def _service_request_values(self, form=None, errors=None):
        Order = request.env[ORDER_MODEL]
        entity = self._service_entity()
        values = self._prepare_portal_layout_values()
        company = request.env.user.company_id
        values.update(
            {
                "page_name": "service_request",
                "sites": Order._portal_allowed_sites(entity),
                "units": Order._get_portal_units(entity),
                "form": form or {},
                "errors": errors or {},
                "window_indexes": list(range(1, MAX_WINDOWS + 1)),
                "max_files": MAX_FILES,
                "max_upload_mb": company.service_portal_max_upload_mb,
                "min_window_input": self._service_min_window_input(
                    customer_tz(request.env.user.partner_id, entity)
                ),
            }
        )
        return values

    def _service_read_uploads(self):
        """(file name, bytes) of the uploaded files, each read up to just past
        the size limit (enough to refuse it)."""
        limit = request.env.user.company_id.service_portal_max_upload_mb * 1024 * 1024
        uploads = []
        for index, storage in enumerate(
            request.httprequest.files.getlist("photos"), start=1
        ):
            if index > MAX_FILES + 1:
                break
            data = storage.read(limit + READ_MARGIN)
            if storage.filename or data:
                uploads.append((storage.filename or "", data))
        return uploads

    @http.route(
        "/my/service/request",
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_service_request(self, **post):
        user = request.env.user
        if not user.share:
            # an employee takes requests in the back office
            return request.redirect("/odoo/action-service_order.service_order_action")
        if request.httprequest.method != "POST":
            errors = {}
            if post.get("too_large"):
                errors["photos"] = _(
                    "Your files were too large to be sent: attach files of at "
                    "most %(max)s MB each.",
                    max=user.company_id.service_portal_max_upload_mb,
                )
            return request.render(
                "service_portal.portal_service_request",
                self._service_request_values(errors=errors),
            )
        form = {
            key: value
            for key, value in post.items()
            if isinstance(value, str) and key != "csrf_token"
        }
        order, errors = request.env[ORDER_MODEL]._portal_submit_request(
            form, self._service_read_uploads()
        )
        if errors:
            return request.render(
                "service_portal.portal_service_request",
                self._service_request_values(form, errors),
            )
        return request.redirect("/my/service/orders?success=request")

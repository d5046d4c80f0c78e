import publicWidget from "@web/legacy/js/public/public_widget";
import { rpc } from "@web/core/network/rpc";

// seconds between two polls of the live status
const POLL_SECONDS = 45;

/**
 * The status block of an order's page refreshes itself: "Technician on the
 * way" appears without a reload. The JSON route checks the order as the page
 * does (own order or its token).
 */
publicWidget.registry.ServicePortalLiveStatus = publicWidget.Widget.extend({
    selector: ".o_service_portal_live",

    start() {
        this.url = this.el.dataset.statusUrl;
        this.token = this.el.dataset.accessToken || null;
        this.timer = setInterval(() => this._poll(), POLL_SECONDS * 1000);
        return this._super(...arguments);
    },

    destroy() {
        clearInterval(this.timer);
        this._super(...arguments);
    },

    async _poll() {
        if (document.hidden) {
            return;
        }
        let data;
        try {
            data = await rpc(this.url, this.token ? { access_token: this.token } : {});
        } catch {
            return; // offline or logged out: keep what is shown
        }
        this._render(data);
    },

    _render(data) {
        for (const badge of this.el.querySelectorAll(".o_service_portal_status")) {
            badge.textContent = data.label;
            badge.dataset.status = data.status;
        }
        const window = this.el.querySelector(".o_service_portal_window_text");
        if (window && data.window) {
            window.textContent = data.window;
        }
        const technician = this.el.querySelector(".o_service_portal_technician");
        if (technician && data.technician) {
            technician.textContent = data.technician;
        }
    },
});

/**
 * The request form refuses too large or too many files before sending them:
 * the server cannot answer nicely to a part of 10 MB or more, and the typed
 * form would be lost.
 */
publicWidget.registry.ServicePortalUploadCheck = publicWidget.Widget.extend({
    selector: ".o_service_portal_request_form",
    events: {
        "change input[type=file]": "_onFileChange",
        submit: "_onSubmit",
    },

    _text(selector) {
        // the messages are text of the page, translated by the server
        return this.el.querySelector(selector)?.textContent.trim() || "";
    },

    _problem() {
        const input = this.el.querySelector("input[type=file]");
        if (!input) {
            return "";
        }
        const maxMb = parseInt(input.dataset.maxMb, 10);
        const maxFiles = parseInt(input.dataset.maxFiles, 10);
        const files = [...input.files];
        if (maxFiles && files.length > maxFiles) {
            return this._text(".o_service_portal_msg_count");
        }
        const big = files.filter((file) => file.size > maxMb * 1024 * 1024);
        if (big.length) {
            return `${big.map((file) => file.name).join(", ")}: ${this._text(".o_service_portal_msg_size")}`;
        }
        return "";
    },

    _show(problem) {
        const input = this.el.querySelector("input[type=file]");
        const box = this.el.querySelector(".o_service_portal_file_error");
        input.classList.toggle("is-invalid", Boolean(problem));
        box.textContent = problem;
        box.classList.toggle("d-none", !problem);
        box.classList.toggle("d-block", Boolean(problem));
    },

    _onFileChange() {
        this._show(this._problem());
    },

    _onSubmit(ev) {
        const problem = this._problem();
        if (problem) {
            ev.preventDefault();
            this._show(problem);
            this.el.querySelector("input[type=file]").focus();
        }
    },
});

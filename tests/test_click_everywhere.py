"""Guard 3a: click everywhere in the suite's apps (issue 7).

Odoo's clickbot (``web/static/src/webclient/clickbot``) stops at the first
error of an app and cannot skip a menu, so this runs a small runner of the
same kind in the browser: for every menu with an action under the Field
Service root and the Maintenance app (the suite extends its equipment views),
as admin, dispatcher and technician, it opens the action (with its default
filters), switches to each of its view types, clicks each filter of the first
view, and records any error dialog, console error or failed RPC per menu.

Menus that crash today are allow-listed per (menu, login) in ``KNOWN_DEFECTS``
(and in GUARD_FINDINGS.md); a listed menu that opens cleanly fails the test so
that its entry is removed.
"""

import json
import logging

from odoo.tests import tagged
from odoo.tests.common import HttpCase

_logger = logging.getLogger(__name__)

APPS = ("service_order.menu_service_root", "maintenance.menu_maintenance_title")
LOGINS = ("admin", "dispatcher", "technician")
RESULT_TAG = "GUARD_CLICK_RESULT "

# (menu xmlid, login) -> what breaks today, with a note (none today: every
# crash the guard found is fixed; a new one is listed here until it is)
KNOWN_DEFECTS: dict = {}

RUNNER = r"""
(async () => {
    const menus = %(menus)s;
    const env = odoo.__WOWL_DEBUG__.root.env;
    const { rpcBus } = odoo.loader.modules.get("@web/core/network/rpc");
    const pending = new Set();
    let current = null;
    const push = (text) => current && current.errors.push(String(text).slice(0, 400));
    rpcBus.addEventListener("RPC:REQUEST", ({ detail }) => pending.add(detail.data.id));
    rpcBus.addEventListener("RPC:RESPONSE", ({ detail }) => {
        pending.delete(detail.data.id);
        if (detail.error) {
            push("RPC error: " + (detail.error.data?.name || "") + " " +
                 (detail.error.message || ""));
        }
    });
    // errors are recorded per menu instead of stopping the run
    console.error = (...args) => push("console.error: " + args.map(String).join(" "));
    window.addEventListener("error", (ev) => push("error: " + ev.message));
    window.addEventListener("unhandledrejection", (ev) => {
        push("unhandled rejection: " + (ev.reason?.message || ev.reason));
        ev.preventDefault();
    });
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    async function settle() {
        await sleep(30);
        for (let waited = 0; waited < 20000; waited += 50) {
            if (!pending.size) {
                await sleep(60);
                if (!pending.size) {
                    break;
                }
            }
            await sleep(50);
        }
        const dialog = document.querySelector(".o_error_dialog");
        if (dialog) {
            push("error dialog: " + dialog.innerText.replace(/\s+/g, " "));
            const close = dialog.closest(".modal")?.querySelector(".btn-close") ||
                dialog.querySelector(".btn-primary");
            close?.click();
            await sleep(100);
        }
    }
    function click(el) {
        const types = ["mouseover", "mouseenter", "mousedown", "mouseup", "click"];
        for (const type of types) {
            const init = { bubbles: true, cancelable: true, view: window };
            el.dispatchEvent(new MouseEvent(type, init));
        }
    }
    const SWITCH = "nav.o_cp_switch_buttons > button.o_switch_view";
    const FILTERS =
        ".o_filter_menu > .dropdown-item.o_menu_item:not(.o_add_custom_filter)";
    const results = [];
    for (const menu of menus) {
        current = {
            menu: menu.xmlid, name: menu.name, views: [], filters: 0, errors: [],
        };
        results.push(current);
        try {
            const options = { clearBreadcrumbs: true };
            await env.services.action.doAction(menu.action, options);
            await settle();
            const modal = document.querySelector(
                ".o_dialog:not(:has(.o_error_dialog)) .btn-close");
            if (modal) {
                current.views.push("dialog");
                click(modal);
                await settle();
                continue;
            }
            const active = document.querySelector(`${SWITCH}.active`);
            const viewType = (button) => [...button.classList].find(
                (c) => c.startsWith("o_") && c !== "o_switch_view");
            current.views.push(active ? viewType(active) : "single view");
            // every view type first, with the action's default filters
            const others = [...document.querySelectorAll(`${SWITCH}:not(.active)`)];
            for (const type of others.map(viewType)) {
                const target = document.querySelector(`${SWITCH}.${type}`);
                if (!target) {
                    push(`view switcher ${type} is gone`);
                    continue;
                }
                await sleep(300); // the view switcher debounces clicks
                click(target);
                // a view may first load its libraries (calendar): no RPC
                const selector = `${SWITCH}.${type}.active`;
                const isActive = () => document.querySelector(selector);
                for (let waited = 0; !isActive() && waited < 15000; waited += 100) {
                    await sleep(100);
                }
                await settle();
                if (!isActive()) {
                    push(`switching to the ${type} view failed`);
                }
                current.views.push(type);
            }
            // then each filter, on the last view
            const toggle = document.querySelector(
                ".o_control_panel .o_searchview_dropdown_toggler");
            if (toggle) {
                click(toggle);
                await settle();
                for (const item of document.querySelectorAll(FILTERS)) {
                    click(item);
                    current.filters++;
                    await settle();
                }
            }
        } catch (error) {
            const cause = error?.cause;
            push("exception: " + (error?.message || error) +
                 (cause ? " / cause: " + (cause.message || cause) : ""));
        }
        await settle();
    }
    console.log(%(tag)s + JSON.stringify(results));
    console.log("test successful");
})();
"""


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.results = None

    def emit(self, record):
        message = record.getMessage()
        if RESULT_TAG in message:
            self.results = json.loads(message.split(RESULT_TAG, 1)[1].strip())


@tagged("post_install", "-at_install", "suite_guard")
class TestClickEverywhere(HttpCase):
    allow_end_on_form = True

    def _menus(self, user):
        """Menus with an action under the suite's apps, as ``user`` sees them."""
        tree = self.env["ir.ui.menu"].with_user(user).load_menus(False)
        by_xmlid = {m.get("xmlid"): m for m in tree.values() if isinstance(m, dict)}
        found = []

        def walk(menu_id):
            menu = tree[menu_id]
            if menu.get("action"):
                found.append(
                    {
                        "xmlid": menu["xmlid"],
                        "name": menu["name"],
                        "action": int(menu["action"].split(",")[1]),
                    }
                )
            for child in menu.get("children", []):
                walk(child)

        for app in APPS:
            if app in by_xmlid:
                walk(by_xmlid[app]["id"])
        return found

    def _click(self, login):
        user = self.env["res.users"].search([("login", "=", login)])
        if not user:
            self.skipTest(f"no user {login} (the demo data is not installed)")
        if "tour_enabled" in user._fields:
            user.tour_enabled = False
        menus = self._menus(user)
        browser_logger = self._logger.getChild("browser")
        handler = _Collect()
        level, propagate = browser_logger.level, browser_logger.propagate
        browser_logger.setLevel(logging.INFO)
        browser_logger.propagate = False
        browser_logger.addHandler(handler)
        try:
            code = RUNNER % {"menus": json.dumps(menus), "tag": json.dumps(RESULT_TAG)}
            # every menu and view of the persona in one session: with the
            # sales and stock apps installed the dispatcher's pass takes about
            # 3 minutes on a loaded 2-core machine
            self.browser_js(
                "/odoo", code, "odoo.isReady === true", login=login, timeout=600
            )
        finally:
            browser_logger.removeHandler(handler)
            browser_logger.setLevel(level)
            browser_logger.propagate = propagate
        self.assertIsNotNone(handler.results, "the click runner reported nothing")
        self.assertTrue(menus, f"{login} sees no menu of the suite's apps")
        views = sum(len(r["views"]) for r in handler.results)
        filters = sum(r["filters"] for r in handler.results)
        print(  # noqa: T201 - the figures of the guard
            f"click everywhere as {login}: {len(handler.results)} menus, "
            f"{views} views, {filters} filters"
        )
        for result in handler.results:
            print(  # noqa: T201
                f"  {login} {result['menu']}: views {result['views']}, "
                f"{result['filters']} filters, errors {result['errors'][:2]}"
            )
        for result in handler.results:
            key = (result["menu"], login)
            with self.subTest(menu=result["menu"], login=login):
                if key in KNOWN_DEFECTS:
                    self.assertTrue(
                        result["errors"],
                        f"stale allow-list entry {key} ({KNOWN_DEFECTS[key]}): "
                        "the menu opens cleanly now, remove it",
                    )
                    continue
                self.assertFalse(
                    result["errors"],
                    f"{login} opening {result['name']} ({result['menu']}): "
                    + " | ".join(result["errors"][:3]),
                )

    def test_click_as_admin(self):
        self._click("admin")

    def test_click_as_dispatcher(self):
        self._click("dispatcher")

    def test_click_as_technician(self):
        self._click("technician")

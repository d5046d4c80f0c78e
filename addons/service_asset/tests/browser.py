"""Open actions and views in a real browser and fail on any client error.

``BrowserViewsMixin._check_views(login, steps)`` logs in as ``login`` once,
then for each step ``(action xmlid, view type, css selector, res id)`` runs
the action in the web client (``doAction`` as a menu click does), opens the
view type (the form of ``res id`` for "form") and waits for ``selector``
(e.g. a rendered kanban card). An error dialog ("Oops"), a console error or
a missing selector fails the test, naming the step.
"""

import json

STEP_TIMEOUT_MS = 20000

CODE = """
(async () => {
    const steps = %(steps)s;
    const env = odoo.__WOWL_DEBUG__.root.env;
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    const failIfError = (label) => {
        const dialog = document.querySelector(".o_error_dialog");
        if (dialog) {
            const text = dialog.innerText.slice(0, 800);
            throw new Error(label + ": client error: " + text);
        }
    };
    for (const [action, viewType, selector, resId] of steps) {
        const label = action + " (" + viewType + ")";
        const options = { viewType, clearBreadcrumbs: true };
        if (resId) {
            options.props = { resId };
        }
        try {
            await env.services.action.doAction(action, options);
        } catch (error) {
            error.message = label + ": " + error.message;
            throw error;
        }
        const start = Date.now();
        while (!document.querySelector(selector)) {
            failIfError(label);
            if (Date.now() - start > %(timeout)s) {
                throw new Error(label + ": " + selector + " never showed");
            }
            await sleep(100);
        }
        // let late renders (widgets, related records) finish
        await sleep(300);
        failIfError(label);
        console.log("checked " + label);
    }
    console.log("test successful");
})().catch((error) => {
    const cause = error.cause
        ? " / cause: " + (error.cause.message || error.cause)
        : "";
    console.error("view check failed: " + (error.message || error) + cause);
});
"""

KANBAN_CARD = ".o_kanban_view .o_kanban_record:not(.o_kanban_ghost)"
LIST_ROW = ".o_list_view .o_data_row"
LIST = ".o_list_view"
FORM = ".o_form_view .o_form_sheet_bg, .o_form_view .o_form_renderer"
KANBAN = ".o_kanban_view .o_kanban_renderer"
CALENDAR = ".o_calendar_view .o_calendar_renderer"
PIVOT = ".o_pivot_view .o_pivot table"
GRAPH = ".o_graph_view .o_graph_renderer canvas"


class BrowserViewsMixin:
    def _check_views(self, login, steps):
        code = CODE % {"steps": json.dumps(steps), "timeout": STEP_TIMEOUT_MS}
        self.browser_js(
            "/odoo",
            code,
            ready="odoo.isReady",
            login=login,
            timeout=30 + 15 * len(steps),
        )

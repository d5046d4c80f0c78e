/** @odoo-module **/

import { browser } from "@web/core/browser/browser";
import { ConnectionLostError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { session } from "@web/session";
import { OfflineQueue, RETRY_DELAY_MS } from "./offline_queue";

/**
 * The technician's offline queue as a web client service
 * (`service_mobile_queue`): it lives as long as the web client, so actions
 * tapped in My Day keep being sent when he opens another screen. It sends on
 * every new action, on the browser's `online` event and every
 * RETRY_DELAY_MS while actions wait. Nothing runs while the queue is empty.
 */

// The tours' lost connection: while set, sending fails as if the network
// were down (navigator.onLine cannot be switched from the page). Kept in the
// tab's sessionStorage so that it outlives a reload, like a dead zone does.
const SIMULATED_OFFLINE_KEY = "service_mobile.simulated_offline";
export function setSimulatedOffline(value) {
    if (value) {
        browser.sessionStorage.setItem(SIMULATED_OFFLINE_KEY, "1");
    } else {
        browser.sessionStorage.removeItem(SIMULATED_OFFLINE_KEY);
    }
}
export function isSimulatedOffline() {
    return browser.sessionStorage.getItem(SIMULATED_OFFLINE_KEY) === "1";
}

export function queueStorageKey() {
    return `service_mobile.queue.${session.db || ""}.${user.userId || 0}`;
}

export const mobileQueueService = {
    dependencies: ["orm"],
    start(env, { orm }) {
        const send = async (actions) => {
            if (isSimulatedOffline() || browser.navigator?.onLine === false) {
                throw new ConnectionLostError("/web/dataset/call_kw/service.order/mobile_apply");
            }
            return orm.silent.call("service.order", "mobile_apply", [actions]);
        };
        const queue = new OfflineQueue({
            storage: browser.localStorage,
            storageKey: queueStorageKey(),
            send,
        });
        let timer = null;
        const schedule = () => {
            if (!timer && queue.pending) {
                timer = browser.setTimeout(() => {
                    timer = null;
                    flush();
                }, RETRY_DELAY_MS);
            }
        };
        const flush = async () => {
            if (!queue.pending) {
                return [];
            }
            try {
                return await queue.flush();
            } finally {
                schedule();
            }
        };
        browser.addEventListener("online", () => flush());
        // another tab of the same user queued or sent something
        browser.addEventListener("storage", (ev) => {
            if (ev.key === queue.storageKey) {
                queue.state.items.splice(0, queue.state.items.length, ...queue.load());
            }
        });
        if (queue.pending) {
            // actions left by the last visit (the page was reloaded offline)
            browser.setTimeout(() => flush(), 0);
        }
        return {
            queue,
            state: queue.state,
            /**
             * Queues an action and tries to send it at once.
             * @returns {Object} the queued action
             */
            push(action) {
                const item = queue.enqueue(action);
                flush();
                return item;
            },
            flush,
            discard: (key) => queue.discard(key),
            onResults: (listener) => queue.onResults(listener),
        };
    },
};

registry.category("services").add("service_mobile_queue", mobileQueueService);

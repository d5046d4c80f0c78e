/** @odoo-module **/

import { reactive } from "@odoo/owl";
import { ConnectionLostError } from "@web/core/network/rpc";

/**
 * The phone's offline queue: every action a technician taps (start travel,
 * tick an item, a photo...) is stored here first, in the browser's storage
 * (it survives a reload), with a uuid key, then sent in order to
 * `service.order.mobile_apply` by `flush()`. A lost connection keeps the
 * actions for the next try (the `online` event, a retry timer); every other
 * answer of the server (done / duplicate / stale / refused) takes the action
 * out of the queue and is handed to the listeners. The server knows the keys
 * it applied: sending an action twice (the answer was lost) changes nothing.
 *
 * This class holds no Odoo service: storage, the send function and the timers
 * are given to it (the unit tests give fakes).
 */

export const BATCH_SIZE = 50;
export const RETRY_DELAY_MS = 15000;

/** A v4 uuid, also outside secure contexts (no crypto.randomUUID there). */
export function uuid() {
    if (globalThis.crypto?.randomUUID) {
        return globalThis.crypto.randomUUID();
    }
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(
        16,
        20
    )}-${hex.slice(20)}`;
}

/** Whether an error means "no connection" (keep the actions, retry later). */
export function isConnectionError(error) {
    return error instanceof ConnectionLostError || error?.name === "ConnectionLostError";
}

export class OfflineQueue {
    /**
     * @param {Object} params
     * @param {Storage} params.storage where the queue lives (localStorage)
     * @param {string} params.storageKey its key (one queue per database and user)
     * @param {(actions: Object[]) => Promise<Object[]>} params.send
     * @param {number} [params.batchSize]
     */
    constructor({ storage, storageKey, send, batchSize = BATCH_SIZE }) {
        this.storage = storage;
        this.storageKey = storageKey;
        this.send = send;
        this.batchSize = batchSize;
        this.listeners = new Set();
        this.flushing = null;
        this.state = reactive({
            items: this.load(),
            sending: false,
            offline: false,
            // the last whole-batch failure that was not a lost connection
            error: "",
        });
    }

    get pending() {
        return this.state.items.length;
    }

    load() {
        try {
            const items = JSON.parse(this.storage.getItem(this.storageKey) || "[]");
            return Array.isArray(items) ? items : [];
        } catch {
            return [];
        }
    }

    save() {
        const items = this.state.items;
        if (items.length) {
            this.storage.setItem(this.storageKey, JSON.stringify(items));
        } else {
            this.storage.removeItem(this.storageKey);
        }
    }

    /**
     * Adds an action at the end of the queue and stores it before anything
     * is sent. Throws when the storage is full (nothing is queued then).
     *
     * @param {Object} action {order_id, type, version, at, payload}
     * @returns {Object} the queued action, with its key
     */
    enqueue(action) {
        const item = { key: uuid(), payload: {}, ...action };
        const items = [...this.state.items, item];
        // storage first: an action that cannot survive a reload is refused
        this.storage.setItem(this.storageKey, JSON.stringify(items));
        this.state.items.push(item);
        return item;
    }

    /** Pending actions of one order, in queue order. */
    itemsFor(orderId) {
        return this.state.items.filter((item) => item.order_id === orderId);
    }

    /** Takes an action out of the queue without sending it (the user gave it up). */
    discard(key) {
        const index = this.state.items.findIndex((item) => item.key === key);
        if (index >= 0) {
            this.state.items.splice(index, 1);
            this.save();
        }
    }

    onResults(listener) {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /**
     * Sends the queue in order, a batch at a time, until it is empty or the
     * connection fails. One flush at a time: a call during a flush returns
     * the running one.
     *
     * @returns {Promise<Object[]>} the results of this flush
     */
    flush() {
        if (!this.flushing) {
            this.flushing = this._flush().finally(() => {
                this.flushing = null;
            });
        }
        return this.flushing;
    }

    async _flush() {
        const allResults = [];
        while (this.state.items.length) {
            const batch = this.state.items.slice(0, this.batchSize);
            let results;
            this.state.sending = true;
            try {
                // `local`: what only the phone needs (a product's name to show)
                results = await this.send(batch.map(({ local, ...action }) => action));
            } catch (error) {
                if (isConnectionError(error)) {
                    this.state.offline = true;
                } else {
                    this.state.error = error?.data?.message || error?.message || String(error);
                }
                break;
            } finally {
                this.state.sending = false;
            }
            this.state.offline = false;
            this.state.error = "";
            const answered = new Map((results || []).map((result) => [result.key, result]));
            const done = batch.filter((item) => answered.has(item.key));
            const doneKeys = new Set(done.map((item) => item.key));
            const remaining = this.state.items.filter((item) => !doneKeys.has(item.key));
            this.state.items.splice(0, this.state.items.length, ...remaining);
            this.save();
            const ordered = done.map((item) => ({
                ...answered.get(item.key),
                action: item,
            }));
            allResults.push(...ordered);
            for (const listener of this.listeners) {
                listener(ordered);
            }
            if (done.length < batch.length) {
                // the server answered only part of the batch: try again later
                break;
            }
        }
        return allResults;
    }
}

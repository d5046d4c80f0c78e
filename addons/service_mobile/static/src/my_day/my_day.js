/** @odoo-module **/

import {
    Component,
    onMounted,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import { browser } from "@web/core/browser/browser";
import { deserializeDateTime, formatDate, deserializeDate } from "@web/core/l10n/dates";
import { _t } from "@web/core/l10n/translation";
import { ConnectionLostError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { debounce } from "@web/core/utils/timing";
import { session } from "@web/session";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { applyPending, dayChanged, normalizeJob } from "../job_state";
import { isConnectionError } from "../offline_queue";
import { isSimulatedOffline } from "../queue_service";
import { JobScreen } from "./job_screen";

export const DAY_CHANGED = "service_mobile/day_changed";

const STATE_LABELS = {
    new: _t("New"),
    scheduled: _t("Scheduled"),
    dispatched: _t("Dispatched"),
    in_progress: _t("In Progress"),
    done: _t("Done"),
    cancelled: _t("Cancelled"),
};

const MODE_LABELS = {
    idle: _t("Not started"),
    travel: _t("On the way"),
    work: _t("Working"),
    paused: _t("Paused"),
    done: _t("Finished"),
};

function pad(n) {
    return String(n).padStart(2, "0");
}

/** A UTC "YYYY-MM-DD HH:MM:SS" string of a time in milliseconds. */
export function serializeUtc(ms) {
    const d = new Date(ms);
    return (
        `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
        `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
    );
}

/**
 * My Day (client action `service_mobile.my_day`): the technician's home on
 * his phone. Today's bookings in route order, yesterday's unfinished jobs and
 * the next day's first job, each a card with its window, customer, address
 * (map link) and phone (tap to call); a card opens the job screen. Every tap
 * on a job goes through the offline queue (`service_mobile_queue`); what the
 * screens show is the server's last answer with the pending actions applied
 * on top. The day is cached in the browser so that it opens offline too.
 */
export class MyDay extends Component {
    static template = "service_mobile.MyDay";
    static components = { JobScreen };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.bus = useService("bus_service");
        this.mobileQueue = useService("service_mobile_queue");
        this.queueState = useState(this.mobileQueue.state);
        this.state = useState({
            loading: true,
            fromCache: false,
            cachedAt: false,
            day: false,
            technician: false,
            jobs: {},
            jobIds: [],
            unfinishedIds: [],
            nextId: false,
            extras: {},
            jobId: false,
            notices: [],
            now: Date.now(),
        });
        this.root = useRef("root");
        this.skewMs = 0;
        this.cacheKey = `service_mobile.day.${session.db || ""}.${user.userId || 0}`;
        // the job open in this tab: a reload (or the phone dropping the
        // page) opens it again instead of going back to the day
        this.openJobKey = `service_mobile.open_job.${session.db || ""}.${user.userId || 0}`;
        this.reloadSoon = debounce(() => this.load(), 400);
        this.onDayChanged = () => this.reloadSoon();
        this.offResults = this.mobileQueue.onResults((results) => this.onResults(results));
        onWillStart(() => this.load());
        onMounted(() => {
            this.bus.subscribe(DAY_CHANGED, this.onDayChanged);
            this.bus.start();
            this.ticker = browser.setInterval(() => {
                if (this.state.jobId) {
                    this.state.now = Date.now();
                }
            }, 1000);
        });
        onWillUnmount(() => {
            this.offResults();
            this.reloadSoon.cancel();
            this.bus.unsubscribe(DAY_CHANGED, this.onDayChanged);
            browser.clearInterval(this.ticker);
        });
    }

    // ------------------------------------------------------------------
    // Data
    // ------------------------------------------------------------------

    /** The server's time now, as far as the phone knows (UTC string). */
    nowUtc() {
        return serializeUtc(Date.now() + this.skewMs);
    }

    async load() {
        let data;
        try {
            if (isSimulatedOffline()) {
                throw new ConnectionLostError("/web/dataset/call_kw/service.order/mobile_my_day");
            }
            data = await this.orm.silent.call("service.order", "mobile_my_day", []);
        } catch (error) {
            if (!isConnectionError(error)) {
                throw error;
            }
            const cached = this.readCache();
            if (cached) {
                this.setDay(cached.data, false);
                this.state.fromCache = true;
                this.state.cachedAt = cached.savedAt;
            }
            this.state.loading = false;
            return;
        }
        this.skewMs = Date.parse(data.server_time.replace(" ", "T") + "Z") - Date.now();
        this.setDay(data, data.server_time);
        this.state.fromCache = false;
        this.writeCache();
        this.state.loading = false;
    }

    /**
     * @param {Object} data a `mobile_my_day` answer
     * @param {string|false} receivedAt the server's time of the answer, false
     *      for the cache (its jobs are normalized already)
     */
    setDay(data, receivedAt) {
        const jobs = {};
        const ids = (list) =>
            (list || []).map((job) => {
                jobs[job.id] = receivedAt ? normalizeJob(job, receivedAt) : job;
                return job.id;
            });
        this.state.day = data.day;
        this.state.technician = data.technician;
        this.state.jobIds = ids(data.jobs);
        this.state.unfinishedIds = ids(data.unfinished);
        this.state.nextId = data.next_first ? ids([data.next_first])[0] : false;
        this.state.jobs = jobs;
        this.state.extras = data.extras || {};
        if (!this.state.jobId && this.state.loading) {
            const reopen = parseInt(browser.sessionStorage.getItem(this.openJobKey));
            if (jobs[reopen]) {
                this.state.jobId = reopen;
            }
        }
        if (this.state.jobId && !jobs[this.state.jobId]) {
            this.state.jobId = false;
            browser.sessionStorage.removeItem(this.openJobKey);
        }
    }

    readCache() {
        try {
            return JSON.parse(browser.localStorage.getItem(this.cacheKey) || "null");
        } catch {
            return null;
        }
    }

    writeCache() {
        // the jobs as the server last described them, normalized
        const jobs = this.state.jobs;
        const data = {
            day: this.state.day,
            technician: this.state.technician,
            jobs: this.state.jobIds.map((id) => jobs[id]),
            unfinished: this.state.unfinishedIds.map((id) => jobs[id]),
            next_first: this.state.nextId ? jobs[this.state.nextId] : false,
            extras: this.state.extras,
        };
        const now = this.nowUtc();
        try {
            browser.localStorage.setItem(this.cacheKey, JSON.stringify({ data, savedAt: now }));
        } catch {
            // a full storage keeps the queue's room: the cache is a comfort
        }
    }

    onResults(results) {
        // the day came from the cache: the server answers, take its day
        const reload = this.state.fromCache || dayChanged(results, this.state.jobs);
        for (const result of results) {
            if (result.job && this.state.jobs[result.job.id]) {
                this.state.jobs[result.job.id] = normalizeJob(result.job, this.nowUtc());
            }
            if (result.status === "stale" || result.status === "refused") {
                this.addNotice(result);
            }
        }
        this.writeCache();
        if (reload) {
            this.reloadSoon();
        }
    }

    addNotice(result) {
        const job = this.state.jobs[result.action?.order_id];
        const title =
            result.status === "stale"
                ? _t("Not applied: the job changed")
                : _t("Not applied");
        this.state.notices.push({
            key: result.key,
            status: result.status,
            title,
            jobName: job?.name || "",
            type: result.action?.type || "",
            message: result.message,
        });
        // a passing toast: the notice above stays until dismissed, and a
        // sticky toast would cover the header (Back) on a phone
        this.notification.add(result.message, {
            title,
            type: result.status === "stale" ? "warning" : "danger",
        });
    }

    dismissNotice(key) {
        const index = this.state.notices.findIndex((notice) => notice.key === key);
        if (index >= 0) {
            this.state.notices.splice(index, 1);
        }
    }

    /** The job as the phone shows it: the server's, with the queue on top. */
    job(id) {
        const job = this.state.jobs[id];
        return job ? applyPending(job, this.queueState.items) : false;
    }

    get currentJob() {
        return this.state.jobId ? this.job(this.state.jobId) : false;
    }

    get pendingCount() {
        return this.queueState.items.length;
    }

    // ------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------

    /**
     * Queues an action on the open job (sent at once when online).
     * @returns {boolean} whether it was queued
     */
    tap(type, payload = {}, local = undefined) {
        const job = this.state.jobs[this.state.jobId];
        if (!job) {
            return false;
        }
        const action = {
            order_id: job.id,
            type,
            version: job.version,
            at: this.nowUtc(),
            payload,
        };
        if (local) {
            action.local = local;
        }
        try {
            this.mobileQueue.push(action);
        } catch {
            this.notification.add(
                _t("The phone's storage is full: this was not saved. Send the pending actions first."),
                { type: "danger", sticky: true }
            );
            return false;
        }
        return true;
    }

    openJob(id) {
        this.state.jobId = id;
        browser.sessionStorage.setItem(this.openJobKey, String(id));
        this.state.now = Date.now();
        this.scrollTop();
    }

    backToDay() {
        this.state.jobId = false;
        browser.sessionStorage.removeItem(this.openJobKey);
        this.scrollTop();
    }

    scrollTop() {
        if (this.root.el) {
            this.root.el.scrollTop = 0;
        }
    }

    sendNow() {
        this.mobileQueue.flush();
    }

    refresh() {
        this.load();
    }

    // ------------------------------------------------------------------
    // Formatting
    // ------------------------------------------------------------------

    get dayLabel() {
        return this.state.day ? formatDate(deserializeDate(this.state.day)) : "";
    }

    timeWindow(job) {
        const time = (value) => (value ? deserializeDateTime(value).toFormat("HH:mm") : "");
        return [time(job.window_start), time(job.window_end)].filter(Boolean).join(" – ");
    }

    windowDate(job) {
        return job.window_start ? formatDate(deserializeDateTime(job.window_start)) : "";
    }

    stateLabel(job) {
        // while the technician's timer runs on the job, what he is doing
        // ("On the way"), not the order's state ("Dispatched")
        if (["travel", "work", "paused"].includes(job.timer && job.timer.mode)) {
            return this.modeLabel(job);
        }
        return String(STATE_LABELS[job.state] || job.state || "");
    }

    modeLabel(job) {
        return String(MODE_LABELS[job.timer.mode] || job.timer.mode || "");
    }
}

registry.category("actions").add("service_mobile.my_day", MyDay);

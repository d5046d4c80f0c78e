/** @odoo-module **/

/**
 * What the phone shows of a job while its actions wait in the queue: the
 * server's last job (from `mobile_my_day` or `mobile_apply`) with the pending
 * actions applied on top, the way the server will apply them. The server's
 * answer always replaces this guess.
 */

/**
 * Minutes (with their seconds as a fraction, as the server counts them)
 * between two UTC "YYYY-MM-DD HH:MM:SS" strings.
 */
function minutesBetween(start, end) {
    if (!start || !end) {
        return 0;
    }
    const parse = (value) => Date.parse(value.replace(" ", "T") + "Z");
    return Math.max(0, (parse(end) - parse(start)) / 60000);
}

function closeRunning(timer, at) {
    const minutes = minutesBetween(timer.since, at);
    if (timer.mode === "travel") {
        timer.travel_minutes += minutes;
    } else if (timer.mode === "work") {
        timer.work_minutes += minutes;
    }
}

const APPLY = {
    start_travel(job, action) {
        job.timer = { ...job.timer, mode: "travel", since: action.at };
    },
    arrive(job, action) {
        closeRunning(job.timer, action.at);
        job.timer.mode = "work";
        job.timer.since = action.at;
        if (job.role === "lead" && job.state === "dispatched") {
            job.state = "in_progress";
        }
    },
    pause(job, action) {
        closeRunning(job.timer, action.at);
        job.timer.mode = "paused";
        job.timer.since = action.at;
    },
    resume(job, action) {
        job.timer.mode = "work";
        job.timer.since = action.at;
    },
    finish(job, action) {
        closeRunning(job.timer, action.at);
        job.timer.mode = "done";
        job.timer.since = false;
        if (job.role === "lead") {
            job.state = "done";
        }
    },
    return_visit(job, action) {
        APPLY.finish(job, action);
    },
    checklist(job, action) {
        const item = job.checklist.find((line) => line.id === action.payload.item_id);
        if (item) {
            item.is_done = Boolean(action.payload.done);
        }
    },
    photo(job, action) {
        job.photos.push({
            id: false,
            key: action.key,
            name: action.payload.name,
            mine: true,
            src: `data:${action.payload.mimetype};base64,${action.payload.data}`,
        });
    },
    photo_delete(job, action) {
        job.photos = job.photos.filter((photo) => photo.id !== action.payload.photo_id);
    },
    part(job, action) {
        const { product_id, qty } = action.payload;
        const lot_id = action.payload.lot_id || false;
        const product_name = action.local?.product_name;
        const line = job.parts.find(
            (part) => part.product_id === product_id && (part.lot_id || false) === lot_id
        );
        if (line) {
            line.qty += qty;
        } else {
            const part = { id: false, product_id, product_name: product_name || "", qty };
            if (lot_id) {
                part.lot_id = lot_id;
                part.lot_name = action.local?.lot_name || "";
            }
            job.parts.push(part);
        }
    },
    note(job, action) {
        job.resolution = action.payload.resolution;
    },
    signature(job, action) {
        job.has_signature = true;
        job.signed_by = action.payload.signed_by;
    },
    extra_work() {},
};

/**
 * The server counts the running log in `travel_minutes` / `work_minutes` (up
 * to `receivedAt`, the server's time of the answer); the phone keeps closed
 * minutes only and adds the running log itself (its clock ticks).
 */
export function normalizeJob(job, receivedAt) {
    const timer = { travel_minutes: 0, work_minutes: 0, ...(job.timer || {}) };
    const running = timer.since ? minutesBetween(timer.since, receivedAt) : 0;
    if (timer.mode === "travel") {
        timer.travel_minutes = Math.max(0, timer.travel_minutes - running);
    } else if (timer.mode === "work") {
        timer.work_minutes = Math.max(0, timer.work_minutes - running);
    }
    return {
        checklist: [],
        photos: [],
        parts: [],
        completion_errors: [],
        ...job,
        timer,
    };
}

/** The actions after which a job is done with (on this technician's day). */
export const COMPLETING = ["finish", "return_visit"];

/**
 * Whether the server's `results` (of `mobile_apply`) change the day beyond
 * the jobs they carry, so that the phone reads My Day again: a job it does
 * not show, no job in the answer, a stale action, or a job completed (the
 * van's stock moved, the next job is due).
 */
export function dayChanged(results, jobs) {
    return results.some(
        (result) =>
            !result.job ||
            !jobs[result.job.id] ||
            result.status === "stale" ||
            (result.status === "done" && COMPLETING.includes(result.action?.type))
    );
}

/** A copy of `job` with `actions` (its pending actions, in order) applied. */
export function applyPending(job, actions) {
    const copy = JSON.parse(JSON.stringify(job));
    copy.pending = 0;
    for (const action of actions) {
        if (action.order_id !== job.id) {
            continue;
        }
        const apply = APPLY[action.type];
        if (apply) {
            apply(copy, action);
        }
        copy.pending++;
    }
    return copy;
}

export const TIMER_ACTIONS = {
    idle: ["start_travel", "arrive"],
    travel: ["arrive"],
    work: ["pause"],
    paused: ["resume"],
    done: [],
};

/** Running seconds of the timer at `nowMs` (what the big clock shows). */
export function timerSeconds(timer, nowMs) {
    const base = {
        travel: timer.travel_minutes || 0,
        work: timer.work_minutes || 0,
    };
    let running = 0;
    if ((timer.mode === "travel" || timer.mode === "work") && timer.since) {
        running = Math.max(0, (nowMs - Date.parse(timer.since.replace(" ", "T") + "Z")) / 1000);
    }
    return {
        travel: base.travel * 60 + (timer.mode === "travel" ? running : 0),
        work: base.work * 60 + (timer.mode === "work" ? running : 0),
    };
}

export function formatClock(seconds) {
    const total = Math.floor(seconds);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const pad = (n) => String(n).padStart(2, "0");
    // always hours:minutes:seconds: "03:50" read as 3 h 50 on a phone
    return `${h}:${pad(m)}:${pad(s)}`;
}

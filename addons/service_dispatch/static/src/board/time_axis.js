/** @odoo-module **/

/**
 * The maths of the dispatch board's time axis, as small pure functions of
 * luxon DateTimes (no component, no DOM), unit-tested with Hoot in
 * static/tests/time_axis.test.js.
 *
 * The axis draws the same hours [startHour, endHour) of every day of the
 * period; the hours are derived from the data the board already has: the
 * technicians' working time and the bookings, so a 21:00 job is on it.
 */

// the axis when there is nothing to derive it from (no calendar, no job)
export const DEFAULT_AXIS = Object.freeze({ startHour: 8, endHour: 18 });
// an axis is never narrower than this many hours
export const MIN_AXIS_HOURS = 4;

function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
}

/** Wall-clock hours of `moment` since its midnight (DST-proof). */
export function hourOfDay(moment) {
    return moment.hour + moment.minute / 60 + moment.second / 3600;
}

/**
 * `[start, end)` minus `periods` (objects with `startDt` / `endDt`, any
 * order): what is left, as `{ start, end }` pairs. The working time of a
 * technician is the period minus his "off" periods.
 */
export function complementIntervals(periods, start, end) {
    const sorted = [...periods].sort((a, b) => a.startDt - b.startDt);
    const result = [];
    let cursor = start;
    for (const period of sorted) {
        if (period.startDt > cursor) {
            result.push({ start: cursor, end: period.startDt < end ? period.startDt : end });
        }
        if (period.endDt > cursor) {
            cursor = period.endDt;
        }
        if (cursor >= end) {
            break;
        }
    }
    if (cursor < end) {
        result.push({ start: cursor, end });
    }
    return result.filter((interval) => interval.end > interval.start);
}

/**
 * The hours of the axis: the smallest whole-hour span of a day that holds
 * every part of `intervals` (`{ start, end }`) that falls on one of `days`
 * (local midnights, in the zone the board is drawn in), at least
 * `minHours` wide. Without any interval: `fallback`.
 */
export function axisBounds(
    days,
    intervals,
    { fallback = DEFAULT_AXIS, minHours = MIN_AXIS_HOURS } = {}
) {
    if (!days.length) {
        return { ...fallback };
    }
    const zone = days[0].zone;
    const rangeStart = days[0];
    const rangeEnd = days[days.length - 1].plus({ days: 1 });
    let low = Infinity;
    let high = -Infinity;
    for (const interval of intervals) {
        let start = interval.start.setZone(zone);
        let end = interval.end.setZone(zone);
        if (end <= rangeStart || start >= rangeEnd || end <= start) {
            continue;
        }
        start = start < rangeStart ? rangeStart : start;
        end = end > rangeEnd ? rangeEnd : end;
        // each day the interval touches: the part of it on that day
        for (let day = start.startOf("day"); day < end; day = day.plus({ days: 1 })) {
            const nextDay = day.plus({ days: 1 });
            const partStart = start > day ? start : day;
            low = Math.min(low, hourOfDay(partStart));
            high = Math.max(high, end >= nextDay ? 24 : hourOfDay(end));
        }
    }
    if (low === Infinity) {
        return { ...fallback };
    }
    let startHour = clamp(Math.floor(low), 0, 23);
    let endHour = clamp(Math.ceil(high), startHour + 1, 24);
    const width = Math.min(24, minHours);
    while (endHour - startHour < width) {
        if (endHour < 24) {
            endHour++;
        }
        if (endHour - startHour < width && startHour > 0) {
            startHour--;
        }
    }
    return { startHour, endHour };
}

/** Position of `moment` on the axis of `days`, in % of its width. */
export function positionPercent(moment, days, axis) {
    if (!days.length) {
        return 0;
    }
    const local = moment.setZone(days[0].zone);
    const index = days.findIndex((day) => day.hasSame(local, "day"));
    if (index === -1) {
        return local < days[0] ? 0 : 100;
    }
    const span = axis.endHour - axis.startHour;
    const fraction = clamp((hourOfDay(local) - axis.startHour) / span, 0, 1);
    return (100 * (index + fraction)) / days.length;
}

/**
 * The moment at `ratio` (0..1) of the axis width, snapped to
 * `snapMinutes`: the inverse of `positionPercent` (in wall-clock time).
 */
export function momentAtRatio(ratio, days, axis, snapMinutes = 15) {
    const position = clamp(ratio, 0, 0.9999) * days.length;
    const index = Math.floor(position);
    const hours = axis.startHour + (position - index) * (axis.endHour - axis.startHour);
    const minutes = Math.round((hours * 60) / snapMinutes) * snapMinutes;
    const day = days[index];
    if (minutes >= 24 * 60) {
        return day.plus({ days: 1 });
    }
    return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

/**
 * The labelled hours of each day: every hour of a day view (every other
 * one beyond 16 hours), about three a day in a week view.
 */
export function hourTicks(axis, scale) {
    const span = axis.endHour - axis.startHour;
    let step = span > 16 ? 2 : 1;
    if (scale === "week") {
        step = Math.max(2, Math.ceil(span / 3));
    }
    const ticks = [];
    for (let hour = axis.startHour; hour < axis.endHour; hour += step) {
        ticks.push(hour);
    }
    return ticks;
}

/** Left offset (%) of an hour tick inside one day of the axis. */
export function tickPercent(hour, axis) {
    return (100 * (hour - axis.startHour)) / (axis.endHour - axis.startHour);
}

/**
 * Where the "now" line goes (%), or `null` when `now` is not on the axis
 * (another period, or an hour the axis does not draw).
 */
export function nowPercent(now, days, axis) {
    if (!days.length) {
        return null;
    }
    const local = now.setZone(days[0].zone);
    const onDay = days.some((day) => day.hasSame(local, "day"));
    const hour = hourOfDay(local);
    if (!onDay || hour < axis.startHour || hour > axis.endHour) {
        return null;
    }
    return positionPercent(local, days, axis);
}

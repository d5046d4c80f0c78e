import { describe, expect, test } from "@odoo/hoot";

import {
    DEFAULT_AXIS,
    axisBounds,
    complementIntervals,
    hourTicks,
    momentAtRatio,
    nowPercent,
    positionPercent,
    tickPercent,
} from "@service_dispatch/board/time_axis";

const { DateTime } = luxon;

const ZONE = "Europe/Brussels";

/** A moment of January 2026 in the board's zone. */
function at(day, hour, minute = 0) {
    return DateTime.fromObject({ year: 2026, month: 1, day, hour, minute }, { zone: ZONE });
}

function week() {
    return [...Array(7).keys()].map((i) => at(12 + i, 0));
}

const oneDay = () => [at(13, 0)];

describe("axisBounds", () => {
    test("office hours and a 21:00 job: the axis reaches 22:00", () => {
        const intervals = [
            { start: at(13, 8), end: at(13, 12) },
            { start: at(13, 13), end: at(13, 17) },
            { start: at(13, 21), end: at(13, 22) },
        ];
        expect(axisBounds(oneDay(), intervals)).toEqual({ startHour: 8, endHour: 22 });
    });

    test("partial hours widen to whole hours", () => {
        const intervals = [{ start: at(13, 7, 30), end: at(13, 16, 15) }];
        expect(axisBounds(oneDay(), intervals)).toEqual({ startHour: 7, endHour: 17 });
    });

    test("a job across midnight needs the whole day", () => {
        const intervals = [{ start: at(13, 22), end: at(14, 2) }];
        expect(axisBounds([at(13, 0), at(14, 0)], intervals)).toEqual({
            startHour: 0,
            endHour: 24,
        });
    });

    test("intervals outside the period are ignored; nothing left: the default", () => {
        const intervals = [{ start: at(20, 3), end: at(20, 23) }];
        expect(axisBounds(oneDay(), intervals)).toEqual({ ...DEFAULT_AXIS });
        expect(axisBounds(oneDay(), [])).toEqual({ ...DEFAULT_AXIS });
    });

    test("the axis is never narrower than four hours", () => {
        const intervals = [{ start: at(13, 10), end: at(13, 11) }];
        expect(axisBounds(oneDay(), intervals)).toEqual({ startHour: 9, endHour: 13 });
        const late = [{ start: at(13, 23), end: at(13, 23, 30) }];
        expect(axisBounds(oneDay(), late)).toEqual({ startHour: 20, endHour: 24 });
    });

    test("UTC data on a board drawn in Brussels", () => {
        const utc = DateTime.fromISO("2026-01-13T07:00:00", { zone: "utc" });
        const intervals = [{ start: utc, end: utc.plus({ hours: 9 }) }];
        // 07:00-16:00 UTC is 08:00-17:00 in Brussels in winter
        expect(axisBounds(oneDay(), intervals)).toEqual({ startHour: 8, endHour: 17 });
    });
});

describe("complementIntervals", () => {
    test("working time is the period minus the off periods", () => {
        const off = [
            { startDt: at(13, 12), endDt: at(13, 13) },
            { startDt: at(13, 0), endDt: at(13, 8) },
            { startDt: at(13, 17), endDt: at(14, 0) },
        ];
        const work = complementIntervals(off, at(13, 0), at(14, 0));
        expect(work.map(({ start, end }) => [start.hour, end.hour])).toEqual([
            [8, 12],
            [13, 17],
        ]);
    });

    test("no off period: the whole period", () => {
        const work = complementIntervals([], at(13, 0), at(14, 0));
        expect(work.length).toBe(1);
        expect(+work[0].start).toBe(+at(13, 0));
        expect(+work[0].end).toBe(+at(14, 0));
    });
});

describe("positions", () => {
    const axis = { startHour: 6, endHour: 22 };

    test("a moment's position and its inverse", () => {
        expect(positionPercent(at(13, 6), oneDay(), axis)).toBe(0);
        expect(positionPercent(at(13, 14), oneDay(), axis)).toBe(50);
        expect(positionPercent(at(13, 21), oneDay(), axis)).toBeLessThan(100);
        expect(+momentAtRatio(0.5, oneDay(), axis)).toBe(+at(13, 14));
        expect(+momentAtRatio(0.5, oneDay(), axis, 60)).toBe(+at(13, 14));
    });

    test("the week: day index plus the hour inside the day", () => {
        // Wednesday 14, 14:00: third day, half-way
        expect(positionPercent(at(14, 14), week(), axis)).toBeCloseTo((100 * 2.5) / 7);
        expect(+momentAtRatio(2.5 / 7, week(), axis)).toBe(+at(14, 14));
    });

    test("moments off the axis stick to its edges", () => {
        expect(positionPercent(at(13, 23), oneDay(), axis)).toBe(100);
        expect(positionPercent(at(13, 3), oneDay(), axis)).toBe(0);
        expect(positionPercent(at(10, 12), oneDay(), axis)).toBe(0);
        expect(positionPercent(at(20, 12), oneDay(), axis)).toBe(100);
    });

    test("the now line only on the axis", () => {
        expect(nowPercent(at(13, 14), oneDay(), axis)).toBe(50);
        expect(nowPercent(at(13, 23), oneDay(), axis)).toBe(null);
        expect(nowPercent(at(14, 14), oneDay(), axis)).toBe(null);
    });

    test("drops snap to the quarter hour; the row's right edge is the end of the axis", () => {
        const full = { startHour: 0, endHour: 24 };
        // 13:07 and 13:08 of an 8-18 axis snap to 13:00 and 13:15
        const office = { startHour: 8, endHour: 18 };
        expect(+momentAtRatio(307 / 600, oneDay(), office)).toBe(+at(13, 13, 0));
        expect(+momentAtRatio(308 / 600, oneDay(), office)).toBe(+at(13, 13, 15));
        // past the right edge: midnight after the last day, never a 25th hour
        expect(+momentAtRatio(1.5, oneDay(), full)).toBe(+at(14, 0));
        expect(+momentAtRatio(-1, oneDay(), full)).toBe(+at(13, 0));
        // the last day of a week
        expect(+momentAtRatio(6.5 / 7, week(), axis)).toBe(+at(18, 14));
    });

    test("hour ticks sit at their hour inside the day", () => {
        expect(tickPercent(8, { startHour: 8, endHour: 18 })).toBe(0);
        expect(tickPercent(13, { startHour: 8, endHour: 18 })).toBe(50);
    });

    test("hour ticks: every hour of a day, about three per day of a week", () => {
        expect(hourTicks({ startHour: 8, endHour: 12 }, "day")).toEqual([8, 9, 10, 11]);
        expect(hourTicks({ startHour: 0, endHour: 24 }, "day").length).toBe(12);
        expect(hourTicks(axis, "week")).toEqual([6, 12, 18]);
    });
});

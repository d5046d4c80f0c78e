"""Due dates of preventive maintenance: pure functions, no database.

Time-based plans
----------------
A plan repeats every N days, weeks or months. Two modes:

* **fixed**: the due dates follow the calendar from the plan's first due date
  (the *anchor*), whatever happens to the orders: ``anchor + k * interval``.
  They are computed with ``dateutil.rrule``.
* **floating**: the next due date is one interval after the last completed PM
  (or after the last skipped/cancelled one); only the next occurrence is known.

Month ends. A monthly plan anchored on a day that some months lack (29, 30,
31) falls on the *last day* of those months and returns to its own day in the
longer months. Anchored on 31 January, it is due on 28 February (29 in a leap
year), 31 March, 30 April, 31 May... It never drifts to the 28th: each date is
computed from the anchor, not from the previous date. ``rrule`` alone would
skip the short months (RFC 5545); the rule here asks for the anchor day *or*
the month's last day, whichever comes first (``bymonthday=(day, -1)``,
``bysetpos=1``). A plan anchored on 29 February every 12 months is due on
28 February in common years and 29 February in leap years.

In floating mode the next date is ``last + interval`` with ``relativedelta``,
which clamps to the month's end as well (31 Jan + 1 month = 28/29 Feb), but the
chain then goes on from the day it was actually done.

Missed occurrences. Fixed dates that fell before *today* and were never
generated (a plan created with a first due date in the past, a scheduler that
was down) are collapsed into one: only the latest of them is returned, as an
overdue occurrence, followed by the dates from today on.

Meter-based plans
-----------------
A plan repeats every N units of a meter (e.g. 500 run hours) counted from a
start value. The date the meter reaches its next threshold is forecast from
the trend of the readings: an ordinary least-squares line of value over time,
its slope the usage per day, projected from the last reading.
"""

from __future__ import annotations

import math
from collections import namedtuple
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule

UNITS = ("day", "week", "month")
MODES = ("fixed", "floating")

Trend = namedtuple("Trend", "slope intercept origin")
"""A usage trend: ``value = intercept + slope * days_since(origin)``."""


def _check(unit, interval):
    if unit not in UNITS:
        raise ValueError(f"unknown interval unit {unit!r} (expected one of {UNITS})")
    if not isinstance(interval, int) or interval < 1:
        raise ValueError(f"the interval must be a positive integer, not {interval!r}")


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


def add_interval(day, unit, interval, count=1):
    """``day`` moved ``count`` intervals on; month steps clamp to the month end."""
    _check(unit, interval)
    steps = interval * count
    if unit == "day":
        return day + timedelta(days=steps)
    if unit == "week":
        return day + timedelta(weeks=steps)
    return day + relativedelta(months=steps)


def _rule(anchor, unit, interval, start):
    """An rrule of the fixed dates of a plan, starting at or just before
    ``start`` (so that walking a long-running plan costs no more than a short
    one)."""
    if unit == "month":
        months = (start.year - anchor.year) * 12 + start.month - anchor.month
        skip = max(0, months // interval - 1) * interval
        first = date(anchor.year, anchor.month, 1) + relativedelta(months=skip)
        # the day itself, or the month's last day when the month is shorter
        bymonthday = (anchor.day,) if anchor.day <= 28 else (anchor.day, -1)
        return rrule(
            MONTHLY,
            interval=interval,
            dtstart=datetime.combine(max(first, anchor), time.min),
            bymonthday=bymonthday,
            bysetpos=1,
        )
    step = interval * (7 if unit == "week" else 1)
    skip = max(0, (start - anchor).days // step - 1) * step
    return rrule(
        WEEKLY if unit == "week" else DAILY,
        interval=interval,
        dtstart=datetime.combine(anchor + timedelta(days=skip), time.min),
    )


def fixed_dates(anchor, unit, interval, start, end):
    """Fixed due dates of a plan anchored on ``anchor`` within ``[start, end]``
    (both included), in order."""
    _check(unit, interval)
    anchor, start, end = _as_date(anchor), _as_date(start), _as_date(end)
    start = max(start, anchor)
    if end < start:
        return []
    rule = _rule(anchor, unit, interval, start)
    return [
        moment.date()
        for moment in rule.between(
            datetime.combine(start, time.min),
            datetime.combine(end, time.min),
            inc=True,
        )
    ]


def fixed_dates_to_generate(anchor, unit, interval, last_generated, today, until):
    """Fixed due dates still to generate up to ``until`` (included).

    ``last_generated`` is the latest due date already generated (or None).
    Missed dates before ``today`` collapse into the latest of them.
    """
    start = anchor if last_generated is None else last_generated + timedelta(days=1)
    dates = fixed_dates(anchor, unit, interval, start, until)
    past = [day for day in dates if day < today]
    return past[-1:] + [day for day in dates if day >= today]


def floating_next_date(anchor, unit, interval, last_base):
    """Next due date of a floating plan: ``anchor`` until a PM was completed
    (or skipped), then one interval after the latest such date."""
    _check(unit, interval)
    anchor = _as_date(anchor)
    if last_base is None:
        return anchor
    return max(anchor, add_interval(_as_date(last_base), unit, interval))


def floating_dates(anchor, unit, interval, last_base, end):
    """Projected floating dates up to ``end``, assuming each PM is completed on
    its due date (for forecasts only: the real chain follows completions)."""
    day = floating_next_date(anchor, unit, interval, last_base)
    dates = []
    while day <= end:
        dates.append(day)
        day = add_interval(day, unit, interval)
    return dates


# --------------------------------------------------------------------- meters
def linear_trend(points):
    """Least-squares line through ``points`` [(datetime, value)], or None.

    Needs two points at distinct moments. The slope is in units per day.
    """
    if len(points) < 2:
        return None
    origin = min(moment for moment, _value in points)
    xs = [(moment - origin).total_seconds() / 86400.0 for moment, _value in points]
    ys = [float(value) for _moment, value in points]
    count = len(points)
    mean_x = sum(xs) / count
    mean_y = sum(ys) / count
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx <= 0.0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return Trend(slope, mean_y - slope * mean_x, origin)


def forecast_date(points, threshold):
    """Date on which the meter is expected to reach ``threshold``.

    The trend's slope is projected from the last reading. Returns the last
    reading's date when the threshold is already reached, and None when it
    cannot be told (fewer than two readings, or no usage).
    """
    if not points:
        return None
    points = sorted(points)
    last_moment, last_value = points[-1]
    if last_value >= threshold:
        return _as_date(last_moment)
    trend = linear_trend(points)
    if trend is None or trend.slope <= 0.0:
        return None
    days = (threshold - last_value) / trend.slope
    if days > 36500:  # more than a century away: no meaningful date
        return None
    return _as_date(last_moment + timedelta(days=days))


def _next_step(start_value, step, last_threshold):
    """Index k of the first threshold ``start_value + k * step`` above
    ``last_threshold`` (k >= 1)."""
    if last_threshold is None:
        return 1
    return max(1, math.floor((last_threshold - start_value) / step + 1e-9) + 1)


def reached_threshold(start_value, step, last_threshold, value):
    """The highest threshold above ``last_threshold`` that ``value`` reached,
    or None: thresholds passed unnoticed collapse into the highest one."""
    if step <= 0:
        raise ValueError("the meter interval must be positive")
    k = _next_step(start_value, step, last_threshold)
    last_k = math.floor((value - start_value) / step + 1e-9)
    return start_value + last_k * step if last_k >= k else None


def meter_occurrences(
    start_value, step, last_threshold, points, today, until, floating=False
):
    """Meter thresholds to generate with their forecast due dates, up to
    ``until``: a list of ``(threshold, due_date)``.

    Thresholds the meter already passed collapse into the highest one, due on
    the day of the reading that passed it. Then the next thresholds whose
    forecast date falls on or before ``until``. A floating plan has only one
    occurrence at a time. ``points`` are the readings [(datetime, value)] of
    the current meter (since its last replacement).
    """
    if step <= 0:
        raise ValueError("the meter interval must be positive")
    points = sorted(points)
    result = []
    current = points[-1][1] if points else start_value
    reached = reached_threshold(start_value, step, last_threshold, current)
    if reached is not None:
        reached_at = next(moment for moment, value in points if value >= reached)
        result.append((reached, _as_date(reached_at)))
        if floating:
            return result
        last_threshold = reached
    k = _next_step(start_value, step, last_threshold)
    # a meter that runs faster than the horizon: bounded, never endless
    for _guard in range(1000):
        threshold = start_value + k * step
        due = forecast_date(points, threshold)
        if due is None or due > until:
            break
        result.append((threshold, max(due, today)))
        if floating:
            break
        k += 1
    return result

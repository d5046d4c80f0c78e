"""Working-time arithmetic on plain interval lists.

Pure Python, no Odoo import: the models fetch the work intervals of a
``resource.calendar`` once for a whole batch of orders (one query set per
calendar) and then place every order's deadlines with these functions.
"""

from datetime import timedelta


def add_working_hours(intervals, start, hours):
    """Return the moment ``hours`` working hours after ``start``.

    :param intervals: sorted, disjoint ``(begin, end)`` datetime pairs of working
        time (all aware or all naive, like ``start``).
    :param start: the moment the clock starts; time before the first interval
        that contains or follows it does not count.
    :param hours: working hours to add (``>= 0``).
    :return: the deadline, or ``None`` when the intervals end before the hours
        are used up (the caller then asks for a longer range).
    """
    if hours < 0:
        raise ValueError("hours must be positive or zero")
    remaining = timedelta(hours=hours)
    for begin, end in intervals:
        if end <= start:
            continue
        begin = max(begin, start)
        available = end - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    if not remaining:
        # zero hours after the last interval: the clock has not moved
        return start
    return None


def working_hours_between(intervals, start, end):
    """Working hours that lie between ``start`` and ``end`` (0 if end <= start)."""
    if end <= start:
        return 0.0
    total = timedelta()
    for begin, stop in intervals:
        if stop <= start:
            continue
        if begin >= end:
            break
        total += min(stop, end) - max(begin, start)
    return total.total_seconds() / 3600.0


def horizon_days(max_hours, hours_per_day):
    """Calendar days of intervals to fetch so ``max_hours`` fit, with margin.

    Five working days a week and room for a fortnight of holidays; callers fall
    back to a longer range when it is not enough.
    """
    hours_per_day = hours_per_day if hours_per_day and hours_per_day > 0 else 8.0
    working_days = max_hours / hours_per_day
    return int(working_days * 7 / 5) + 15

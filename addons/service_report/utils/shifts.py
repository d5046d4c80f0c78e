"""Shift changes of a company ("6,14,22"): parsing and the shift around a
moment. Pure Python (no Odoo), unit-tested without a database."""

from datetime import datetime, time, timedelta

__all__ = ["ShiftError", "parse_shift_hours", "shift_around"]


class ShiftError(ValueError):
    """The shift change hours are not a list of whole hours 0-23."""


def parse_shift_hours(text):
    """``"6, 14,22"`` -> ``[6, 14, 22]`` (sorted, no duplicates).

    An empty text means no shifts (``[]``). Raises ShiftError on anything
    else than whole hours between 0 and 23 separated by commas.
    """
    if not text or not text.strip():
        return []
    hours = set()
    for part in text.split(","):
        part = part.strip()
        if not part.isdigit() or not 0 <= int(part) <= 23:
            raise ShiftError(part)
        hours.add(int(part))
    return sorted(hours)


def shift_around(moment, hours):
    """The shift that contains ``moment`` (naive, in the company's local time):
    ``(start, end)``, both naive local datetimes, ``start <= moment < end``.

    With one change hour a shift lasts 24 hours. ``hours`` is a non-empty
    sorted list of whole hours (``parse_shift_hours``).
    """
    if not hours:
        raise ShiftError("no shift change hours")
    day = moment.date()
    # the change points of yesterday, today and tomorrow, in order
    points = [
        datetime.combine(day + timedelta(days=offset), time(hour))
        for offset in (-1, 0, 1)
        for hour in hours
    ]
    start = max(point for point in points if point <= moment)
    end = min(point for point in points if point > moment)
    return start, end

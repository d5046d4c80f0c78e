"""Split work intervals by local day and compute the KPI ratios.

Pure Python (no Odoo import): unit-tested without the database.
"""

from collections import defaultdict
from datetime import timedelta


def hours_per_day(intervals):
    """``{date: hours}`` of ``(start, stop)`` pairs of aware datetimes, each
    counted on the local day(s) it covers (split at local midnight)."""
    result = defaultdict(float)
    for start, stop in intervals:
        cursor = start
        while cursor < stop:
            midnight = (cursor + timedelta(days=1)).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            end = min(stop, midnight)
            result[cursor.date()] += (end - cursor).total_seconds() / 3600.0
            cursor = end
    return dict(result)


def ratio(numerator, denominator, scale=100.0):
    """``numerator / denominator * scale``, or None when there is no
    denominator (a rate over nothing is no rate, not 0 %)."""
    if not denominator:
        return None
    return numerator / denominator * scale

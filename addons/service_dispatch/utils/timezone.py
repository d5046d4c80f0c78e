"""The time zone dispatch works in, from a list of candidate names.

Plain Python (pytz only, no Odoo import): the board, the suggestions and the
optimiser all read their local days through :func:`zone`, so an unknown or
empty name never raises and every caller falls back the same way.
"""

import pytz


def zone(*names):
    """The first known time zone among ``names`` (a pytz zone), else UTC.

    Empty and unknown names (a context key sent by the client, a typo in a
    calendar) are skipped rather than raising ``UnknownTimeZoneError``. A
    callable is a name read only when the names before it are no zone (a
    calendar's time zone costs a query the user's zone does not).
    """
    for name in names:
        if callable(name):
            name = name()
        if isinstance(name, str) and name in pytz.all_timezones_set:
            return pytz.timezone(name)
    return pytz.utc

"""The activity widget's values of a page of documents, from plain rows.

Pure Python, no Odoo import: ``service.order`` reads the open activities of
a whole page of orders in one query, then derives here, order by order, what
``mail.activity.mixin``'s computes would (``activity_state``, the exception
decoration and icon, and the fields related to the first activity), without
a record, a cache access or a compute per activity.
"""

from collections import namedtuple

# one open activity, as the query gives it, in mail.activity's order
# (date_deadline, id) within its document
ActivityRow = namedtuple(
    "ActivityRow",
    "id res_id date_deadline tz type_id decoration_type type_icon summary",
)

# the widget's values of one document
WidgetValues = namedtuple(
    "WidgetValues",
    "activity_ids state exception_decoration exception_icon first",
)

STATE_PRIORITY = ("overdue", "today", "planned")


def widget_values(rows, state_of):
    """Return ``{res_id: WidgetValues}`` for the documents that have rows.

    :param rows: ``ActivityRow`` items, each document's in mail.activity's
        order (``date_deadline ASC, id ASC``); documents may interleave.
    :param state_of: ``state_of(date_deadline, tz)`` -> ``'overdue'``,
        ``'today'`` or ``'planned'``: mail's own rule, called once per
        distinct pair (a page's activities share a few deadlines and zones).
    :return: per document, its activity ids, its state (the most urgent of
        its activities': overdue, then today, then planned; ``False`` when
        none has a deadline), its exception decoration and icon (the first
        type of decoration ``danger`` in the order of its activities' types,
        else the last of decoration ``warning``; ``False`` without one, as
        mail's ``_compute_activity_exception_type``) and its first row (for
        the fields related to ``activity_ids``).
    """
    memo = {}
    by_doc = {}
    for row in rows:
        by_doc.setdefault(row.res_id, []).append(row)
    result = {}
    for res_id, doc_rows in by_doc.items():
        states = set()
        for row in doc_rows:
            if not row.date_deadline:
                continue
            key = (row.date_deadline, row.tz or False)
            if key not in memo:
                memo[key] = state_of(*key)
            states.add(memo[key])
        state = next((s for s in STATE_PRIORITY if s in states), False)
        decoration, icon = _exception(doc_rows)
        result[res_id] = WidgetValues(
            activity_ids=tuple(row.id for row in doc_rows),
            state=state,
            exception_decoration=decoration,
            exception_icon=icon,
            first=doc_rows[0],
        )
    return result


def _exception(doc_rows):
    """mail's exception rule over the document's distinct activity types,
    in the order of its activities."""
    seen = set()
    exception = None
    for row in doc_rows:
        if not row.type_id or row.type_id in seen:
            continue
        seen.add(row.type_id)
        if row.decoration_type == "danger":
            exception = row
            break
        if row.decoration_type == "warning":
            exception = row
    if exception is None:
        return False, False
    return exception.decoration_type, exception.type_icon or False

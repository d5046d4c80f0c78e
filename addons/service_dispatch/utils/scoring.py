"""Who should take this job? Rank field technicians for one service order.

Plain Python (no Odoo import): the model layer gathers the facts (skills,
working time, bookings, visits) in a few batched queries, this module filters
and scores, and the model layer turns the reason codes into translated words.

Every datetime is naive UTC, as Odoo stores them.

Hard filters, in this order: company, skills and level, working time (calendar
minus time off), no overlap with another booking. A technician who fails one
is kept in the result (``eligible=False``) with the reasons, so the user sees
why someone is not proposed.

Working time: a job that fits in one work interval is placed inside one (it
does not run into lunch); a job longer than the technician's longest work
interval may span the breaks of a day (``Technician.breaks``: the gaps between
two work intervals of the same day that are no time off), as the optimiser
plans it. It never spans time off, a night or another booking.

Unknown coordinates (``None``: a site or home base never geocoded) are left out
of the travel estimates: the travel factor is neutral and the explanation
says "unknown".

Weighted factors (each between 0 and 1, the score is their weighted mean on
0-100):

- ``travel``: driving time from the previous job of that day (or the home
  base) to the site; 0 at ``MAX_TRAVEL_MINUTES`` or more;
- ``load``: the share of that day's working hours that is still free, so the
  least booked technician wins a tie;
- ``history``: prior completed visits to the site (1 each) and to the asset
  (2 each), full at 3;
- ``urgency``: the share of the SLA time left when the job would start
  (response deadline) and end (resolution deadline), the smaller of both, 0
  when it would miss one; without an SLA, how early in the search window the
  job could start. Its weight grows with the order's priority
  (half for low, double for urgent).
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .travel import haversine_km, travel_minutes

MAX_TRAVEL_MINUTES = 90.0
# a job that ended on another day is not "the previous job": the technician
# starts the day from the home base
SLOT_STEP = timedelta(minutes=15)
FULL_HISTORY = 3.0
NEUTRAL = 0.5


@dataclass(frozen=True)
class Weights:
    travel: float = 40.0
    load: float = 20.0
    history: float = 15.0
    urgency: float = 25.0

    def __post_init__(self):
        for name in ("travel", "load", "history", "urgency"):
            if getattr(self, name) < 0:
                raise ValueError(f"weight {name} cannot be negative")


@dataclass(frozen=True)
class Booking:
    """Another order a technician holds (lead or crew)."""

    start: datetime
    end: datetime
    lat: float | None = None
    lon: float | None = None
    ref: str = ""


@dataclass
class Technician:
    id: int
    name: str
    company_id: int
    # skill id -> (level progress 0-100, level name)
    skills: dict = field(default_factory=dict)
    # available time: calendar attendance minus time off, sorted, UTC
    work: list = field(default_factory=list)
    # breaks between two work intervals of one day (lunch), not time off: a
    # job longer than one work interval may span them
    breaks: list = field(default_factory=list)
    # time off (leaves, public holidays) in the period: only to say why
    leaves: list = field(default_factory=list)
    bookings: list = field(default_factory=list)
    home: tuple | None = None
    site_visits: int = 0
    asset_visits: int = 0


@dataclass
class Job:
    company_id: int
    duration: timedelta
    location: tuple | None = None
    # skill id -> skill name
    required_skills: dict = field(default_factory=dict)
    min_level: int = 0
    # a scheduled job keeps its slot; otherwise the first free slot of each
    # technician between earliest and latest is proposed
    start: datetime | None = None
    earliest: datetime | None = None
    latest: datetime | None = None
    # SLA: the job should start before the response deadline and end before
    # the resolution deadline
    deadline: datetime | None = None
    response_deadline: datetime | None = None
    now: datetime | None = None
    priority: int = 1


@dataclass
class Suggestion:
    technician_id: int
    name: str
    eligible: bool = True
    score: float = 0.0
    start: datetime | None = None
    end: datetime | None = None
    factors: dict = field(default_factory=dict)
    # material for the explanation: see ``rank``
    facts: dict = field(default_factory=dict)
    # (code, params): company, missing_skill, low_level, not_working,
    # time_off, overlap, no_slot, too_long
    rejections: list = field(default_factory=list)


def _ceil_to_step(moment, step=SLOT_STEP):
    epoch = datetime(2000, 1, 1)
    steps = math.ceil((moment - epoch) / step)
    return epoch + steps * step


def free_intervals(work, bookings):
    """Working intervals minus bookings, sorted."""
    return subtract(work, [(b.start, b.end) for b in bookings])


def day_breaks(attendance, leaves=(), day_of=None):
    """The breaks of the working days: the gaps between two attendance
    intervals of the same day (``day_of``: moment -> start of its day), minus
    the time off."""
    day_of = day_of or _midnight
    ordered = sorted(attendance)
    gaps = [
        (a_end, b_start)
        for (_a_start, a_end), (b_start, _b_end) in zip(
            ordered, ordered[1:], strict=False
        )
        if b_start > a_end and day_of(a_end) == day_of(b_start)
    ]
    return subtract(gaps, leaves)


def subtract(intervals, busy):
    """Sorted ``(start, end)`` intervals minus the ``busy`` ones."""
    busy = sorted(busy)
    result = []
    for start, end in sorted(intervals):
        cursor = start
        for b_start, b_end in busy:
            if b_end <= cursor or b_start >= end:
                continue
            if b_start > cursor:
                result.append((cursor, b_start))
            cursor = max(cursor, b_end)
            if cursor >= end:
                break
        if cursor < end:
            result.append((cursor, end))
    return result


def work_spans(work, breaks=()):
    """Work intervals joined across the ``breaks`` between them, sorted: the
    stretches of time one job may cover."""
    breaks = sorted(breaks)
    spans = []
    for start, end in sorted(work):
        if spans and _is_break(spans[-1][1], start, breaks):
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _is_break(gap_start, gap_end, breaks):
    if gap_end <= gap_start:
        return True
    return any(b_start <= gap_start and gap_end <= b_end for b_start, b_end in breaks)


def longest(intervals):
    return max((end - start for start, end in intervals), default=timedelta(0))


def _overlaps(intervals, start, end):
    return any(i_start < end and start < i_end for i_start, i_end in intervals)


def working_rejections(tech, start, end):
    """Why ``tech`` cannot work during [start, end): ``[]`` when the interval
    lies in his working time (breaks of the day included), else
    ``[("time_off", {})]`` when it meets his time off, or
    ``[("not_working", {})]`` (outside his working hours)."""
    spans = work_spans(tech.work, tech.breaks)
    if any(s_start <= start and end <= s_end for s_start, s_end in spans):
        return []
    if _overlaps(tech.leaves, start, end):
        return [("time_off", {})]
    return [("not_working", {})]


def _snap_to_work(moment, work):
    """``moment``, or the start of the next work interval when it falls in a
    break (a job does not start during lunch)."""
    for w_start, w_end in work:
        if w_start <= moment < w_end:
            return moment
        if w_start > moment:
            return w_start
    return moment


def _midnight(moment):
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def previous_booking(bookings, moment, day_of=_midnight):
    """The booking that ends last before ``moment``, the same day."""
    best = None
    day = day_of(moment)
    for booking in bookings:
        if booking.end <= moment and day_of(booking.end) == day:
            if best is None or booking.end > best.end:
                best = booking
    return best


def travel_from(tech, job, moment, road_factor, speed_kmh, day_of=_midnight):
    """Travel to the job's site from where ``tech`` is just before ``moment``.

    Returns a dict: ``km``, ``minutes`` (None when a location is unknown:
    never guessed), ``origin`` ('job' or 'home' or None), ``ref`` of the
    previous job and, when unknown, ``missing``: which place has no
    coordinates ('site', 'job' or 'home').
    """
    previous = previous_booking(tech.bookings, moment, day_of)
    if previous is not None and previous.lat is not None:
        origin, point, ref = "job", (previous.lat, previous.lon), previous.ref
    elif previous is None and tech.home:
        origin, point, ref = "home", tech.home, ""
    else:
        origin, point, ref = None, None, previous.ref if previous else ""
    if point is None or job.location is None:
        if job.location is None:
            missing = "site"
        else:
            missing = "job" if previous is not None else "home"
        return {
            "km": None,
            "minutes": None,
            "origin": origin,
            "ref": ref,
            "missing": missing,
        }
    km = haversine_km(point[0], point[1], job.location[0], job.location[1])
    return {
        "km": km,
        "minutes": travel_minutes(km, road_factor=road_factor, speed_kmh=speed_kmh),
        "origin": origin,
        "ref": ref,
    }


def check_skills(tech, job):
    """Rejections for missing skills or levels, and the matched skills."""
    rejections, matched = [], []
    for skill_id, skill_name in sorted(job.required_skills.items()):
        level = tech.skills.get(skill_id)
        if level is None:
            rejections.append(("missing_skill", {"skill": skill_name}))
            continue
        progress, level_name = level
        if progress < job.min_level:
            rejections.append(
                (
                    "low_level",
                    {
                        "skill": skill_name,
                        "level": level_name,
                        "progress": progress,
                        "required": job.min_level,
                    },
                )
            )
            continue
        matched.append((skill_name, level_name, progress))
    return rejections, matched


def _fixed_slot(tech, job):
    start, end = job.start, job.start + job.duration
    rejections = working_rejections(tech, start, end)
    if rejections:
        return None, rejections
    clashes = [b for b in tech.bookings if b.start < end and start < b.end]
    if clashes:
        return None, [("overlap", {"ref": b.ref}) for b in clashes]
    return (start, end), []


def _search_slot(tech, job, road_factor, speed_kmh, day_of):
    earliest = job.earliest or job.now
    latest = job.latest
    hours = job.duration.total_seconds() / 3600.0
    # a job that fits in one work interval stays in one; a longer one may
    # span the day's breaks
    spanning = job.duration > longest(tech.work)
    if spanning:
        spans = work_spans(tech.work, tech.breaks)
        if job.duration > longest(spans):
            return None, [("too_long", {"hours": hours})]
    else:
        spans = tech.work
    for gap_start, gap_end in free_intervals(spans, tech.bookings):
        if latest and gap_start >= latest:
            break
        if earliest and gap_end <= earliest:
            continue
        start = max(gap_start, earliest) if earliest else gap_start
        previous = previous_booking(tech.bookings, start, day_of)
        if previous is not None:
            travel = travel_from(tech, job, start, road_factor, speed_kmh, day_of)
            if travel["minutes"]:
                start = max(start, previous.end + timedelta(minutes=travel["minutes"]))
        start = _ceil_to_step(start)
        if spanning:
            start = _snap_to_work(start, tech.work)
        end = start + job.duration
        limit = min(gap_end, latest) if latest else gap_end
        if end <= limit:
            return (start, end), []
    return None, [("no_slot", {"hours": hours})]


def free_gap_around(tech, start, end):
    for intervals in (tech.work, work_spans(tech.work, tech.breaks)):
        for gap_start, gap_end in free_intervals(intervals, tech.bookings):
            if gap_start <= start and end <= gap_end:
                return gap_start, gap_end
    return start, end


def _day_hours(intervals, day_start):
    day_end = day_start + timedelta(days=1)
    seconds = 0.0
    for start, end in intervals:
        lo, hi = max(start, day_start), min(end, day_end)
        if hi > lo:
            seconds += (hi - lo).total_seconds()
    return seconds / 3600.0


def _factors(tech, job, slot, facts, day_of):
    start, end = slot
    travel = facts["travel"]
    if travel["minutes"] is None:
        f_travel = NEUTRAL
    else:
        f_travel = max(0.0, 1.0 - travel["minutes"] / MAX_TRAVEL_MINUTES)
    day_start = day_of(start)
    booked = _day_hours([(b.start, b.end) for b in tech.bookings], day_start)
    capacity = max(_day_hours(tech.work, day_start), 1.0)
    facts["booked_hours"] = booked
    f_load = max(0.0, 1.0 - booked / capacity)
    f_history = min(1.0, (tech.site_visits + 2 * tech.asset_visits) / FULL_HISTORY)
    deadlines = [
        ("response_slack_hours", job.response_deadline, start),
        ("deadline_slack_hours", job.deadline, end),
    ]
    urgencies = []
    for key, deadline, moment in deadlines:
        if not deadline:
            continue
        now = job.now or start
        total = (deadline - now).total_seconds()
        slack = (deadline - moment).total_seconds()
        facts[key] = slack / 3600.0
        if slack < 0:
            urgencies.append(0.0)
        elif total <= 0:
            urgencies.append(1.0)
        else:
            urgencies.append(min(1.0, slack / total))
    if urgencies:
        f_urgency = min(urgencies)
    elif job.start is None and job.latest and job.earliest:
        span = (job.latest - job.earliest).total_seconds()
        early = 1.0 - (start - job.earliest).total_seconds() / span if span else 1.0
        f_urgency = min(1.0, max(0.0, early))
    else:
        f_urgency = 1.0
    return {
        "travel": f_travel,
        "load": f_load,
        "history": f_history,
        "urgency": f_urgency,
    }


def score(factors, weights, priority=1):
    """Weighted mean of the factors on 0-100."""
    urgency_weight = weights.urgency * (0.5 + 0.5 * max(0, min(priority, 3)))
    parts = [
        (weights.travel, factors["travel"]),
        (weights.load, factors["load"]),
        (weights.history, factors["history"]),
        (urgency_weight, factors["urgency"]),
    ]
    total = sum(weight for weight, _value in parts)
    if not total:
        return 0.0
    return round(100.0 * sum(w * v for w, v in parts) / total, 1)


def evaluate(tech, job, weights, road_factor, speed_kmh, day_of=_midnight):
    """One technician's suggestion (eligible or not, with the reasons)."""
    suggestion = Suggestion(technician_id=tech.id, name=tech.name)
    if tech.company_id != job.company_id:
        suggestion.eligible = False
        suggestion.rejections.append(("company", {}))
        return suggestion
    rejections, matched = check_skills(tech, job)
    suggestion.facts["skills"] = matched
    if rejections:
        suggestion.eligible = False
        suggestion.rejections.extend(rejections)
        return suggestion
    if job.start is not None:
        slot, rejections = _fixed_slot(tech, job)
    else:
        slot, rejections = _search_slot(tech, job, road_factor, speed_kmh, day_of)
    if slot is None:
        suggestion.eligible = False
        suggestion.rejections.extend(rejections)
        return suggestion
    suggestion.start, suggestion.end = slot
    facts = suggestion.facts
    facts["free"] = free_gap_around(tech, *slot)
    facts["travel"] = travel_from(tech, job, slot[0], road_factor, speed_kmh, day_of)
    facts["site_visits"] = tech.site_visits
    facts["asset_visits"] = tech.asset_visits
    suggestion.factors = _factors(tech, job, slot, facts, day_of)
    suggestion.score = score(suggestion.factors, weights, job.priority)
    return suggestion


def rank(
    job,
    technicians,
    weights=None,
    road_factor=1.3,
    speed_kmh=50.0,
    day_of=_midnight,
):
    """Suggestions for ``job``: eligible technicians by score (best first,
    then earliest slot, then name), then the others by name."""
    weights = weights or Weights()
    if job.duration <= timedelta(0):
        raise ValueError("the job needs a positive duration")
    suggestions = [
        evaluate(tech, job, weights, road_factor, speed_kmh, day_of)
        for tech in technicians
    ]
    eligible = sorted(
        (s for s in suggestions if s.eligible),
        key=lambda s: (-s.score, s.start, s.name),
    )
    others = sorted((s for s in suggestions if not s.eligible), key=lambda s: s.name)
    return eligible + others

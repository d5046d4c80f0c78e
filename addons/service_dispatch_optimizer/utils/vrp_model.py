"""The optimiser's problem and solution types, and what every solver shares.

A vehicle routing problem with time windows, in plain Python: no solver and
no Odoo import here (the back ends are :mod:`vrp_vroom` and
:mod:`vrp_ortools`, the orchestration :mod:`vrp`), so it is unit-tested and
benchmarked without a database.

Model
-----
- A :class:`Vehicle` is one technician on one day: it leaves from and returns
  to the technician's home base, works inside its ``shifts`` (the work
  intervals of the day, time off already removed); the gaps between shifts are
  fixed breaks during which no job is serviced.
- A :class:`Job` is one service order: a site, a service duration, allowed
  start/finish ``windows`` (the customer's requested window), required
  ``skills`` (only vehicles holding all of them may take it), a ``priority``
  and an optional SLA ``deadline``. A job with ``locked_vehicle`` and
  ``locked_start`` is already planned: it stays on that vehicle at that time.
- Every job may be left out at a price (a disjunction penalty) far above any
  driving, so the plan serves as many jobs as it can; priority and an SLA due
  inside the plan make leaving a job out dearer by some minutes of driving
  (:data:`PRIORITY_BONUS`), so that among jobs competing for the same time
  the least urgent are left out. Finishing after the SLA deadline is allowed
  but costs per minute late.
- The objective is then the total driving time (:func:`objective` computes
  it for any plan, as OR-Tools does).

All times are minutes (floats) from an origin chosen by the caller (the
wizard uses midnight UTC of the first planned day); the solvers work in whole
seconds (:func:`to_seconds`).
"""

import dataclasses
import math
from dataclasses import dataclass, field

from odoo.addons.service_dispatch.utils import travel as travel_lib

# Leaving a job out costs DROP_PENALTY seconds of driving, far more than any
# plan drives (and than any job's lateness inside a week's plan): the plan
# serves as many jobs as it can, and never leaves two jobs out to keep one.
# Priority (0 low .. 3 urgent) and an SLA due inside the plan add
# PRIORITY_BONUS / SLA_DUE_BONUS minutes: when two jobs compete for the same
# time, the less urgent one is left out, unless keeping the urgent one costs
# more driving than the difference (an urgent job is worth up to an hour more
# driving than a low one).
DROP_PENALTY = 10_000_000
PRIORITY_BONUS = {0: 0, 1: 10, 2: 30, 3: 60}
SLA_DUE_BONUS = 60
# the priorities a dispatcher calls urgent ("High" and "Urgent" of the
# service order): a plan is never traded for one serving fewer of them to
# save driving (see :func:`plan_key` and the ruin-and-recreate search)
URGENT_PRIORITY = 2
# a locked (already planned) job is kept unless it is impossible
LOCKED_PENALTY = 10**11
# cost of each second of service started after the SLA deadline allows
LATENESS_COST = 5

REASON_NO_LOCATION = "no_location"
REASON_NO_SKILL = "no_skill"
REASON_WINDOW = "window"
REASON_TOO_LONG = "too_long"
REASON_CAPACITY = "capacity"
REASON_LOCKED = "locked"
REASON_NO_TECHNICIAN = "no_technician"

REASONS = {
    REASON_NO_LOCATION: "The site has no coordinates.",
    REASON_NO_SKILL: "No selected technician has all the required skills.",
    REASON_WINDOW: "The requested window does not meet the working hours of "
    "any skilled technician.",
    REASON_TOO_LONG: "Longer than any skilled technician's working block "
    "(with the drive there and back).",
    REASON_CAPACITY: "No room left: the skilled technicians' days are full.",
    REASON_LOCKED: "Already planned, but cannot be kept as planned "
    "(it clashes with the technician's other fixed jobs or hours).",
    REASON_NO_TECHNICIAN: "No technician works in the planned period.",
}


@dataclass(frozen=True)
class Job:
    """One job to plan. Times in minutes from the problem's origin."""

    id: object
    location: tuple | None
    duration: float
    windows: tuple = ()
    skills: frozenset = frozenset()
    priority: int = 1
    deadline: float | None = None
    locked_vehicle: object = None
    locked_start: float | None = None

    @property
    def locked(self):
        return self.locked_vehicle is not None and self.locked_start is not None


@dataclass(frozen=True)
class Vehicle:
    """One technician on one day, from and back to ``location``.

    ``shifts`` are the work intervals ``(start, end)`` of that day in minutes,
    sorted and disjoint; ``resource`` groups the vehicles (days) of one
    technician for reporting; ``visit_cost`` (minutes of driving) is paid for
    each job the vehicle serves: a growing cost per later day makes the solver
    serve jobs on the first days first.
    """

    id: object
    location: tuple | None
    shifts: tuple
    skills: frozenset = frozenset()
    resource: object = None
    visit_cost: float = 0.0


@dataclass
class Problem:
    jobs: list
    vehicles: list
    road_factor: float = travel_lib.DEFAULT_ROAD_FACTOR
    speed_kmh: float = travel_lib.DEFAULT_SPEED_KMH
    # ``matrix(points, road_factor, speed_kmh)`` -> minutes; replace it to use
    # a real routing engine
    matrix_function: object = travel_lib.travel_matrix_minutes


# OR-Tools' work per solve, shared out per job (see Settings.solutions): a
# solution of its local search costs more the more jobs there are, so a big
# plan gets fewer of them (200 jobs: 10, about a CPU second on the
# benchmark; 20 jobs: 50)
SEARCH_WORK = 1000
MIN_SOLUTIONS = 10
MAX_SOLUTIONS = 200
# ... and a search stops once it has tried STALL_PER_NODE2 x nodes^2
# neighbours (about a few sweeps of its neighbourhoods) since its best
# solution last improved (between MIN_STALL and MAX_STALL), or after
# FAILURES_PER_STALL times that many failures (a search that finds no
# neighbour at all): bounds that count work and always bind, whether or not
# the search finds solutions (see vrp_ortools.WorkBudget)
STALL_PER_NODE2 = 5
MIN_STALL = 2_000
MAX_STALL = 300_000
FAILURES_PER_STALL = 2
# the ruin-and-recreate search on driving (vrp_local): iterations per job
# that may be planned (200 jobs: 5000, about 1.6 CPU seconds on the
# benchmark)
LOCAL_PER_JOB = 25
MIN_LOCAL = 500
MAX_LOCAL = 5000


@dataclass
class Settings:
    """How much the solvers search, and how plans are ranked.

    The search is an amount of work, not a number of seconds, so that a
    problem gets the same plan whatever else the machine runs: VROOM runs
    all its searches to the end (threads only share them out), OR-Tools'
    guided local search and its polish each stop after a number of
    solutions or, when they stall, of neighbours tried without improvement
    (or of failures), on one thread, without any operator bound by time.
    ``time_limit`` is only a safety net, far above a normal run: a solve
    that reaches it depends on the load again (``Solution.stops`` then says
    ``"time"``).
    """

    time_limit: float = 20.0
    first_solution: str = "PARALLEL_CHEAPEST_INSERTION"
    metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    lateness_cost: int = LATENESS_COST
    drop_penalty: int = DROP_PENALTY
    # OR-Tools' work budget: solutions of the guided local search on the
    # whole model (which jobs, by whom, in which order), then of the polish
    # (the jobs served, all mandatory: driving alone); ``None``: SEARCH_WORK
    # shared out per job (see :meth:`solutions`)
    search_solutions: int | None = None
    polish_solutions: int | None = None
    # neighbours tried without improvement before a search stops (``None``:
    # scaled with the problem, see :meth:`stall_neighbours`)
    stall: int | None = None
    # False: a search bound by ``time_limit`` alone, ``polish_share`` of it
    # for the polish (the benchmark's OR-Tools anchor; not load-independent)
    work_bound: bool = True
    polish_share: float = 0.3
    # How plans are ranked (:func:`plan_key`): the most jobs served, then
    # the whole objective, where an urgent job is worth up to an hour of
    # driving (PRIORITY_BONUS) - the wizard's way: a dispatcher wants the
    # urgent call served rather than a routine one that is on the way.
    # True: served, then the least driving, then the rest of the objective,
    # so a trade of driving for a more urgent job never beats a plan that
    # drives less (an urgent order can then be left out for a routine one
    # that drives less).
    rank_by_drive: bool = False
    # first plan from VROOM: exploration level 5 (its 32 first solutions),
    # each searched at depth 3 at most (``None``: the level's own, 5), on two
    # threads; every search runs to its end. Depth 3 takes 55-65 % of depth
    # 5's time, and after ruin and recreate (step 3 of :func:`vrp.solve`)
    # the plan serves as many jobs and drives no more than VROOM at depth 5
    # alone, on every instance of the dispatch benchmark.
    warm_start: bool = True
    vroom_exploration_level: int = 5
    vroom_depth: int | None = 3
    vroom_threads: int = 2
    # the ruin-and-recreate search on driving (vrp_local) from the first
    # plan: its iterations (``None``: LOCAL_PER_JOB per job, between
    # MIN_LOCAL and MAX_LOCAL; 0: off) and the seed of its draws
    local_iterations: int | None = None
    local_seed: int = 0
    # How OR-Tools times a route with breaks (a lunch, a fixed booking) when
    # its jobs carry a lateness cost (an SLA deadline): "glop" (a linear
    # program), "cp_sat" (OR-Tools' default, exact; about 500 us per
    # neighbour on a week of 34 technician-days with SLAs against 56 for
    # "glop", for the same routes: orders, technicians and sequence, a start
    # may move within a route's slack), "off" (no scheduling solver:
    # propagation and the finalizers alone)
    break_scheduling: str = "glop"
    log_search: bool = False

    def local_work(self, n_jobs):
        """The iterations of the ruin-and-recreate search for ``n_jobs``
        jobs that may be planned."""
        if self.local_iterations is not None:
            return max(0, int(self.local_iterations))
        return max(MIN_LOCAL, min(MAX_LOCAL, LOCAL_PER_JOB * n_jobs))

    def solutions(self, limit, n_jobs):
        """The solution limit of a search: ``limit``, or SEARCH_WORK shared
        out per job (between MIN_SOLUTIONS and MAX_SOLUTIONS)."""
        if limit is not None:
            return limit
        share = SEARCH_WORK // max(1, n_jobs)
        return max(MIN_SOLUTIONS, min(MAX_SOLUTIONS, share))

    def stall_neighbours(self, n_nodes):
        """Neighbours a search may try since its last improvement:
        ``stall``, or STALL_PER_NODE2 per squared node (homes and jobs),
        between MIN_STALL and MAX_STALL."""
        if self.stall is not None:
            return max(1, int(self.stall))
        return max(MIN_STALL, min(MAX_STALL, STALL_PER_NODE2 * n_nodes * n_nodes))

    def failure_limit(self, n_nodes):
        """Failures a search may meet in all (:meth:`stall_neighbours` times
        FAILURES_PER_STALL)."""
        return FAILURES_PER_STALL * self.stall_neighbours(n_nodes)


@dataclass
class Stop:
    job_id: object
    arrival: float
    start: float
    end: float
    travel: float
    idle: float
    late: float = 0.0


@dataclass
class Route:
    vehicle_id: object
    resource: object
    departure: float
    back: float
    stops: list = field(default_factory=list)
    drive_back: float = 0.0

    @property
    def drive_minutes(self):
        return sum(stop.travel for stop in self.stops) + (
            self.drive_back if self.stops else 0.0
        )

    @property
    def idle_minutes(self):
        return sum(stop.idle for stop in self.stops)

    @property
    def work_minutes(self):
        return sum(stop.end - stop.start for stop in self.stops)


@dataclass
class Dropped:
    job_id: object
    reason: str

    @property
    def message(self):
        return REASONS[self.reason]


@dataclass
class Solution:
    routes: list
    dropped: list
    status: str
    solve_seconds: float
    objective: int | None = None
    # why each OR-Tools search stopped (vrp_ortools.STOP_*), in order
    stops: tuple = ()

    @property
    def served(self):
        return sum(len(route.stops) for route in self.routes)

    @property
    def drive_minutes(self):
        return sum(route.drive_minutes for route in self.routes)

    @property
    def idle_minutes(self):
        return sum(route.idle_minutes for route in self.routes)

    def route_of(self, vehicle_id):
        for route in self.routes:
            if route.vehicle_id == vehicle_id:
                return route
        return None


# ----------------------------------------------------------------------
# Helpers shared by the solvers and the baselines
# ----------------------------------------------------------------------
def drop_penalty(job, horizon_end, base=DROP_PENALTY):
    """Cost in seconds of driving of leaving ``job`` out: ``base`` plus the
    bonus of its priority and of an SLA due inside the plan."""
    bonus = PRIORITY_BONUS.get(job.priority, PRIORITY_BONUS[1])
    if job.deadline is not None and job.deadline <= horizon_end:
        bonus += SLA_DUE_BONUS
    return base + to_seconds(bonus)


def lateness_due(job, horizon_start):
    """The service start (whole seconds) after which ``job``'s SLA lateness
    is counted: its deadline less its duration, but never before the plan's
    start (``horizon_start``, seconds) nor before its requested window opens
    (what no plan can avoid is not weighed: an overdue urgent call with an
    afternoon window would otherwise cost more served than left out)."""
    due = max(horizon_start, to_seconds(job.deadline - job.duration))
    if job.windows:
        due = max(due, to_seconds(min(start for start, _end in job.windows)))
    return due


def day_span(vehicle):
    return vehicle.shifts[0][0], vehicle.shifts[-1][1]


def shift_gaps(shifts):
    """The breaks between consecutive work intervals."""
    return [
        (shifts[i][1], shifts[i + 1][0])
        for i in range(len(shifts) - 1)
        if shifts[i + 1][0] > shifts[i][1]
    ]


def job_windows(job):
    return job.windows or ((-math.inf, math.inf),)


def earliest_fit(job, shifts, ready, windows=None):
    """Earliest start >= ``ready`` at which ``job`` is serviced inside one
    work interval and one of its windows; ``None`` when there is none."""
    best = None
    for win_start, win_end in windows or job_windows(job):
        for shift_start, shift_end in shifts:
            start = max(ready, win_start, shift_start)
            if start + job.duration <= min(win_end, shift_end) + 1e-9:
                if best is None or start < best:
                    best = start
    return best


def build_matrix(problem):
    """Travel minutes between all locations: vehicles first, then jobs.

    A missing location (``None``) is treated as "anywhere": 0 minutes to and
    from it.
    """
    locations = [v.location for v in problem.vehicles] + [
        j.location for j in problem.jobs
    ]
    points = [loc if loc is not None else (0.0, 0.0) for loc in locations]
    matrix = problem.matrix_function(
        points, road_factor=problem.road_factor, speed_kmh=problem.speed_kmh
    )
    for i, loc in enumerate(locations):
        if loc is None:
            for k in range(len(locations)):
                matrix[i][k] = 0.0
                matrix[k][i] = 0.0
    return matrix


def can_serve_alone(job, vehicle, t_out, t_back):
    """Whether ``vehicle`` could serve ``job`` as its only job of the day."""
    day_start, day_end = day_span(vehicle)
    start = earliest_fit(job, vehicle.shifts, day_start + t_out)
    return start is not None and start + job.duration + t_back <= day_end + 1e-9


def _infeasible_reason(problem, matrix, job, j, skilled):
    """Why no skilled vehicle can serve ``job`` alone: its windows
    (``REASON_WINDOW``) when it would fit some vehicle without them, else its
    length (``REASON_TOO_LONG``)."""
    if job.windows:
        free = dataclasses.replace(job, windows=())
        node = len(problem.vehicles) + j
        if any(
            can_serve_alone(free, problem.vehicles[k], matrix[k][node], matrix[node][k])
            for k in skilled
        ):
            return REASON_WINDOW
    return REASON_TOO_LONG


def prefilter(problem, matrix):
    """Candidate vehicles per job and the jobs that no vehicle can take.

    Returns ``(candidates, dropped)``: ``candidates[j]`` lists the vehicle
    indexes that may serve job ``j`` (skills, windows, shift length) and
    ``dropped`` the :class:`Dropped` of the jobs without any.
    """
    n_veh = len(problem.vehicles)
    vehicle_ids = {v.id: k for k, v in enumerate(problem.vehicles)}
    candidates = {}
    dropped = []
    for j, job in enumerate(problem.jobs):
        node = n_veh + j
        if job.locked:
            k = vehicle_ids.get(job.locked_vehicle)
            if k is None:
                dropped.append(Dropped(job.id, REASON_LOCKED))
            else:
                candidates[j] = [k]
            continue
        if job.location is None:
            dropped.append(Dropped(job.id, REASON_NO_LOCATION))
            continue
        if not problem.vehicles:
            dropped.append(Dropped(job.id, REASON_NO_TECHNICIAN))
            continue
        skilled = [k for k, v in enumerate(problem.vehicles) if job.skills <= v.skills]
        if not skilled:
            dropped.append(Dropped(job.id, REASON_NO_SKILL))
            continue
        feasible = [
            k
            for k in skilled
            if can_serve_alone(
                job, problem.vehicles[k], matrix[k][node], matrix[node][k]
            )
        ]
        if not feasible:
            dropped.append(
                Dropped(job.id, _infeasible_reason(problem, matrix, job, j, skilled))
            )
            continue
        candidates[j] = feasible
    return candidates, dropped


def locked_intervals(problem):
    by_vehicle = {}
    for job in problem.jobs:
        if job.locked:
            by_vehicle.setdefault(job.locked_vehicle, []).append(
                (job.locked_start, job.locked_start + job.duration)
            )
    return by_vehicle


def vehicle_spans(problem, matrix):
    """Earliest departure and latest return of each vehicle: its shifts,
    widened to reach the locked jobs planned outside them."""
    n_veh = len(problem.vehicles)
    spans = [day_span(v) for v in problem.vehicles]
    index = {v.id: k for k, v in enumerate(problem.vehicles)}
    for j, job in enumerate(problem.jobs):
        k = index.get(job.locked_vehicle) if job.locked else None
        if k is None:
            continue
        start, end = spans[k]
        spans[k] = (
            min(start, job.locked_start - matrix[k][n_veh + j]),
            max(end, job.locked_start + job.duration + matrix[n_veh + j][k]),
        )
    return spans


def vehicle_breaks(vehicle, locked):
    """Fixed breaks of ``vehicle``: shift gaps minus its locked jobs' times
    (a locked job planned over lunch keeps its place)."""
    breaks = []
    for gap_start, gap_end in shift_gaps(vehicle.shifts):
        pieces = [(gap_start, gap_end)]
        for lock_start, lock_end in sorted(locked):
            nxt = []
            for start, end in pieces:
                if lock_end <= start or lock_start >= end:
                    nxt.append((start, end))
                    continue
                if start < lock_start:
                    nxt.append((start, lock_start))
                if lock_end < end:
                    nxt.append((lock_end, end))
            pieces = nxt
        breaks.extend(pieces)
    return breaks


def to_seconds(minutes):
    return int(round(minutes * 60))


def idle_between(prev_end, start, drive, vehicle):
    """Waiting minutes between two stops: the gap minus driving and breaks."""
    gap = start - prev_end
    breaks = sum(
        max(0.0, min(end, start) - max(begin, prev_end))
        for begin, end in shift_gaps(vehicle.shifts)
    )
    return max(0.0, gap - drive - breaks)


# ----------------------------------------------------------------------
# Checking any plan (ours or a baseline's) against the problem
# ----------------------------------------------------------------------
def check_solution(problem, solution, tolerance=1.0):
    """Violations of ``solution`` against ``problem`` (an empty list when it
    is feasible): skills, windows, shifts and breaks, travel times, locked
    jobs and double service. ``tolerance`` in minutes (rounding)."""
    matrix = build_matrix(problem)
    spans = vehicle_spans(problem, matrix)
    n_veh = len(problem.vehicles)
    vehicle_index = {v.id: k for k, v in enumerate(problem.vehicles)}
    job_index = {job.id: j for j, job in enumerate(problem.jobs)}
    errors = []
    seen = set()
    for route in solution.routes:
        k = vehicle_index[route.vehicle_id]
        vehicle = problem.vehicles[k]
        locked = locked_intervals(problem).get(vehicle.id, ())
        day_start, day_end = spans[k]
        work = _work_intervals(vehicle, locked)
        prev_node, prev_end = k, route.departure
        if route.departure < day_start - tolerance:
            errors.append(f"{vehicle.id}: leaves before the shift")
        for stop in route.stops:
            j = job_index[stop.job_id]
            job = problem.jobs[j]
            if stop.job_id in seen:
                errors.append(f"{stop.job_id}: served twice")
            seen.add(stop.job_id)
            if not job.skills <= vehicle.skills:
                errors.append(f"{stop.job_id}: {vehicle.id} lacks skills")
            drive = matrix[prev_node][n_veh + j]
            if stop.start < prev_end + drive - tolerance:
                errors.append(f"{stop.job_id}: starts before it can be reached")
            end = stop.start + job.duration
            if not any(
                stop.start >= a - tolerance and end <= b + tolerance for a, b in work
            ):
                errors.append(f"{stop.job_id}: outside {vehicle.id}'s hours")
            if job.windows and not any(
                stop.start >= a - tolerance and end <= b + tolerance
                for a, b in job.windows
            ):
                errors.append(f"{stop.job_id}: outside its window")
            if job.locked and (
                job.locked_vehicle != vehicle.id
                or abs(stop.start - job.locked_start) > tolerance
            ):
                errors.append(f"{stop.job_id}: locked job moved")
            prev_node, prev_end = n_veh + j, end
        if route.stops and prev_end + matrix[prev_node][k] > day_end + tolerance:
            errors.append(f"{vehicle.id}: back home after the shift")
    for job in problem.jobs:
        if job.locked and job.id not in seen:
            errors.append(f"{job.id}: locked job dropped")
    return errors


def _work_intervals(vehicle, locked):
    intervals = list(vehicle.shifts) + list(locked)
    intervals.sort()
    merged = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


# ----------------------------------------------------------------------
# Comparing plans
# ----------------------------------------------------------------------
def drop_reason(job):
    """Why a job that some vehicle could take is not in the plan."""
    return REASON_LOCKED if job.locked else REASON_CAPACITY


def objective(problem, solution, settings, matrix=None):
    """The cost of ``solution`` as OR-Tools' model counts it, in seconds:
    driving (each leg rounded to the second, as in the model), the vehicles'
    cost per job served, SLA lateness, and the penalty of every job left out
    (see :func:`drop_penalty`). The same yardstick for any plan, VROOM's as
    well as OR-Tools'."""
    if matrix is None:
        matrix = build_matrix(problem)
    spans = vehicle_spans(problem, matrix)
    horizon_start = max(0, to_seconds(min((s for s, _e in spans), default=0)))
    horizon_end = max((e for _s, e in spans), default=0)
    vehicles = {v.id: v for v in problem.vehicles}
    jobs = {job.id: job for job in problem.jobs}
    cost = 0
    served = set()
    for route in solution.routes:
        visit = to_seconds(vehicles[route.vehicle_id].visit_cost)
        for stop in route.stops:
            job = jobs[stop.job_id]
            served.add(job.id)
            cost += to_seconds(stop.travel) + visit
            if job.deadline is not None and not job.locked:
                due = lateness_due(job, horizon_start)
                cost += settings.lateness_cost * max(0, to_seconds(stop.start) - due)
        if route.stops:
            cost += to_seconds(route.drive_back)
    for job in problem.jobs:
        if job.id not in served:
            cost += (
                LOCKED_PENALTY
                if job.locked
                else drop_penalty(job, horizon_end, settings.drop_penalty)
            )
    return cost


def drive_seconds(solution):
    """The driving of ``solution`` in seconds, each leg rounded as in the
    model."""
    return sum(
        sum(to_seconds(stop.travel) for stop in route.stops)
        + to_seconds(route.drive_back)
        for route in solution.routes
        if route.stops
    )


def is_urgent(job):
    """Whether ``job`` is urgent (:data:`URGENT_PRIORITY` or above)."""
    return job.priority >= URGENT_PRIORITY


def urgent_served(problem, solution):
    """How many urgent jobs (:func:`is_urgent`) ``solution`` serves."""
    urgent = {job.id for job in problem.jobs if is_urgent(job)}
    return sum(
        1 for route in solution.routes for stop in route.stops if stop.job_id in urgent
    )


def plan_key(problem, solution, settings, matrix=None):
    """Sort key of plans, the best first: the most jobs served, then (with
    ``settings.rank_by_drive``) the least driving, then the least
    :func:`objective` (driving, and what the model weighs with it)."""
    cost = objective(problem, solution, settings, matrix)
    if settings.rank_by_drive:
        return (-solution.served, drive_seconds(solution), cost)
    return (-solution.served, cost)

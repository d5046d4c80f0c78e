"""Auto-dispatch optimiser: a vehicle routing problem with time windows.

Plain Python on top of two solvers from PyPI, VROOM (``pyvroom``, see
:mod:`vrp_vroom`) and OR-Tools' routing library (``pywrapcp``); no Odoo
import, so it is unit-tested and benchmarked without a database.

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
- The objective is then the total driving time.

Search (:func:`solve`)
----------------------
VROOM plans first: on a day this full, its local search finds as many jobs
served and less driving than OR-Tools' guided local search, in less time.
OR-Tools reads that plan into its model and improves it for the rest of the
time with what VROOM cannot weigh (it ranks plans by the sum of priorities
first, at any cost in driving): the priority bonuses, SLA lateness, the cost
of later days. Without VROOM's plan (``Settings.warm_start`` off, or when
VROOM fails) OR-Tools starts from its own first solution.

All times are minutes (floats) from an origin chosen by the caller (the
wizard uses midnight UTC of the first planned day); the solvers work in whole
seconds.
"""

import logging
import math
import time
from dataclasses import dataclass, field

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from . import travel as travel_lib
from . import vrp_vroom

_logger = logging.getLogger(__name__)

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
# a locked (already planned) job is kept unless it is impossible
LOCKED_PENALTY = 10**11
# cost of each second of service started after the SLA deadline allows
LATENESS_COST = 5

REASON_NO_LOCATION = "no_location"
REASON_NO_SKILL = "no_skill"
REASON_WINDOW = "window"
REASON_CAPACITY = "capacity"
REASON_LOCKED = "locked"
REASON_NO_TECHNICIAN = "no_technician"

REASONS = {
    REASON_NO_LOCATION: "The site has no coordinates.",
    REASON_NO_SKILL: "No selected technician has all the required skills.",
    REASON_WINDOW: "The requested window does not meet the working hours of "
    "any skilled technician (or the job is longer than the time left).",
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


@dataclass
class Settings:
    time_limit: float = 8.0
    first_solution: str = "PARALLEL_CHEAPEST_INSERTION"
    metaheuristic: str = "GUIDED_LOCAL_SEARCH"
    lateness_cost: int = LATENESS_COST
    drop_penalty: int = DROP_PENALTY
    # share of OR-Tools' search time spent polishing the driving of the jobs
    # served
    polish_share: float = 0.3
    # first plan from VROOM: the 32 first solutions of its exploration level
    # 5, each improved by a local search of depth 3 instead of 5 (as good
    # plans on the benchmark for 60% of the CPU time; see
    # vrp_vroom.solve_input), on two threads. VROOM stops in time for OR-Tools
    # to search at least ``search_share`` of the time limit.
    warm_start: bool = True
    vroom_exploration_level: int = 5
    vroom_depth: int | None = 3
    vroom_threads: int = 2
    search_share: float = 0.15
    log_search: bool = False


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


def effective_time_limit(limit, n_jobs, seconds_per_job=0.05):
    """The search time for ``n_jobs``: ``limit`` at most, a second at least,
    and about ``seconds_per_job`` per job in between (guided local search
    never stops on its own: a small plan should not wait the full limit)."""
    return max(1.0, min(float(limit), n_jobs * seconds_per_job))


# ----------------------------------------------------------------------
# Helpers shared with the baselines
# ----------------------------------------------------------------------
def drop_penalty(job, horizon_end, base=DROP_PENALTY):
    """Cost in seconds of driving of leaving ``job`` out: ``base`` plus the
    bonus of its priority and of an SLA due inside the plan."""
    bonus = PRIORITY_BONUS.get(job.priority, PRIORITY_BONUS[1])
    if job.deadline is not None and job.deadline <= horizon_end:
        bonus += SLA_DUE_BONUS
    return base + to_seconds(bonus)


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
            dropped.append(Dropped(job.id, REASON_WINDOW))
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


# ----------------------------------------------------------------------
# The OR-Tools model
# ----------------------------------------------------------------------
def to_seconds(minutes):
    return int(round(minutes * 60))


def solve(problem, settings=None):
    """Plan ``problem``; returns a :class:`Solution`.

    1. A first plan: VROOM's (``settings.warm_start``), read into the
       OR-Tools model; else OR-Tools' own first solution strategy.
    2. Guided local search on the whole model (which jobs to serve, by whom,
       in which order; priorities, SLA lateness, later days).
    3. With ``settings.polish_share`` > 0, for that share of the time left:
       only the jobs served so far, all mandatory, so that guided local
       search works on driving time alone (in step 2 the penalties of the
       dropped jobs dwarf it).
    """
    settings = settings or Settings()
    started = time.perf_counter()
    matrix = build_matrix(problem)
    candidates, dropped = prefilter(problem, matrix)
    if not candidates:
        return Solution([], dropped, "empty", time.perf_counter() - started)
    model = _RoutingModel(problem, matrix, candidates, settings, sorted(candidates))
    params = search_parameters(settings)
    model.routing.CloseModelWithParameters(params)
    initial = None
    if settings.warm_start:
        start_routes = _vroom_start(problem, matrix, candidates, settings, started)
        initial = model.read_routes(start_routes)
        _logger.debug(
            "first plan from VROOM after %.2f s, objective %s",
            time.perf_counter() - started,
            initial.ObjectiveValue() if initial is not None else None,
        )
    remaining = max(
        settings.time_limit - (time.perf_counter() - started),
        settings.time_limit * settings.search_share,
    )
    _set_time_limit(params, remaining * (1.0 - settings.polish_share))
    if initial is not None:
        assignment = model.routing.SolveFromAssignmentWithParameters(initial, params)
    else:
        assignment = model.routing.SolveWithParameters(params)
    status = model.status()
    if assignment is None:
        # no assignment at all (contradictory locked jobs): report every job
        # as dropped rather than fail
        dropped += [
            Dropped(problem.jobs[j].id, _drop_reason(problem.jobs[j]))
            for j in model.kept
        ]
        return Solution([], dropped, status, time.perf_counter() - started)
    routes = model.routes(assignment)
    objective = assignment.ObjectiveValue()
    _logger.debug(
        "guided local search done after %.2f s, objective %s",
        time.perf_counter() - started,
        objective,
    )
    remaining = settings.time_limit - (time.perf_counter() - started)
    served = sorted(j for route in routes for j in route)
    if settings.polish_share > 0 and remaining > 0.3 and served:
        polish = _RoutingModel(
            problem, matrix, candidates, settings, served, mandatory=True
        )
        polish_params = search_parameters(settings, remaining)
        polish.routing.CloseModelWithParameters(polish_params)
        initial = polish.read_routes(routes)
        if initial is not None:
            better = polish.routing.SolveFromAssignmentWithParameters(
                initial, polish_params
            )
            if better is not None:
                model, assignment = polish, better
                status = polish.status()
    solution = model.solution(assignment, status, objective)
    served_jobs = {stop.job_id for route in solution.routes for stop in route.stops}
    dropped += [
        Dropped(problem.jobs[j].id, _drop_reason(problem.jobs[j]))
        for j in sorted(candidates)
        if problem.jobs[j].id not in served_jobs
    ]
    solution.dropped = dropped
    solution.solve_seconds = time.perf_counter() - started
    return solution


def _vroom_start(problem, matrix, candidates, settings, started):
    """VROOM's plan as job indexes per vehicle, or ``None`` (no time left,
    or VROOM refused the problem)."""
    from vroom import _vroom  # pylint: disable=import-outside-toplevel

    budget = settings.time_limit * (1.0 - settings.search_share)
    budget -= time.perf_counter() - started
    if budget <= 0.1:
        return None
    # without priorities: VROOM ranks plans by their sum of priorities before
    # their number of jobs, whatever the driving; OR-Tools weighs them
    # (PRIORITY_BONUS)
    try:
        solution = vrp_vroom.solve_input(
            vrp_vroom.build_input(problem, matrix, candidates),
            settings.vroom_exploration_level,
            threads=settings.vroom_threads,
            timeout=budget,
            depth=settings.vroom_depth,
        )
    except (_vroom.VroomInputException, _vroom.VroomInternalException) as error:
        _logger.warning("VROOM found no first plan, OR-Tools alone: %s", error)
        return None
    steps = vrp_vroom.route_steps(solution)
    return [[j for j, _start in steps.get(k, ())] for k in range(len(problem.vehicles))]


def _drop_reason(job):
    return REASON_LOCKED if job.locked else REASON_CAPACITY


class _RoutingModel:
    """The OR-Tools routing model of ``problem`` restricted to the jobs
    ``kept`` (indexes into ``problem.jobs``)."""

    def __init__(self, problem, matrix, candidates, settings, kept, mandatory=False):
        self.problem = problem
        self.matrix = matrix
        self.settings = settings
        self.kept = kept
        vehicles = problem.vehicles
        n_veh = self.n_veh = len(vehicles)
        # nodes: one per vehicle home (start = end), then one per kept job
        self.nodes = list(range(n_veh)) + [n_veh + j for j in kept]
        size = len(self.nodes)
        travel_sec = [
            [to_seconds(matrix[a][b]) for b in self.nodes] for a in self.nodes
        ]
        self.service_sec = [0] * n_veh + [
            to_seconds(problem.jobs[j].duration) for j in kept
        ]
        time_sec = [
            [self.service_sec[a] + travel_sec[a][b] for b in range(size)]
            for a in range(size)
        ]
        self.manager = pywrapcp.RoutingIndexManager(
            size, n_veh, list(range(n_veh)), list(range(n_veh))
        )
        self.routing = pywrapcp.RoutingModel(self.manager)
        self._set_costs(travel_sec)
        self.spans = vehicle_spans(problem, matrix)
        self.horizon_end = max(end for _start, end in self.spans)
        self.horizon_start = max(
            0, to_seconds(min(start for start, _end in self.spans))
        )
        horizon = to_seconds(self.horizon_end) + 1
        self.routing.AddDimension(
            self.routing.RegisterTransitMatrix(time_sec),
            horizon,
            horizon,
            False,
            "time",
        )
        self.time_dim = self.routing.GetDimensionOrDie("time")
        self._set_vehicle_days()
        self.index_of = {}
        for pos, j in enumerate(kept, start=n_veh):
            index = self.manager.NodeToIndex(pos)
            self.index_of[j] = index
            self._set_job(problem.jobs[j], index, horizon, mandatory)
            if len(candidates[j]) < n_veh:
                _allow_vehicles(self.routing, index, candidates[j])
        self._set_breaks()

    def _set_costs(self, travel_sec):
        """Arc cost: driving, plus the vehicle's cost per job served (one
        matrix per distinct visit cost, i.e. per planned day)."""
        cost_cbs = {}
        for k, vehicle in enumerate(self.problem.vehicles):
            extra = to_seconds(vehicle.visit_cost)
            if extra not in cost_cbs:
                cost_cbs[extra] = self.routing.RegisterTransitMatrix(
                    [
                        [
                            cost + (extra if b >= self.n_veh else 0)
                            for b, cost in enumerate(row)
                        ]
                        for row in travel_sec
                    ]
                )
            self.routing.SetArcCostEvaluatorOfVehicle(cost_cbs[extra], k)

    def _set_vehicle_days(self):
        routing, time_dim = self.routing, self.time_dim
        for k in range(self.n_veh):
            lo, hi = to_seconds(self.spans[k][0]), to_seconds(self.spans[k][1])
            time_dim.CumulVar(routing.Start(k)).SetRange(lo, hi)
            time_dim.CumulVar(routing.End(k)).SetRange(lo, hi)
        # finalizers run in order: first the earliest return (the day is
        # packed to the front), then the latest departure that still allows
        # it (no idle time before the first job)
        for k in range(self.n_veh):
            routing.AddVariableMinimizedByFinalizer(time_dim.CumulVar(routing.End(k)))
        for k in range(self.n_veh):
            routing.AddVariableMaximizedByFinalizer(time_dim.CumulVar(routing.Start(k)))

    def _set_job(self, job, index, horizon, mandatory):
        cumul = self.time_dim.CumulVar(index)
        if job.locked:
            start = to_seconds(job.locked_start)
            cumul.SetRange(start, start)
            if not mandatory:
                self.routing.AddDisjunction([index], LOCKED_PENALTY)
            return
        _restrict_to_windows(cumul, job, horizon)
        if not mandatory:
            self.routing.AddDisjunction(
                [index],
                drop_penalty(job, self.horizon_end, self.settings.drop_penalty),
            )
        if job.deadline is not None:
            # lateness counted from the plan's start at the earliest: an
            # overdue job costs the same per minute, but never so much that
            # leaving it out would be cheaper
            self.time_dim.SetCumulVarSoftUpperBound(
                index,
                max(self.horizon_start, to_seconds(job.deadline - job.duration)),
                self.settings.lateness_cost,
            )

    def _set_breaks(self):
        solver = self.routing.solver()
        visit_transits = [0] * self.routing.Size()
        for pos in range(self.n_veh, len(self.nodes)):
            visit_transits[self.manager.NodeToIndex(pos)] = self.service_sec[pos]
        locked = locked_intervals(self.problem)
        for k, vehicle in enumerate(self.problem.vehicles):
            breaks = [
                solver.FixedDurationIntervalVar(
                    to_seconds(start),
                    to_seconds(start),
                    to_seconds(end) - to_seconds(start),
                    False,
                    f"b{k}.{i}",
                )
                for i, (start, end) in enumerate(
                    vehicle_breaks(vehicle, locked.get(vehicle.id, ()))
                )
                if to_seconds(end) > to_seconds(start)
            ]
            if breaks:
                self.time_dim.SetBreakIntervalsOfVehicle(breaks, k, visit_transits)

    def status(self):
        return _status_name(self.routing)

    def read_routes(self, routes):
        """An assignment of the closed model from job indexes per vehicle
        (``None``: none). A route the model refuses (a rounding at the edge
        of a window, say) is left empty rather than losing the whole plan;
        the search fills it again."""
        if routes is None:
            return None
        indexes = [
            [self.index_of[j] for j in route if j in self.index_of] for route in routes
        ]
        assignment = self.routing.ReadAssignmentFromRoutes(indexes, True)
        if assignment is not None:
            return assignment
        empty = [[] for _route in indexes]
        kept = [
            route
            if self.routing.ReadAssignmentFromRoutes(
                empty[:k] + [route] + empty[k + 1 :], True
            )
            is not None
            else []
            for k, route in enumerate(indexes)
        ]
        _logger.warning(
            "OR-Tools refused %s of the first plan's routes",
            sum(1 for route, ok in zip(indexes, kept, strict=True) if route != ok),
        )
        return self.routing.ReadAssignmentFromRoutes(kept, True)

    def routes(self, assignment):
        """Job indexes (into ``problem.jobs``) per vehicle, in visit order."""
        result = []
        for k in range(self.n_veh):
            route = []
            index = assignment.Value(self.routing.NextVar(self.routing.Start(k)))
            while not self.routing.IsEnd(index):
                route.append(self.kept[self.manager.IndexToNode(index) - self.n_veh])
                index = assignment.Value(self.routing.NextVar(index))
            result.append(route)
        return result

    def solution(self, assignment, status, objective):
        routes = []
        for k, vehicle in enumerate(self.problem.vehicles):
            route = self._route(assignment, k, vehicle)
            if route.stops:
                routes.append(route)
        return Solution(routes, [], status, 0.0, objective)

    def _route(self, assignment, k, vehicle):
        routing, time_dim, matrix = self.routing, self.time_dim, self.matrix
        index = routing.Start(k)
        departure = assignment.Min(time_dim.CumulVar(index)) / 60.0
        route = Route(vehicle.id, vehicle.resource, departure, departure)
        prev_node, prev_end = k, departure
        index = assignment.Value(routing.NextVar(index))
        while not routing.IsEnd(index):
            node = self.nodes[self.manager.IndexToNode(index)]
            job = self.problem.jobs[node - self.n_veh]
            start = assignment.Min(time_dim.CumulVar(index)) / 60.0
            drive = matrix[prev_node][node]
            late = 0.0
            if job.deadline is not None:
                late = max(0.0, start + job.duration - job.deadline)
            stop = Stop(
                job_id=job.id,
                arrival=prev_end + drive,
                start=start,
                end=start + job.duration,
                travel=drive,
                idle=idle_between(prev_end, start, drive, vehicle),
                late=late,
            )
            route.stops.append(stop)
            prev_node, prev_end = node, stop.end
            index = assignment.Value(routing.NextVar(index))
        route.back = assignment.Min(time_dim.CumulVar(index)) / 60.0
        route.drive_back = matrix[prev_node][k]
        return route


def _allow_vehicles(routing, index, vehicles):
    try:
        routing.SetAllowedVehiclesForIndex(vehicles, index)
    except TypeError:
        # OR-Tools 9.15's Python binding refuses any list here; restricting
        # the vehicle variable is equivalent (but slower to search)
        routing.VehicleVar(index).SetValues([-1, *vehicles])


def search_parameters(settings, time_limit=None):
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, settings.first_solution
    )
    params.local_search_metaheuristic = getattr(
        routing_enums_pb2.LocalSearchMetaheuristic, settings.metaheuristic
    )
    _set_time_limit(params, settings.time_limit if time_limit is None else time_limit)
    params.log_search = settings.log_search
    return params


def _set_time_limit(params, seconds):
    params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))


def _restrict_to_windows(cumul, job, horizon):
    """Service start inside one of the windows (finishing inside it too)."""
    if not job.windows:
        return
    ranges = sorted(
        (max(0, to_seconds(start)), min(horizon, to_seconds(end - job.duration)))
        for start, end in job.windows
    )
    ranges = [(lo, hi) for lo, hi in ranges if lo <= hi]
    if not ranges:
        cumul.SetRange(horizon, horizon)  # cannot happen after the prefilter
        return
    cumul.SetRange(ranges[0][0], max(hi for _lo, hi in ranges))
    reach = ranges[0][1]
    for lo, hi in ranges[1:]:
        if lo > reach + 1:
            cumul.RemoveInterval(reach + 1, lo - 1)
        reach = max(reach, hi)


def idle_between(prev_end, start, drive, vehicle):
    """Waiting minutes between two stops: the gap minus driving and breaks."""
    gap = start - prev_end
    breaks = sum(
        max(0.0, min(end, start) - max(begin, prev_end))
        for begin, end in shift_gaps(vehicle.shifts)
    )
    return max(0.0, gap - drive - breaks)


def _status_name(routing):
    name = routing_enums_pb2.RoutingSearchStatus.Value.Name(routing.status())
    return name.removeprefix("ROUTING_").lower()


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

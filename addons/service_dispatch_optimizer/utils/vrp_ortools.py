"""OR-Tools' routing library (``pywrapcp``) on the optimiser's problem.

The model (:class:`RoutingModel`) holds what VROOM cannot weigh: the bonus
of a job's priority and of an SLA due inside the plan against driving, the
cost of each minute late, the cost of later days. :func:`refine` improves a
first plan (VROOM's, or OR-Tools' own first solution) with guided local
search on the whole model, then polishes the driving of the jobs served.

Plain Python, no Odoo import; imports only :mod:`vrp_model`.
"""

import logging
import time

from ortools.constraint_solver import (
    pywrapcp,
    routing_enums_pb2,
    routing_parameters_pb2,
)

from .vrp_model import (
    LOCKED_PENALTY,
    Route,
    Solution,
    Stop,
    drop_penalty,
    idle_between,
    lateness_due,
    locked_intervals,
    to_seconds,
    vehicle_breaks,
    vehicle_spans,
)

_logger = logging.getLogger(__name__)


def refine(
    problem, matrix, candidates, settings, start_routes=None, deadline=None, search=True
):
    """The best plan OR-Tools finds from ``start_routes`` (job indexes into
    ``problem.jobs`` per vehicle; ``None``: its own first solution), as a
    :class:`~.vrp_model.Solution` whose ``dropped`` is still empty, and the
    search status; ``(None, status)`` when it finds no plan at all
    (contradictory locked jobs).

    1. With ``search``: guided local search on the whole model (which jobs
       to serve, by whom, in which order; priorities, SLA lateness, later
       days). Without it, the start is kept as it is.
    2. Only the jobs served so far, all mandatory, so that guided local
       search works on driving time alone (in step 1 the penalties of the
       dropped jobs dwarf it).

    Each step stops after its number of solutions
    (:meth:`~.vrp_model.Settings.solutions`) and returns the best solution
    it met, its start included, so that neither makes the plan worse by the
    model's objective. ``deadline`` (a ``time.perf_counter()`` value) is the
    safety net of the whole solve; with ``settings.work_bound`` off the
    steps share the time left instead, ``settings.polish_share`` of it for
    step 2.

    With ``settings.work_bound`` each step also stops once its search has
    stalled (:class:`WorkBudget`): a number of neighbours tried since the
    last improvement, or of failures, both counted, never timed; so a step
    ends on its work whether or not guided local search finds solutions.
    The reason each step stopped is in the solution's ``stops``.
    """
    if deadline is None:
        deadline = time.perf_counter() + settings.time_limit
    by_work = settings.work_bound
    kept = sorted(candidates)
    model = RoutingModel(problem, matrix, candidates, settings, kept)
    params = search_parameters(settings)
    model.routing.CloseModelWithParameters(params)
    initial = model.read_routes(start_routes)
    left = max(0.1, deadline - time.perf_counter())
    budget = None
    if by_work:
        limit = settings.solutions(settings.search_solutions, len(kept))
        params = search_parameters(settings, limit if search else 1, left)
        budget = WorkBudget(model, settings, limit if search else 1, left)
    else:
        params = search_parameters(settings, None, left * (1.0 - settings.polish_share))
    if initial is not None:
        assignment = model.routing.SolveFromAssignmentWithParameters(initial, params)
    else:
        assignment = model.routing.SolveWithParameters(params)
    status = model.status()
    if assignment is None:
        return None, status
    stops = [budget.reason()] if budget else []
    routes = model.routes(assignment)
    served = sorted(j for route in routes for j in route)
    left = deadline - time.perf_counter()
    if by_work:
        polish_limit = settings.solutions(settings.polish_solutions, len(served))
    else:
        polish_limit = None
    polish_wanted = polish_limit != 0 if by_work else settings.polish_share > 0
    if polish_wanted and served and left > 0.3:
        polish = RoutingModel(
            problem, matrix, candidates, settings, served, mandatory=True
        )
        polish_params = search_parameters(settings, polish_limit, left)
        polish.routing.CloseModelWithParameters(polish_params)
        start = polish.read_routes(routes)
        if start is not None:
            polish_budget = None
            if by_work:
                polish_budget = WorkBudget(polish, settings, polish_limit, left)
            better = polish.routing.SolveFromAssignmentWithParameters(
                start, polish_params
            )
            if polish_budget:
                stops.append(polish_budget.reason())
            if better is not None:
                model, assignment = polish, better
                status = polish.status()
    solution = model.solution(assignment, status, assignment.ObjectiveValue())
    solution.stops = tuple(stops)
    return solution, status


# why a search bounded by work stopped (:meth:`WorkBudget.reason`)
STOP_SOLUTIONS = "solutions"  # its number of solutions
STOP_STALLED = "stalled"  # its neighbours without improvement
STOP_FAILURES = "failures"  # its failures (a search finding no neighbour)
STOP_DONE = "done"  # the search space is exhausted (an optimum proven)
STOP_TIME = "time"  # the wall-clock safety net: the one reason that is load-dependent


class _NeighbourCounter(pywrapcp.SearchMonitor):
    """Counts the neighbours the local search tries (each one passes
    ``AcceptDelta`` before the filters) and ends the search once
    ``budget.stall`` of them have brought no improvement."""

    def __init__(self, solver, budget):
        super().__init__(solver)
        self.budget = budget

    def AcceptDelta(self, delta, deltadelta):  # noqa: N802 (OR-Tools' name)
        budget = self.budget
        budget.neighbours += 1
        if budget.neighbours - budget.improved_at < budget.stall:
            return True
        if budget.stalled is None:
            budget.stalled = budget.neighbours
            self.solver().FinishCurrentSearch()
        return False


class WorkBudget:
    """A bound on one OR-Tools search that counts work and always binds.

    ``solution_limit`` alone does not: when guided local search finds no new
    solution (a small problem, often), it runs on to the wall-clock cap. So
    the search also stops

    - after ``Settings.stall_neighbours(nodes)`` neighbours tried since the
      best solution last improved (a solution counted by a solution
      callback, the neighbours by a search monitor), and
    - after ``Settings.failure_limit(nodes)`` failures (a native OR-Tools
      limit), for a search that spins finding no neighbour at all.

    At most ``solution_limit`` improvements, each followed by fewer than
    ``stall`` neighbours: the work is bounded whatever the search finds.
    Counts, not seconds, on one thread: the same problem stops at the same
    point on any load.
    """

    def __init__(self, model, settings, solution_limit, time_limit):
        routing = model.routing
        self.routing = routing
        self.solver = solver = routing.solver()
        nodes = len(model.nodes)
        self.solution_limit = max(1, int(solution_limit))
        self.time_limit = time_limit
        self.stall = settings.stall_neighbours(nodes)
        self.failures = settings.failure_limit(nodes)
        self.neighbours = 0
        self.improved_at = 0
        self.stalled = None
        self.best = None
        self.solutions = 0
        self.started = time.perf_counter()
        self.failures_start = solver.Failures()
        # the monitors are kept referenced: OR-Tools does not own them
        self._counter = _NeighbourCounter(solver, self)
        self._failure_limit = solver.FailuresLimit(self.failures)
        self._stall_limit = solver.CustomLimit(self._is_stalled)
        routing.AddSearchMonitor(self._counter)
        routing.AddSearchMonitor(self._failure_limit)
        routing.AddSearchMonitor(self._stall_limit)
        routing.AddAtSolutionCallback(self._at_solution)

    def _is_stalled(self):
        return self.stalled is not None

    def _at_solution(self):
        self.solutions += 1
        cost = self.routing.CostVar().Value()
        if self.best is None or cost < self.best:
            self.best = cost
            self.improved_at = self.neighbours

    def reason(self):
        """Why the search stopped: one of the ``STOP_*`` values."""
        if self.stalled is not None:
            return STOP_STALLED
        if self.solutions >= self.solution_limit:
            return STOP_SOLUTIONS
        if self.solver.Failures() - self.failures_start >= self.failures:
            return STOP_FAILURES
        # OR-Tools' own clock starts a little before ours and counts whole
        # milliseconds: a search its time limit ended may look a few
        # milliseconds short of the limit here
        margin = max(0.02, 0.05 * self.time_limit)
        if time.perf_counter() - self.started >= self.time_limit - margin:
            return STOP_TIME
        return STOP_DONE


class RoutingModel:
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
            # lateness counted from the plan's start (or the job's window)
            # at the earliest: an overdue job costs the same per minute, but
            # never so much that leaving it out would be cheaper
            self.time_dim.SetCumulVarSoftUpperBound(
                index,
                lateness_due(job, self.horizon_start),
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


# Settings.break_scheduling: OR-Tools' solver for the routes with breaks
BREAK_SCHEDULERS = {
    "glop": routing_parameters_pb2.RoutingSearchParameters.SCHEDULING_GLOP,
    "cp_sat": routing_parameters_pb2.RoutingSearchParameters.SCHEDULING_CP_SAT,
}


def search_parameters(settings, solution_limit=None, time_limit=None):
    """OR-Tools' search parameters: ``solution_limit`` solutions at most (the
    work budget; ``None``: no limit), ``time_limit`` seconds (the safety
    net; ``None``: ``settings.time_limit``). The search runs on one thread
    and uses no operator bound by time (the LNS operators that solve a
    sub-problem for ``lns_time_limit`` are off by default and stay off), so
    that a run with a solution limit gives the same plan on any load."""
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, settings.first_solution
    )
    params.local_search_metaheuristic = getattr(
        routing_enums_pb2.LocalSearchMetaheuristic, settings.metaheuristic
    )
    if solution_limit is not None:
        params.solution_limit = max(1, int(solution_limit))
    seconds = settings.time_limit if time_limit is None else time_limit
    params.time_limit.FromMilliseconds(max(1, int(seconds * 1000)))
    params.log_search = settings.log_search
    if settings.break_scheduling == "off":
        params.disable_scheduling_beware_this_may_degrade_performance = True
    else:
        # the routes with breaks: their times and lateness from a linear
        # program (GLOP) rather than CP-SAT's exact one, per neighbour
        params.mixed_integer_scheduling_solver = BREAK_SCHEDULERS[
            settings.break_scheduling
        ]
    return params


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


def _status_name(routing):
    name = routing_enums_pb2.RoutingSearchStatus.Value.Name(routing.status())
    return name.removeprefix("ROUTING_").lower()

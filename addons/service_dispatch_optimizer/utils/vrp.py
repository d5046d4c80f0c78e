"""Auto-dispatch optimiser: the orchestration of the solvers.

:func:`solve` plans a :class:`~.vrp_model.Problem` with two solvers from
PyPI: VROOM (:mod:`vrp_vroom`) plans first, as on a day this full its local
search finds as many jobs served and less driving than OR-Tools' guided
local search, in less time; OR-Tools (:mod:`vrp_ortools`) reads that plan
into its model and improves it with what VROOM cannot weigh (it ranks plans
by the sum of priorities first, at any cost in driving): the priority
bonuses, SLA lateness, the cost of later days. Without VROOM's plan
(``Settings.warm_start`` off, or when VROOM fails) OR-Tools starts from its
own first solution. A ruin-and-recreate search (:mod:`vrp_local`) then
starts from VROOM's plan: it fits more jobs in without driving more and
without serving fewer urgent jobs, where OR-Tools' local search drives
hours more for one job.

Both searches are bounded by work, not by time (see
:class:`~.vrp_model.Settings`): the same problem gets the same plan however
busy the machine is. The plan returned is never worse than the first plan it
started from (:func:`~.vrp_model.plan_key`: jobs served first, then the
model's objective, i.e. driving and what is weighed with it).

The types and shared helpers live in :mod:`vrp_model` and are re-exported
here, so callers need this module alone. Nothing here imports Odoo; the back
ends never import this module.
"""

import dataclasses
import logging
import time

from . import vrp_local, vrp_ortools, vrp_vroom
from .vrp_model import (  # noqa: F401 (re-exported for the callers)
    DROP_PENALTY,
    LATENESS_COST,
    LOCKED_PENALTY,
    PRIORITY_BONUS,
    REASON_CAPACITY,
    REASON_LOCKED,
    REASON_NO_LOCATION,
    REASON_NO_SKILL,
    REASON_NO_TECHNICIAN,
    REASON_TOO_LONG,
    REASON_WINDOW,
    REASONS,
    SLA_DUE_BONUS,
    URGENT_PRIORITY,
    Dropped,
    Job,
    Problem,
    Route,
    Settings,
    Solution,
    Stop,
    Vehicle,
    build_matrix,
    check_solution,
    day_span,
    drive_seconds,
    drop_penalty,
    drop_reason,
    earliest_fit,
    idle_between,
    is_urgent,
    objective,
    plan_key,
    prefilter,
    to_seconds,
    urgent_served,
)

_logger = logging.getLogger(__name__)

# Solution.stops: VROOM reached the wall-clock safety net (its searches cut)
STOP_VROOM_TIME = "vroom_time"


def solve(problem, settings=None):
    """Plan ``problem``; returns a :class:`~.vrp_model.Solution`.

    1. A first plan: VROOM's (``settings.warm_start``); else none, and
       OR-Tools starts from its own first solution strategy.
    2. OR-Tools refines it (:func:`vrp_ortools.refine`): guided local search
       on the whole model, then the polish of the driving (not from VROOM's
       plan with ruin and recreate on, unless ``polish_solutions`` is set:
       step 3 handles the driving).
    3. Ruin and recreate from VROOM's plan (:func:`vrp_local.improve`, for
       ``settings.local_work`` iterations: more jobs served, no fewer
       urgent ones, no more driving); with no iterations, the OR-Tools
       polish of VROOM's plan alone (the same jobs, less driving) instead.
    4. The best of these plans and VROOM's own by :func:`plan_key` (the
       most jobs served, then the least driving; the fully refined one on a
       tie): never worse than the first plan.
    """
    settings = settings or Settings()
    started = time.perf_counter()
    deadline = started + settings.time_limit
    matrix = build_matrix(problem)
    candidates, dropped = prefilter(problem, matrix)
    if not candidates:
        return Solution([], dropped, "empty", time.perf_counter() - started)
    first_routes, first = None, None
    if settings.warm_start:
        first_routes, first = _first_plan(problem, matrix, candidates, settings)
        _logger.debug(
            "first plan from VROOM after %.2f s", time.perf_counter() - started
        )
    iterations = settings.local_work(len(candidates))
    refine_settings = settings
    if iterations and first is not None and settings.polish_solutions is None:
        # the driving of VROOM's plan is ruin and recreate's (step 3): the
        # OR-Tools polish would only cost time (0.4-0.75 CPU s of 200 jobs)
        refine_settings = dataclasses.replace(settings, polish_solutions=0)
    refined, status = vrp_ortools.refine(
        problem, matrix, candidates, refine_settings, first_routes, deadline
    )
    plans = [refined]
    if first is not None:
        if settings.rank_by_drive and not iterations:
            polished, _status = vrp_ortools.refine(
                problem,
                matrix,
                candidates,
                settings,
                first_routes,
                deadline,
                search=False,
            )
            plans.append(polished)
        plans.append(first)
    if iterations:
        # from the first plan (VROOM's: it drives the least), else
        # OR-Tools' own
        start = first if first is not None else refined
        if start is not None:
            plans.append(
                vrp_local.improve(
                    problem,
                    matrix,
                    candidates,
                    settings,
                    start,
                    iterations,
                    deadline,
                )
            )
    plans = [plan for plan in plans if plan is not None]
    if not plans:
        # no plan at all (contradictory locked jobs): every job dropped
        # rather than fail
        dropped += [
            Dropped(problem.jobs[j].id, drop_reason(problem.jobs[j]))
            for j in sorted(candidates)
        ]
        return Solution([], dropped, status, time.perf_counter() - started)
    # why each search stopped, whichever plan wins
    stops = tuple(stop for plan in plans for stop in plan.stops)
    if first is not None and first.status == STOP_VROOM_TIME:
        stops = (STOP_VROOM_TIME, *stops)
    best = min(plans, key=lambda plan: plan_key(problem, plan, settings, matrix))
    best.stops = stops
    if best is first:
        _logger.info("OR-Tools did not improve on VROOM's first plan: keeping it")
    served = {stop.job_id for route in best.routes for stop in route.stops}
    best.dropped = dropped + [
        Dropped(problem.jobs[j].id, drop_reason(problem.jobs[j]))
        for j in sorted(candidates)
        if problem.jobs[j].id not in served
    ]
    best.solve_seconds = time.perf_counter() - started
    return best


def _first_plan(problem, matrix, candidates, settings):
    """VROOM's plan: ``(routes, solution)`` (see :func:`vrp_vroom.first_plan`),
    or ``(None, None)`` when VROOM refuses the problem."""
    from vroom import _vroom  # pylint: disable=import-outside-toplevel

    started = time.perf_counter()
    try:
        routes, first = vrp_vroom.first_plan(
            problem, matrix, candidates, settings, timeout=settings.time_limit
        )
    except (_vroom.VroomInputException, _vroom.VroomInternalException) as error:
        _logger.warning("VROOM found no first plan, OR-Tools alone: %s", error)
        return None, None
    if time.perf_counter() - started >= settings.time_limit:
        # VROOM's searches were cut by the safety net: the plan depends on
        # the machine's load (named in Solution.stops)
        _logger.warning(
            "VROOM reached the %s s safety net: its searches were cut short",
            settings.time_limit,
        )
        first.status = STOP_VROOM_TIME
    return routes, first

"""The optimiser's problem handed to VROOM (``pyvroom``).

Plain Python, no Odoo import; imports only :mod:`vrp_model`.
:func:`vrp.solve` takes its first plan from VROOM (:func:`first_plan`: on
this kind of problem VROOM's local search finds better plans, and much
sooner, than OR-Tools' guided local search), then OR-Tools
(:mod:`vrp_ortools`) improves it with what VROOM cannot weigh: priorities
against driving, SLA lateness. The benchmark's VROOM anchor uses it alone
(``tests/perf/vrp_baselines.py``).

Everything runs on the integer-second matrix of the OR-Tools model, with the
same windows, shifts and breaks, so a VROOM plan is a feasible start for
OR-Tools.

pyvroom is imported on first use, not with this module: it loads pandas,
which every Odoo worker would otherwise carry.
"""

import datetime
import logging

from . import vrp_model as vrp

_logger = logging.getLogger(__name__)

# VROOM's job priorities run from 0 to 100; a locked job gets the top one
MAX_PRIORITY = 100
# the profile of the vehicles without a cost per job
BASE_PROFILE = "car"


def build_input(problem, matrix, candidates, priority_of=None):
    """A ``vroom.Input`` for the jobs of ``candidates`` (see
    :func:`vrp_model.prefilter`).

    ``priority_of(job)`` gives each job's VROOM priority (0-100; VROOM keeps
    the largest sum of priorities first, then the most jobs, then the least
    cost); without it every job weighs the same. Locked jobs are pinned to
    their vehicle (by a skill of its own) and start time, at the top
    priority. A vehicle's ``visit_cost`` is added to the cost of each arrival
    at a job (one VROOM profile per distinct cost). Job ids are indexes into
    ``problem.jobs``, vehicle ids into ``problem.vehicles``.
    """
    import vroom  # pylint: disable=import-outside-toplevel

    n_veh = len(problem.vehicles)
    spans = vrp.vehicle_spans(problem, matrix)
    locked = vrp.locked_intervals(problem)
    vehicle_index = {veh.id: k for k, veh in enumerate(problem.vehicles)}
    skill_ids = {}

    def skill_set(skills):
        return {skill_ids.setdefault(s, len(skill_ids) + 1) for s in skills}

    def own_skill(k):
        return skill_ids.setdefault(("vehicle", k), len(skill_ids) + 1)

    problem_input = vroom.Input()
    durations = [[vrp.to_seconds(value) for value in row] for row in matrix]
    profiles = _set_matrices(problem_input, problem, durations)
    for k, veh in enumerate(problem.vehicles):
        skills = skill_set(veh.skills)
        if veh.id in locked:
            skills.add(own_skill(k))
        start, end = (max(0, vrp.to_seconds(value)) for value in spans[k])
        problem_input.add_vehicle(
            vroom.Vehicle(
                id=k,
                start=k,
                end=k,
                profile=profiles[k],
                skills=skills or None,
                time_window=vroom.TimeWindow(start, max(start, end)),
                breaks=_breaks(vroom, veh, locked.get(veh.id, ())),
            )
        )
    for j in sorted(candidates):
        job = problem.jobs[j]
        if job.locked:
            at = max(0, vrp.to_seconds(job.locked_start))
            skills = {own_skill(vehicle_index[job.locked_vehicle])}
            windows = [vroom.TimeWindow(at, at)]
            priority = MAX_PRIORITY
        else:
            skills = skill_set(job.skills)
            windows = _job_windows(vroom, job)
            priority = priority_of(job) if priority_of else 0
        problem_input.add_job(
            vroom.Job(
                id=j,
                location=n_veh + j,
                default_service=vrp.to_seconds(job.duration),
                skills=skills or None,
                priority=priority,
                time_windows=windows,
            )
        )
    return problem_input


def _set_matrices(problem_input, problem, durations):
    """Durations for every profile, and the costs of the profiles with a
    cost per job; returns the profile of each vehicle."""
    n_veh = len(problem.vehicles)
    names = {}
    profiles = []
    for veh in problem.vehicles:
        extra = vrp.to_seconds(veh.visit_cost)
        if extra not in names:
            names[extra] = BASE_PROFILE if not extra else f"visit{extra}"
        profiles.append(names[extra])
    for extra, name in names.items():
        problem_input.set_durations_matrix(profile=name, matrix_input=durations)
        if extra:
            problem_input.set_costs_matrix(
                profile=name,
                matrix_input=[
                    [cost + (extra if b >= n_veh else 0) for b, cost in enumerate(row)]
                    for row in durations
                ],
            )
    return profiles


def _breaks(vroom, vehicle, locked):
    """The vehicle's fixed breaks (see :func:`vrp_model.vehicle_breaks`)."""
    breaks = []
    for begin, end in vrp.vehicle_breaks(vehicle, locked):
        begin_sec, end_sec = max(0, vrp.to_seconds(begin)), vrp.to_seconds(end)
        if end_sec > begin_sec:
            breaks.append(
                vroom.Break(
                    id=len(breaks) + 1,
                    time_windows=[vroom.TimeWindow(begin_sec, begin_sec)],
                    service=end_sec - begin_sec,
                )
            )
    return breaks


def _job_windows(vroom, job):
    """VROOM windows for the service start (the job must end inside its
    window)."""
    windows = []
    for start, end in job.windows:
        start_sec = max(0, vrp.to_seconds(start))
        last_start = vrp.to_seconds(end - job.duration)
        if last_start >= start_sec:
            windows.append(vroom.TimeWindow(start_sec, last_start))
    return windows


def nb_searches(exploration_level):
    """How many first solutions VROOM builds at ``exploration_level``
    (VROOM's ``get_nb_searches``: 32 at level 5)."""
    count = 4 * (exploration_level + 1)
    if exploration_level >= 4:
        count += 4
    if exploration_level >= 5:
        count += 4
    return count


def solve_input(problem_input, exploration_level, threads=1, timeout=None, depth=None):
    """Run VROOM; ``timeout`` in seconds (``None``: until it is done).

    VROOM's exploration level sets both how many first solutions it builds
    and how deep its local search goes from each (the level itself).
    ``depth`` keeps the first solutions of ``exploration_level`` but searches
    them only that deep (at most: a level below ``depth`` keeps its own).
    pyvroom's ``Input.solve()`` names a depth argument but does not pass it
    on, so this calls the binding it wraps (VROOM's
    ``Input::solve(nb_searches, depth, nb_threads, timeout)``), and falls
    back to ``solve()`` when a pyvroom version lacks it.

    VROOM splits a timeout evenly between the searches of each thread: a
    tight one cuts every search short, not only the last ones.
    """
    # pylint: disable=import-outside-toplevel
    from vroom.solution.solution import Solution as VroomSolution

    delta = None
    if timeout is not None:
        delta = datetime.timedelta(seconds=max(0.1, timeout))
    binding = getattr(problem_input, "_solve", None)
    if depth is not None and depth < exploration_level and binding is not None:
        try:
            raw = binding(
                nb_searches=nb_searches(exploration_level),
                depth=depth,
                nb_threads=threads,
                timeout=delta,
            )
        except TypeError as error:
            # another signature in this pyvroom version: VROOM's own depth
            # (said aloud: a depth asked for and not applied changes plans)
            _logger.warning(
                "no VROOM search depth in this pyvroom, depth %s ignored: %s",
                depth,
                error,
            )
        else:
            return VroomSolution(raw)
    return problem_input.solve(
        exploration_level=exploration_level, nb_threads=threads, timeout=delta
    )


def route_steps(solution):
    """``{vehicle index: [(job index, service start in seconds)]}`` in visit
    order, from a VROOM solution."""
    frame = solution.routes
    result = {}
    if frame.empty:
        return result
    jobs = frame[frame["type"] == "job"]
    for vehicle_id, job_id, arrival, waiting in zip(
        jobs["vehicle_id"],
        jobs["id"],
        jobs["arrival"],
        jobs["waiting_time"],
        strict=True,
    ):
        result.setdefault(int(vehicle_id), []).append(
            (int(job_id), int(arrival) + int(waiting))
        )
    return result


def first_plan(problem, matrix, candidates, settings, timeout=None):
    """VROOM's plan of ``candidates``, without priorities (VROOM ranks plans
    by their sum of priorities before their number of jobs, whatever the
    driving; OR-Tools weighs them): ``(routes, solution)``, ``routes`` the
    job indexes per vehicle index (what OR-Tools reads), ``solution`` the
    same plan as a :class:`vrp_model.Solution` (the jobs it leaves out in
    ``dropped``). Raises VROOM's own exceptions when it refuses the
    problem. ``timeout`` is a safety net: VROOM's searches run to their end
    unless it is reached."""
    vroom_solution = solve_input(
        build_input(problem, matrix, candidates),
        settings.vroom_exploration_level,
        threads=settings.vroom_threads,
        timeout=timeout,
        depth=settings.vroom_depth,
    )
    steps = route_steps(vroom_solution)
    routes = [
        [j for j, _start in steps.get(k, ())] for k in range(len(problem.vehicles))
    ]
    return routes, to_solution(problem, matrix, candidates, vroom_solution)


def to_solution(problem, matrix, candidates, vroom_solution, status="vroom"):
    """A VROOM solution as a :class:`vrp_model.Solution` on ``problem``: its
    routes with VROOM's service starts, and the ``candidates`` it leaves out
    as dropped."""
    n_veh = len(problem.vehicles)
    frame = vroom_solution.routes
    routes = []
    if not frame.empty:
        for k, rows in frame.groupby("vehicle_id", sort=True):
            route = _route(problem, matrix, int(k), rows, n_veh)
            if route is not None and route.stops:
                routes.append(route)
    served = {stop.job_id for route in routes for stop in route.stops}
    dropped = [
        vrp.Dropped(problem.jobs[j].id, vrp.drop_reason(problem.jobs[j]))
        for j in sorted(candidates)
        if problem.jobs[j].id not in served
    ]
    return vrp.Solution(routes, dropped, status, 0.0)


def _route(problem, matrix, k, rows, n_veh):
    veh = problem.vehicles[k]
    route = None
    here, prev_end = k, None
    for row in rows.itertuples():
        if row.type == "start":
            prev_end = row.arrival / 60.0
            route = vrp.Route(veh.id, veh.resource, prev_end, prev_end)
        elif row.type == "job":
            j = int(row.id)
            job = problem.jobs[j]
            drive = matrix[here][n_veh + j]
            start = (row.arrival + row.waiting_time) / 60.0
            late = 0.0
            if job.deadline is not None:
                late = max(0.0, start + job.duration - job.deadline)
            route.stops.append(
                vrp.Stop(
                    job.id,
                    prev_end + drive,
                    start,
                    start + job.duration,
                    drive,
                    vrp.idle_between(prev_end, start, drive, veh),
                    late,
                )
            )
            here, prev_end = n_veh + j, start + job.duration
        elif row.type == "end":
            route.back = row.arrival / 60.0
            route.drive_back = matrix[here][k]
    return route

"""Baselines the optimiser is measured against by the benchmark
(``test_dispatch_bench.py``, next to this file; not runtime code).

- :func:`solve_greedy`: nearest-feasible greedy. The technician who is free
  first takes, among the jobs he may do (skills, window, hours, back home in
  time), the one he can start soonest (drive plus wait); repeat until nobody
  can take anything.
- :func:`solve_vroom`: the same problem handed to VROOM alone
  (``service_dispatch_optimizer/utils/vrp_vroom.py``), as the benchmark's
  VROOM anchor.

Both return a :class:`vrp.Solution`, so the benchmark measures every solver
with the same yardstick (:func:`vrp.check_solution`, ``served``,
``drive_minutes``). Locked jobs are not supported here (the benchmark has
none).
"""

import heapq
import time

from odoo.addons.service_dispatch_optimizer.utils import vrp, vrp_vroom


def solve_greedy(problem):
    started = time.perf_counter()
    if any(job.locked for job in problem.jobs):
        raise ValueError("the greedy baseline does not handle locked jobs")
    matrix = vrp.build_matrix(problem)
    candidates, dropped = vrp.prefilter(problem, matrix)
    n_veh = len(problem.vehicles)
    open_jobs = set(candidates)
    routes = {}
    position = {}
    heap = []
    for k, veh in enumerate(problem.vehicles):
        day_start, _day_end = vrp.day_span(veh)
        position[k] = k
        heap.append((day_start, k))
    heapq.heapify(heap)
    while heap and open_jobs:
        now, k = heapq.heappop(heap)
        veh = problem.vehicles[k]
        _day_start, day_end = vrp.day_span(veh)
        here = position[k]
        best = None
        for j in open_jobs:
            if k not in candidates[j]:
                continue
            the_job = problem.jobs[j]
            drive = matrix[here][n_veh + j]
            start = vrp.earliest_fit(the_job, veh.shifts, now + drive)
            if start is None:
                continue
            end = start + the_job.duration
            if end + matrix[n_veh + j][k] > day_end + 1e-9:
                continue
            key = (start - now, drive, j)
            if best is None or key < best[0]:
                best = (key, j, drive, start, end)
        if best is None:
            continue  # this technician is done for the day
        _key, j, drive, start, end = best
        open_jobs.discard(j)
        route = routes.get(k)
        if route is None:
            route = routes[k] = vrp.Route(veh.id, veh.resource, start - drive, 0.0)
        route.stops.append(
            vrp.Stop(
                problem.jobs[j].id,
                now + drive,
                start,
                end,
                drive,
                vrp.idle_between(now, start, drive, veh),
            )
        )
        position[k] = n_veh + j
        heapq.heappush(heap, (end, k))
    result = []
    for k, route in sorted(routes.items()):
        route.drive_back = matrix[position[k]][k]
        route.back = route.stops[-1].end + route.drive_back
        result.append(route)
    for j in sorted(open_jobs):
        dropped.append(vrp.Dropped(problem.jobs[j].id, vrp.REASON_CAPACITY))
    return vrp.Solution(result, dropped, "greedy", time.perf_counter() - started)


def solve_vroom(problem, exploration_level=5, threads=1, priorities=False):
    """Solve with VROOM on the same integer-second matrix as OR-Tools.

    ``priorities``: pass the job priorities to VROOM (it then maximises the
    sum of priorities before the number of jobs); off by default so that
    VROOM maximises the number of jobs served, the benchmark's first measure.
    """
    started = time.perf_counter()
    if any(job.locked for job in problem.jobs):
        raise ValueError("the VROOM baseline does not handle locked jobs")
    matrix = vrp.build_matrix(problem)
    candidates, dropped = vrp.prefilter(problem, matrix)
    problem_input = vrp_vroom.build_input(
        problem,
        matrix,
        candidates,
        priority_of=(lambda job: min(100, job.priority)) if priorities else None,
    )
    solution = vrp_vroom.solve_input(problem_input, exploration_level, threads)
    result = vrp_vroom.to_solution(problem, matrix, candidates, solution)
    result.dropped = dropped + result.dropped
    result.solve_seconds = time.perf_counter() - started
    return result

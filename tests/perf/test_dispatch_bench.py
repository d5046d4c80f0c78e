"""Dispatch benchmark: 200 jobs x 25 technicians, several fixed seeds.

Run by ``make bench`` (not by ``make test``); or directly::

    .venv/bin/pytest --odoo-config .run/odoo.conf --odoo-database <db> \
        tests/perf/test_dispatch_bench.py -s -p vroom

(the database is only there for pytest-odoo: the benchmark reads none). For
each seed, in the same run and on the same travel matrix, it prints jobs
served (first measure), urgent jobs served, total drive hours (second
measure), solve seconds (wall clock and the CPU time of the process, every
thread counted) and whether the plan passed the feasibility check, for:

- ours: ``service_dispatch_optimizer/utils/vrp.solve`` with the settings the
  wizard uses (VROOM's plan, then OR-Tools on our model and ruin and
  recreate from VROOM's plan, bounded by work, not time), with a wider
  wall-clock safety net (see ``OURS``);
- greedy: nearest-feasible baseline (``vrp_baselines.solve_greedy``, next to
  this file);
- vroom-5: VROOM (pyvroom) alone at exploration level 5, one thread, no
  priorities (it then maximises the jobs served);
- ortools-gls-10s: OR-Tools routing alone, PATH_CHEAPEST_ARC then guided
  local search for 10 s (the same model as ours, without VROOM's plan).

Goal, asserted on every instance: serve at least as many jobs as the best
anchor, and drive no more than the best anchor (the least drive among the
anchors that serve the most), both at once: serving more jobs than every
anchor does not excuse driving more; in under 10 s. And never fewer urgent
jobs (priority High or Urgent) than vroom-5, whose plan ours starts from: a
plan that drops urgent calls to save driving or to fit a routine job in is
worse for the dispatcher. Ours is bounded by work, so its plan
does not depend on the machine's load; its wall-clock time does: the time
goal is judged only when the load average is at most the number of CPUs
(the CPU time of the process, every thread counted, is printed too), and the
plans of the time-bound OR-Tools anchor depend on the load as well.
``DISPATCH_BENCH_REPEAT=1`` solves ours a second time and asserts the same
plan.
"""

import importlib.util
import os
import pathlib
import time

import pytest
import vrp_baselines

from odoo.addons.service_dispatch_optimizer.utils import vrp

REPO = pathlib.Path(__file__).resolve().parents[2]
SEEDS = [int(s) for s in os.environ.get("DISPATCH_BENCH_SEEDS", "1,2,3").split(",")]
REPEAT = os.environ.get("DISPATCH_BENCH_REPEAT") == "1"
N_JOBS, N_TECHS = 200, 25

# the wizard's defaults, but for the wall-clock safety net: the plan is set by
# the work budget, and a net reached on a loaded machine (``vroom_time`` or
# ``time`` in the stops printed) would measure the load instead (the
# wizard's 20 s is reached by VROOM alone at a load average above ~5 on 2 CPUs)
OURS = vrp.Settings(time_limit=180.0)
ORTOOLS_ANCHOR = vrp.Settings(
    time_limit=10.0,
    first_solution="PATH_CHEAPEST_ARC",
    metaheuristic="GUIDED_LOCAL_SEARCH",
    warm_start=False,
    # bound by time alone, half of it for the polish
    work_bound=False,
    polish_share=0.5,
)


def _generator():
    spec = importlib.util.spec_from_file_location(
        "dispatch_bench_data", REPO / "data" / "dispatch_bench.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def to_problem(day):
    """The generator's plain data as a :class:`vrp.Problem`."""
    vehicles = [
        vrp.Vehicle(
            tech["id"],
            tuple(tech["home"]),
            tuple(tuple(shift) for shift in tech["shifts"]),
            frozenset(tech["skills"]),
            resource=tech["id"],
        )
        for tech in day["technicians"]
    ]
    jobs = [
        vrp.Job(
            job["id"],
            tuple(job["site"]),
            job["duration"],
            windows=(tuple(job["window"]),) if job["window"] else (),
            skills=frozenset(job["skills"]),
            priority=job["priority"],
        )
        for job in day["jobs"]
    ]
    return vrp.Problem(jobs, vehicles)


def _plan(solution):
    return [
        (route.vehicle_id, [(stop.job_id, stop.start) for stop in route.stops])
        for route in solution.routes
    ]


def _run(name, prob, solver):
    wall, cpu = time.perf_counter(), time.process_time()
    solution = solver(prob)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    errors = vrp.check_solution(prob, solution)
    urgent = {job.id for job in prob.jobs if job.priority >= 2}
    served = {stop.job_id for route in solution.routes for stop in route.stops}
    return {
        "name": name,
        "served": solution.served,
        "urgent": len(served & urgent),
        "urgent_total": len(urgent),
        "drive_h": solution.drive_minutes / 60.0,
        "seconds": wall,
        "cpu": cpu,
        "errors": errors,
        "plan": _plan(solution),
        # why each OR-Tools search stopped: "time" means the safety net
        "stops": solution.stops,
    }


def _solvers():
    return [
        ("ours", lambda p: vrp.solve(p, OURS)),
        ("greedy", vrp_baselines.solve_greedy),
        ("vroom-5", lambda p: vrp_baselines.solve_vroom(p, exploration_level=5)),
        ("ortools-gls-10s", lambda p: vrp.solve(p, ORTOOLS_ANCHOR)),
    ]


def _word(ok):
    if ok is None:
        return "not judged: machine overloaded"
    return "ok" if ok else "MISSED"


def _verdict(rows, busy):
    """Ours against the best anchor: served, and drive (compared in hours as
    printed, to the hundredth: a tie is a tie), both: serving more jobs than
    every anchor does not excuse driving more. The time goal (10 s wall
    clock) is judged only on a machine that is not overloaded (``busy``:
    more runnable processes than CPUs), as then it measures the queue."""
    ours = rows[0]
    anchors = rows[1:]
    best_served = max(row["served"] for row in anchors)
    # the drive time to match: the least among the anchors that serve the most
    best_drive = min(row["drive_h"] for row in anchors if row["served"] == best_served)
    served_ok = ours["served"] >= best_served
    drive_ok = round(ours["drive_h"], 2) <= round(best_drive, 2)
    time_ok = None if busy else ours["seconds"] < 10.0
    return served_ok, drive_ok, time_ok, best_served, best_drive


@pytest.mark.parametrize("lunch", [False, True], ids=["one-shift", "lunch-break"])
def test_dispatch_benchmark(lunch):
    pytest.importorskip("vroom")
    generator = _generator()
    print()
    print(
        f"dispatch benchmark: {N_JOBS} jobs x {N_TECHS} technicians, "
        f"{'30-min lunch break' if lunch else 'one shift'}, seeds {SEEDS}, "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
    )
    header = (
        f"{'seed':>4}  {'solver':<16}{'served':>7}{'urgent':>9}"
        f"{'drive h':>9}{'wall s':>8}{'cpu s':>8}  feasible"
    )
    print(header)
    totals = {}
    failures = []
    for seed in SEEDS:
        prob = to_problem(generator.generate(seed, N_JOBS, N_TECHS, lunch=lunch))
        busy = os.getloadavg()[0] > (os.cpu_count() or 1)
        rows = [_run(name, prob, solver) for name, solver in _solvers()]
        for row in rows:
            print(
                f"{seed:>4}  {row['name']:<16}{row['served']:>7}"
                f"{row['urgent']:>5}/{row['urgent_total']:<3}"
                f"{row['drive_h']:>9.2f}{row['seconds']:>8.2f}{row['cpu']:>8.2f}  "
                f"{'yes' if not row['errors'] else 'NO: ' + row['errors'][0]}"
            )
            total = totals.setdefault(row["name"], [0, 0.0, 0.0, 0.0])
            total[0] += row["served"]
            total[1] += row["drive_h"]
            total[2] += row["seconds"]
            total[3] += row["cpu"]
            if row["errors"]:
                failures.append(f"seed {seed} {row['name']}: {row['errors'][:3]}")
        served_ok, drive_ok, time_ok, best_served, best_drive = _verdict(rows, busy)
        vroom_urgent = next(row["urgent"] for row in rows if row["name"] == "vroom-5")
        urgent_ok = rows[0]["urgent"] >= vroom_urgent
        print(f"      load average {os.getloadavg()[0]:.2f}")
        print(
            f"      goal: served {rows[0]['served']} vs best anchor {best_served} "
            f"({'ok' if served_ok else 'MISSED'}), drive {rows[0]['drive_h']:.2f} h "
            f"vs {best_drive:.2f} h ({'ok' if drive_ok else 'MISSED'}), "
            f"urgent {rows[0]['urgent']} vs vroom-5 {vroom_urgent} "
            f"({'ok' if urgent_ok else 'MISSED'}), "
            f"time {rows[0]['cpu']:.1f} s CPU, {rows[0]['seconds']:.1f} s wall "
            f"({_word(time_ok)}), OR-Tools stopped on "
            f"{', '.join(rows[0]['stops']) or '-'}"
        )
        if not (served_ok and drive_ok and urgent_ok and time_ok is not False):
            failures.append(
                f"seed {seed}: goal missed: served {rows[0]['served']} vs "
                f"{best_served}, drive {rows[0]['drive_h']:.2f} h vs "
                f"{best_drive:.2f} h, urgent {rows[0]['urgent']} vs "
                f"{vroom_urgent}, {rows[0]['seconds']:.1f} s wall"
            )
        if REPEAT:
            again = _run("ours", prob, _solvers()[0][1])
            same = again["plan"] == rows[0]["plan"]
            print(
                f"      ours again: served {again['served']}, drive "
                f"{again['drive_h']:.2f} h, {again['seconds']:.1f} s wall: "
                f"{'same plan' if same else 'ANOTHER PLAN'}"
            )
            if not same:
                failures.append(f"seed {seed}: ours gave another plan the second time")
    print("totals over the seeds (served, drive h, wall s, cpu s):")
    for name, (served, drive, seconds, cpu) in totals.items():
        print(f"      {name:<16}{served:>7}{drive:>18.2f}{seconds:>9.2f}{cpu:>9.2f}")
    assert not failures, failures

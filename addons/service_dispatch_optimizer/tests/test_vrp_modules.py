"""The routing modules (utils/vrp_model.py, vrp_vroom.py, vrp_ortools.py,
vrp.py): no import cycle, the same plan on any load, never a plan worse than
the first one. Pure Python, no database needed."""

import ast
import dataclasses
import pathlib
import random
import time
import unittest
from unittest import mock

from ..utils import vrp, vrp_model, vrp_ortools, vrp_vroom

UTILS = pathlib.Path(vrp.__file__).parent
SIBLINGS = {"vrp", "vrp_model", "vrp_vroom", "vrp_ortools", "vrp_local"}


def sibling_imports(name):
    """The routing modules ``utils/<name>.py`` imports (relative imports)."""
    tree = ast.parse((UTILS / f"{name}.py").read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module)
            else:
                found.update(alias.name for alias in node.names)
    return found & SIBLINGS


def random_problem(seed, n_jobs=40, n_techs=5, lunch=True):
    """Sites and homes around Brussels, morning and afternoon shifts (with a
    lunch break), skills, windows and priorities drawn with ``seed``."""
    rng = random.Random(seed)

    def point():
        return (50.85 + rng.uniform(-0.15, 0.15), 4.35 + rng.uniform(-0.25, 0.25))

    shifts = ((480, 720), (750, 1020)) if lunch else ((480, 1020),)
    vehicles = [
        vrp.Vehicle(
            f"tech{k}",
            point(),
            shifts,
            frozenset(rng.sample(["gas", "elec", "hvac"], 2)),
            resource=f"tech{k}",
        )
        for k in range(n_techs)
    ]
    jobs = []
    for j in range(n_jobs):
        window = ()
        if rng.random() < 0.3:
            start = rng.choice([480, 600, 780])
            window = ((start, start + 180),)
        jobs.append(
            vrp.Job(
                f"job{j}",
                point(),
                rng.choice([30, 45, 60, 90]),
                windows=window,
                skills=frozenset(
                    rng.sample(["gas", "elec", "hvac"], rng.randint(0, 1))
                ),
                priority=rng.randint(0, 3),
                deadline=rng.choice([None, None, 700, 2000]),
            )
        )
    return vrp.Problem(jobs, vehicles)


def plan_of(solution):
    return [
        (
            route.vehicle_id,
            [(stop.job_id, round(stop.start, 3)) for stop in route.stops],
        )
        for route in solution.routes
    ]


WORK = vrp.Settings(search_solutions=200, polish_solutions=200)
SMALL = vrp.Settings(search_solutions=40, polish_solutions=40)


class TestModules(unittest.TestCase):
    def test_no_import_cycle(self):
        # the types import no solver, the back ends only the types, the
        # orchestration all of them
        self.assertEqual(sibling_imports("vrp_model"), set())
        self.assertEqual(sibling_imports("vrp_vroom"), {"vrp_model"})
        self.assertEqual(sibling_imports("vrp_ortools"), {"vrp_model"})
        self.assertEqual(sibling_imports("vrp_local"), {"vrp_model"})
        self.assertEqual(
            sibling_imports("vrp"),
            {"vrp_model", "vrp_vroom", "vrp_ortools", "vrp_local"},
        )

    def test_orchestration_reexports_the_types(self):
        for name in ("Job", "Vehicle", "Problem", "Settings", "Solution"):
            self.assertIs(getattr(vrp, name), getattr(vrp_model, name))


class TestWorkBudget(unittest.TestCase):
    def test_same_plan_twice(self):
        prob = random_problem(7)
        first = vrp.solve(prob, WORK)
        second = vrp.solve(prob, WORK)
        self.assertGreater(first.served, 20)
        self.assertEqual(plan_of(first), plan_of(second))
        self.assertEqual(vrp.check_solution(prob, first), [])

    def test_the_wall_clock_cap_does_not_change_the_plan(self):
        # the search stops on its work budget, long before either cap: the
        # plan does not depend on how many seconds it was allowed
        prob = random_problem(11, lunch=False)
        short = vrp.solve(prob, vrp.Settings(time_limit=30, search_solutions=300))
        long = vrp.solve(prob, vrp.Settings(time_limit=300, search_solutions=300))
        self.assertEqual(plan_of(short), plan_of(long))
        self.assertLess(short.solve_seconds, 30)

    def test_search_is_bounded_by_solutions(self):
        calls = []
        real = vrp_ortools.search_parameters

        def recording(settings, solution_limit=None, time_limit=None):
            calls.append(solution_limit)
            return real(settings, solution_limit, time_limit)

        with mock.patch.object(vrp_ortools, "search_parameters", recording):
            vrp.solve(random_problem(3, n_jobs=15), SMALL)
        # the closing parameters, then the search and the polish budgets;
        # the driving of VROOM's plan is then the ruin-and-recreate
        # search's (vrp_local), not a second polish
        self.assertEqual(calls, [None, 40, 40])
        calls.clear()
        with mock.patch.object(vrp_ortools, "search_parameters", recording):
            vrp.solve(
                random_problem(3, n_jobs=15),
                dataclasses.replace(SMALL, local_iterations=0, rank_by_drive=True),
            )
        # without it, ranked by driving: from VROOM's plan the polish alone
        # (the search limited to its start)
        self.assertEqual(calls, [None, 40, 40, None, 1, 40])

    def test_budget_shared_out_per_job(self):
        settings = vrp.Settings()
        self.assertEqual(settings.solutions(None, 200), 10)
        self.assertEqual(settings.solutions(None, 20), 50)
        self.assertEqual(settings.solutions(None, 1), 200)
        self.assertEqual(settings.solutions(7, 200), 7)
        # neighbours without improvement: a few sweeps of a neighbourhood
        # (nodes squared), bounded both ways; failures a multiple of them
        self.assertEqual(settings.stall_neighbours(4), vrp_model.MIN_STALL)
        self.assertEqual(settings.stall_neighbours(45), 5 * 45 * 45)
        self.assertEqual(settings.stall_neighbours(10_000), vrp_model.MAX_STALL)
        self.assertEqual(vrp.Settings(stall=7).stall_neighbours(45), 7)
        self.assertEqual(
            settings.failure_limit(45),
            vrp_model.FAILURES_PER_STALL * settings.stall_neighbours(45),
        )
        # the wall clock is a safety net far above a normal run
        self.assertLessEqual(settings.time_limit, 20)


# small problems on which guided local search finds no new solution: with a
# solution limit alone, each ran OR-Tools to the wall-clock cap
def _tiny_problems():
    def line(points, road_factor=1.0, speed_kmh=1.0):
        return [[abs(a[0] - b[0]) for b in points] for a in points]

    def job(job_id, x, duration=10, **values):
        return vrp.Job(job_id, (x, 0.0), duration, **values)

    def tech(shifts=((480, 1020),)):
        return vrp.Vehicle("tech", (0.0, 0.0), shifts)

    return {
        "windows": vrp.Problem(
            [
                job("near", 2, windows=((480, 520),)),
                job("mid", 4, windows=((480, 500),)),
                job("far", 8),
            ],
            [tech()],
            matrix_function=line,
        ),
        "lunch": vrp.Problem(
            [job("lunch", 1, duration=60, windows=((690, 840),))],
            [tech(((480, 720), (780, 1020)))],
            matrix_function=line,
        ),
        "locked": vrp.Problem(
            [job("early", 3, locked_vehicle="tech", locked_start=420)],
            [tech()],
            matrix_function=line,
        ),
    }


class TestWorkBoundAlwaysBinds(unittest.TestCase):
    WORK_REASONS = {
        vrp_ortools.STOP_SOLUTIONS,
        vrp_ortools.STOP_STALLED,
        vrp_ortools.STOP_FAILURES,
        vrp_ortools.STOP_DONE,
    }

    def test_the_work_budget_ends_the_search_on_a_small_problem(self):
        # a generous solution budget and a wall-clock cap of a minute: the
        # search must still end on its work, in a fraction of a CPU second
        settings = vrp.Settings(
            time_limit=60, search_solutions=500, polish_solutions=500
        )
        for name, prob in _tiny_problems().items():
            with self.subTest(problem=name):
                matrix = vrp.build_matrix(prob)
                cpu = time.process_time()
                refined, _status = vrp_ortools.refine(
                    prob, matrix, vrp.prefilter(prob, matrix)[0], settings
                )
                self.assertTrue(refined.stops)
                self.assertLessEqual(set(refined.stops), self.WORK_REASONS)
                # the whole solve, VROOM's plan and both refinements
                solution = vrp.solve(prob, settings)
                self.assertLess(time.process_time() - cpu, 5.0)
                self.assertEqual(solution.served, len(prob.jobs))

    def test_a_stalled_search_stops_on_its_neighbours(self):
        # GLS oscillates without improving: the neighbour count stops it
        prob = _tiny_problems()["windows"]
        settings = vrp.Settings(
            time_limit=60, search_solutions=10**6, polish_solutions=10**6, stall=500
        )
        matrix = vrp.build_matrix(prob)
        refined, _status = vrp_ortools.refine(
            prob, matrix, vrp.prefilter(prob, matrix)[0], settings
        )
        self.assertEqual(refined.stops[0], vrp_ortools.STOP_STALLED)

    def test_a_search_finding_no_neighbour_stops_on_its_failures(self):
        # one job, nothing to move: no neighbour, only failures to count
        prob = _tiny_problems()["lunch"]
        settings = vrp.Settings(
            time_limit=60, search_solutions=10**6, polish_solutions=0
        )
        matrix = vrp.build_matrix(prob)
        refined, _status = vrp_ortools.refine(
            prob, matrix, vrp.prefilter(prob, matrix)[0], settings
        )
        self.assertEqual(refined.stops, (vrp_ortools.STOP_FAILURES,))

    def test_vroom_cut_by_the_cap_is_reported(self):
        prob = _tiny_problems()["windows"]
        real = vrp_vroom.solve_input

        def slow(*args, **kwargs):
            time.sleep(0.6)
            return real(*args, **kwargs)

        with (
            mock.patch.object(vrp_vroom, "solve_input", slow),
            self.assertLogs(vrp.__name__, "WARNING"),
        ):
            solution = vrp.solve(prob, vrp.Settings(time_limit=0.5))
        self.assertEqual(solution.stops[0], vrp.STOP_VROOM_TIME)
        self.assertEqual(solution.served, 3)

    def test_the_wall_clock_cap_is_reported(self):
        # the one load-dependent reason is named, so a run reaching it shows
        prob = random_problem(7)
        settings = vrp.Settings(time_limit=0.2, search_solutions=10**6, stall=10**9)
        matrix = vrp.build_matrix(prob)
        refined, _status = vrp_ortools.refine(
            prob, matrix, vrp.prefilter(prob, matrix)[0], settings
        )
        self.assertEqual(refined.stops[0], vrp_ortools.STOP_TIME)


class TestNeverWorse(unittest.TestCase):
    def test_objective_is_the_models(self):
        # the pure yardstick and OR-Tools' own objective agree (without the
        # polish, whose model leaves the dropped jobs' penalties out)
        prob = random_problem(5, n_jobs=60, n_techs=3)
        prob.vehicles[2] = vrp.Vehicle(
            "late day",
            prob.vehicles[2].location,
            prob.vehicles[2].shifts,
            prob.vehicles[2].skills,
            visit_cost=30,
        )
        settings = vrp.Settings(
            search_solutions=300, polish_solutions=0, rank_by_drive=False
        )
        solution = vrp.solve(prob, settings)
        self.assertTrue(solution.dropped)
        self.assertEqual(vrp.objective(prob, solution, settings), solution.objective)

    def test_first_plan_kept_when_the_refinement_is_worse(self):
        prob = random_problem(9)
        matrix = vrp.build_matrix(prob)
        candidates, _dropped = vrp.prefilter(prob, matrix)
        _routes, first = vrp_vroom.first_plan(prob, matrix, candidates, WORK)
        worse = vrp.Solution(first.routes[1:], [], "success", 0.0)
        # without the ruin-and-recreate search, which would improve on it
        settings = dataclasses.replace(WORK, local_iterations=0)
        with mock.patch.object(vrp_ortools, "refine", return_value=(worse, "success")):
            solution = vrp.solve(prob, settings)
        self.assertEqual(plan_of(solution), plan_of(first))
        self.assertEqual(solution.served, first.served)
        self.assertEqual(
            {d.job_id for d in solution.dropped},
            {job.id for job in prob.jobs}
            - {stop.job_id for route in first.routes for stop in route.stops},
        )

    def test_plans_rank_served_first_then_cost(self):
        prob = random_problem(2, n_jobs=10, n_techs=2)
        solution = vrp.solve(prob, WORK)
        fewer = vrp.Solution(solution.routes[:1], [], "x", 0.0)
        self.assertLess(
            vrp.plan_key(prob, solution, WORK), vrp.plan_key(prob, fewer, WORK)
        )


def week_problem(seed, n_jobs=20, n_techs=3, days=5):
    """``random_problem``'s technicians over ``days`` working days (a vehicle
    per technician and day, later days dearer), jobs due over the week (SLA
    deadlines, some already late), some wanting one day's afternoon, and a
    fixed booking per technician on each of the first two days."""
    rng = random.Random(seed)
    day = random_problem(seed, n_jobs, n_techs)
    vehicles = [
        dataclasses.replace(
            tech,
            id=(tech.id, d),
            shifts=tuple(
                (start + 1440 * d, end + 1440 * d) for start, end in tech.shifts
            ),
            visit_cost=30.0 * d,
        )
        for tech in day.vehicles
        for d in range(days)
    ]
    jobs = []
    for job in day.jobs:
        d = rng.randrange(days)
        windows = ((1440 * d + 780, 1440 * d + 1020),) if rng.random() < 0.3 else ()
        deadline = rng.choice([None, -600, 1440 * d + 720, 1440 * days])
        jobs.append(dataclasses.replace(job, windows=windows, deadline=deadline))
    # the bookings already fixed: one a technician on each of the first days
    for k, tech in enumerate(day.vehicles):
        for d in range(min(days, 2)):
            jobs.append(
                vrp.Job(
                    f"fixed{k}.{d}",
                    tech.location,
                    60,
                    locked_vehicle=(tech.id, d),
                    locked_start=1440 * d + rng.choice([540, 840]),
                )
            )
    return vrp.Problem(jobs, vehicles)


class TestBreakScheduling(unittest.TestCase):
    """Routes with breaks whose jobs cost lateness are timed by a linear
    program (GLOP) instead of CP-SAT, per neighbour: a few times less CPU on
    a week with SLAs (tests/perf/test_week_plan_bench.py), for the same
    plans."""

    def test_glop_is_the_default(self):
        params = vrp_ortools.search_parameters(vrp.Settings())
        self.assertEqual(
            params.mixed_integer_scheduling_solver,
            vrp_ortools.routing_parameters_pb2.RoutingSearchParameters.SCHEDULING_GLOP,
        )
        self.assertFalse(params.disable_scheduling_beware_this_may_degrade_performance)
        off = vrp_ortools.search_parameters(vrp.Settings(break_scheduling="off"))
        self.assertTrue(off.disable_scheduling_beware_this_may_degrade_performance)

    def _plan(self, prob, settings):
        solution = vrp.solve(prob, settings)
        self.assertEqual(vrp.check_solution(prob, solution), [])
        return (
            sorted(
                (route.vehicle_id, [stop.job_id for stop in route.stops])
                for route in solution.routes
            ),
            round(vrp.objective(prob, solution, settings)),
        )

    def test_glop_plans_as_cp_sat(self):
        settings = vrp.Settings(search_solutions=50, polish_solutions=50)
        cp_sat = dataclasses.replace(settings, break_scheduling="cp_sat")
        problems = [random_problem(seed, 25, 4) for seed in (1, 2)]
        problems.append(week_problem(3))
        for prob in problems:
            # lunch breaks and deadlines: the scheduling solver is at work
            self.assertTrue(any(len(v.shifts) > 1 for v in prob.vehicles))
            self.assertTrue(any(job.deadline is not None for job in prob.jobs))
            with self.subTest(vehicles=len(prob.vehicles)):
                self.assertEqual(self._plan(prob, settings), self._plan(prob, cp_sat))

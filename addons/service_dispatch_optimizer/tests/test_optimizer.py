"""The pure optimiser (utils/vrp*.py): no database needed.

Most cases put the sites on a line where driving from x to y takes |x - y|
minutes, so the optimum can be worked out by hand; a brute force over every
assignment and order confirms it. The known optima are checked both ways: with
VROOM's first plan (the default) and with OR-Tools alone.
"""

import itertools
import unittest
from unittest import mock

from odoo.addons.service_dispatch.utils import travel

from ..utils import vrp, vrp_ortools, vrp_vroom
from .test_vrp_modules import random_problem

# small problems: a small work budget is plenty (the wizard's ranking: the
# whole objective, priorities traded against driving)
FAST = vrp.Settings(search_solutions=500, polish_solutions=500)
# ranked by driving before the rest of the objective
BY_DRIVE = vrp.Settings(search_solutions=500, polish_solutions=500, rank_by_drive=True)
# OR-Tools from its own first solution, without VROOM's plan
ORTOOLS_ONLY = vrp.Settings(
    search_solutions=500, polish_solutions=500, warm_start=False
)


def line_matrix(points, road_factor=1.0, speed_kmh=1.0):
    """Minutes between points on a line: |x1 - x2| (the latitude is x)."""
    return [[abs(a[0] - b[0]) for b in points] for a in points]


def job(job_id, x, duration=10, **values):
    return vrp.Job(job_id, (x, 0.0), duration, **values)


def vehicle(vehicle_id, x, shifts=((480, 1020),), skills=(), **values):
    return vrp.Vehicle(vehicle_id, (x, 0.0), tuple(shifts), frozenset(skills), **values)


def problem(jobs, vehicles):
    return vrp.Problem(jobs, vehicles, matrix_function=line_matrix)


def brute_force_drive(prob):
    """Least drive minutes serving every job (None if impossible): every
    assignment of jobs to vehicles, every order, earliest-start schedules."""
    matrix = vrp.build_matrix(prob)
    n_veh = len(prob.vehicles)
    best = None
    for assignment in itertools.product(range(n_veh), repeat=len(prob.jobs)):
        total = 0.0
        for k in range(n_veh):
            mine = [j for j, v in enumerate(assignment) if v == k]
            cost = _best_route(prob, matrix, k, mine)
            if cost is None:
                break
            total += cost
        else:
            best = total if best is None else min(best, total)
    return best


def _best_route(prob, matrix, k, jobs):
    n_veh = len(prob.vehicles)
    veh = prob.vehicles[k]
    day_start, day_end = vrp.day_span(veh)
    best = None
    for order in itertools.permutations(jobs):
        node, now, drive = k, day_start, 0.0
        for j in order:
            the_job = prob.jobs[j]
            if not the_job.skills <= veh.skills:
                break
            leg = matrix[node][n_veh + j]
            start = vrp.earliest_fit(the_job, veh.shifts, now + leg)
            if start is None:
                break
            node, now, drive = n_veh + j, start + the_job.duration, drive + leg
        else:
            if order and now + matrix[node][k] > day_end:
                continue
            total = drive + (matrix[node][k] if order else 0.0)
            best = total if best is None else min(best, total)
    return best


class TestTravel(unittest.TestCase):
    def test_haversine_known_distance(self):
        # Brussels Grand-Place to Antwerp Central: about 41 km as the crow flies
        km = travel.haversine_km(50.8467, 4.3525, 51.2172, 4.4211)
        self.assertAlmostEqual(km, 41.5, delta=0.5)
        self.assertEqual(travel.haversine_km(50.0, 4.0, 50.0, 4.0), 0.0)

    def test_minutes_use_road_factor_and_speed(self):
        self.assertAlmostEqual(travel.travel_minutes(50.0), 78.0)
        self.assertAlmostEqual(
            travel.travel_minutes(30.0, road_factor=1.0, speed_kmh=60.0), 30.0
        )
        with self.assertRaises(ValueError):
            travel.travel_minutes(10.0, speed_kmh=0)

    def test_matrix_is_symmetric_with_zero_diagonal(self):
        points = [(50.85, 4.35), (51.05, 3.72), (50.63, 5.57)]
        matrix = travel.travel_matrix_minutes(points, road_factor=1.2, speed_kmh=60)
        for i in range(3):
            self.assertEqual(matrix[i][i], 0.0)
            for j in range(3):
                self.assertEqual(matrix[i][j], matrix[j][i])
        expected = travel.travel_minutes(
            travel.haversine_km(*points[0], *points[1]), 1.2, 60
        )
        self.assertAlmostEqual(matrix[0][1], expected)


class TestOptimizer(unittest.TestCase):
    def assertFeasible(self, prob, solution):
        self.assertEqual(vrp.check_solution(prob, solution), [])

    def for_each_start(self, prob, check, settings_list=None):
        """Solve ``prob`` with each of ``settings_list`` (by default from
        VROOM's first plan and with OR-Tools alone), each in its subtest:
        ``check(solution)``, then the plan's feasibility."""
        for settings in settings_list or (FAST, ORTOOLS_ONLY):
            with self.subTest(
                warm_start=settings.warm_start, rank_by_drive=settings.rank_by_drive
            ):
                solution = vrp.solve(prob, settings)
                check(solution)
                self.assertFeasible(prob, solution)

    def test_single_technician_finds_optimal_tour(self):
        # home at 0, jobs on both sides: best is to sweep one side then the
        # other, 2 * 5 + 2 * 3 = 16 minutes
        prob = problem(
            [job("a", -3), job("b", -1), job("c", 2), job("d", 5)],
            [vehicle("tech", 0)],
        )
        self.assertEqual(brute_force_drive(prob), 16.0)

        def check(solution):
            self.assertEqual(solution.served, 4)
            self.assertAlmostEqual(solution.drive_minutes, 16.0)
            # each side is swept outwards then back (in either order)
            order = [stop.job_id for stop in solution.routes[0].stops]
            self.assertEqual(len(order), 4)
            left = [x for x in order if x in ("a", "b")]
            right = [x for x in order if x in ("c", "d")]
            self.assertIn(left, (["a", "b"], ["b", "a"]))
            self.assertIn(right, (["c", "d"], ["d", "c"]))

        self.for_each_start(prob, check)

    def test_skills_decide_the_technician(self):
        # the gas job sits next to Bob but only Alice does gas; the electrical
        # job sits next to Alice but only Bob does electrics
        prob = problem(
            [
                job("gas", 9, skills=frozenset({"gas"})),
                job("elec", 1, skills=frozenset({"elec"})),
                job("plain", 5),
            ],
            [
                vehicle("alice", 0, skills={"gas"}),
                vehicle("bob", 10, skills={"elec"}),
            ],
        )
        self.assertEqual(brute_force_drive(prob), 36.0)

        def check(solution):
            self.assertEqual(solution.served, 3)
            self.assertAlmostEqual(solution.drive_minutes, 36.0)
            alice = [s.job_id for s in solution.route_of("alice").stops]
            bob = [s.job_id for s in solution.route_of("bob").stops]
            self.assertIn("gas", alice)
            self.assertIn("elec", bob)

        self.for_each_start(prob, check)

    def test_windows_force_a_longer_round(self):
        # unconstrained, 0 -> 2 -> 4 -> 8 -> 0 takes 16 minutes; but the middle
        # job must start by 08:10 and the near one by 08:30, so the only
        # feasible rounds start with the middle job: 0 -> 4 -> 2 -> 8 -> 0,
        # 4 + 2 + 6 + 8 = 20 minutes
        prob = problem(
            [
                job("near", 2, windows=((480, 520),)),
                job("mid", 4, windows=((480, 500),)),
                job("far", 8),
            ],
            [vehicle("tech", 0)],
        )
        self.assertEqual(brute_force_drive(prob), 20.0)

        def check(solution):
            self.assertEqual(solution.served, 3)
            self.assertAlmostEqual(solution.drive_minutes, 20.0)
            order = [stop.job_id for stop in solution.routes[0].stops]
            self.assertEqual(order, ["mid", "near", "far"])

        self.for_each_start(prob, check)

    def test_locked_job_keeps_its_technician_and_time(self):
        # the locked job sits next to Bob but is Alice's at 13:00: it stays;
        # the free job on Alice's way is picked up before it
        prob = problem(
            [
                job("locked", 9, locked_vehicle="alice", locked_start=780),
                job("free", 4),
            ],
            [vehicle("alice", 0), vehicle("bob", 10)],
        )

        def check(solution):
            self.assertEqual(solution.served, 2)
            alice = solution.route_of("alice")
            self.assertEqual([s.job_id for s in alice.stops], ["free", "locked"])
            self.assertAlmostEqual(alice.stops[1].start, 780.0)
            self.assertIsNone(solution.route_of("bob"))
            self.assertAlmostEqual(solution.drive_minutes, 18.0)

        self.for_each_start(prob, check)

    def test_locked_job_outside_hours_is_kept(self):
        # planned by hand at 07:00, before the shift: it stays where it is
        prob = problem(
            [job("early", 3, locked_vehicle="tech", locked_start=420)],
            [vehicle("tech", 0)],
        )
        solution = vrp.solve(prob, FAST)
        self.assertEqual(solution.served, 1)
        self.assertAlmostEqual(solution.routes[0].stops[0].start, 420.0)
        self.assertFeasible(prob, solution)

    def test_job_does_not_straddle_the_lunch_break(self):
        # shifts 08:00-12:00 and 13:00-17:00; the job (60 min) may start
        # between 11:30 and 13:00 by its window: 11:30 would run into lunch,
        # so it starts at 13:00
        prob = problem(
            [job("lunch", 1, duration=60, windows=((690, 840),))],
            [vehicle("tech", 0, shifts=((480, 720), (780, 1020)))],
        )
        solution = vrp.solve(prob, FAST)
        self.assertEqual(solution.served, 1)
        stop = solution.routes[0].stops[0]
        self.assertGreaterEqual(stop.start, 780.0)
        self.assertLessEqual(stop.end, 840.0)
        self.assertFeasible(prob, solution)

    def test_low_priority_job_is_dropped_first(self):
        # two hours of work for one hour of shift: only one job fits, each as
        # far as the other; the urgent one is kept
        prob = problem(
            [
                job("low", -5, duration=50, priority=0),
                job("urgent", 5, duration=50, priority=3),
            ],
            [vehicle("tech", 0, shifts=((480, 570),))],
        )

        def check(solution):
            self.assertEqual([s.job_id for s in solution.routes[0].stops], ["urgent"])
            self.assertEqual(
                [(d.job_id, d.reason) for d in solution.dropped],
                [("low", vrp.REASON_CAPACITY)],
            )

        self.for_each_start(prob, check, (FAST, ORTOOLS_ONLY, BY_DRIVE))

    def test_urgency_against_driving(self):
        # only one job fits; the urgent one drives 18 minutes more. Ranked by
        # the objective (the wizard's default) the urgent one is kept (worth up
        # to an hour of driving): a review found the urgent call left out for
        # the routine one next door when driving ranked first; ranked by
        # driving (rank_by_drive=True) the low one is kept
        prob = problem(
            [
                job("low", 1, duration=50, priority=0),
                job("urgent", 10, duration=50, priority=3),
            ],
            [vehicle("tech", 0, shifts=((480, 560),))],
        )
        self.assertFalse(vrp.Settings().rank_by_drive)
        for settings, kept in (
            (vrp.Settings(), "urgent"),
            (FAST, "urgent"),
            (BY_DRIVE, "low"),
        ):
            with self.subTest(rank_by_drive=settings.rank_by_drive):
                solution = vrp.solve(prob, settings)
                self.assertEqual([s.job_id for s in solution.routes[0].stops], [kept])
                self.assertFeasible(prob, solution)

    def test_an_overdue_urgent_call_with_a_late_window_is_served(self):
        # a dispatcher's review: an urgent call already past its SLA, whose
        # customer asked for the afternoon, was left out ("no room left")
        # for a routine one: its lateness was counted from the plan's start
        # (4 hours no plan could avoid, worth more than its bonus). It is
        # counted from its window now: served, at the window's start
        prob = problem(
            [
                job("routine", 1, duration=120, priority=0),
                job(
                    "urgent",
                    2,
                    duration=120,
                    priority=3,
                    windows=((720, 900),),
                    deadline=-2000,
                ),
            ],
            # the morning block is too short for either: one of them fits
            [vehicle("tech", 0, shifts=((480, 540), (720, 900)))],
        )
        for settings in (vrp.Settings(), FAST):
            with self.subTest(settings=settings):
                solution = vrp.solve(prob, settings)
                stops = {s.job_id: s for s in solution.routes[0].stops}
                self.assertIn("urgent", stops)
                self.assertEqual(stops["urgent"].start, 720)
                self.assertFeasible(prob, solution)

    def test_more_jobs_before_priority(self):
        # 80 minutes of shift: the two low-priority half-hour jobs fit, or
        # the urgent 70-minute one alone; two served beat one urgent
        prob = problem(
            [
                job("low1", 1, duration=30, priority=0),
                job("low2", 2, duration=30, priority=0),
                job("urgent", 1, duration=70, priority=3),
            ],
            [vehicle("tech", 0, shifts=((480, 560),))],
        )
        solution = vrp.solve(prob, FAST)
        self.assertEqual(
            sorted(s.job_id for s in solution.routes[0].stops), ["low1", "low2"]
        )
        self.assertEqual([d.job_id for d in solution.dropped], ["urgent"])
        self.assertFeasible(prob, solution)

    def test_priority_is_worth_a_bounded_drive(self):
        # both jobs must be done between 10:00 and 11:10 and take an hour:
        # only one fits. The urgent one 85 minutes away would cost 160
        # minutes more driving than the low one next door, more than the
        # hour its priority is worth: the low one is served
        prob = problem(
            [
                job("low", 5, duration=60, priority=0, windows=((600, 670),)),
                job("urgent", -85, duration=60, priority=3, windows=((600, 670),)),
            ],
            [vehicle("tech", 0)],
        )
        solution = vrp.solve(prob, FAST)
        self.assertEqual([s.job_id for s in solution.routes[0].stops], ["low"])
        self.assertEqual(
            vrp.drop_penalty(prob.jobs[1], 1020) - vrp.drop_penalty(prob.jobs[0], 1020),
            vrp.to_seconds(vrp.PRIORITY_BONUS[3] - vrp.PRIORITY_BONUS[0]),
        )

    def test_overdue_job_is_served_first_not_dropped(self):
        # the SLA of the far job ran out three days ago: it is still served,
        # and first (each minute later costs), although the near one is on
        # the way
        prob = problem(
            [
                job("near", 2, duration=30),
                job("overdue", 6, duration=30, deadline=480 - 3 * 1440),
            ],
            [vehicle("tech", 0)],
        )
        solution = vrp.solve(prob, FAST)
        self.assertEqual(
            [s.job_id for s in solution.routes[0].stops], ["overdue", "near"]
        )
        self.assertGreater(solution.routes[0].stops[0].late, 3 * 1440)
        self.assertFeasible(prob, solution)

    def test_first_plan_route_refused_is_rebuilt(self):
        # a first plan breaking a window (far first: the middle job would
        # start after 08:10) is refused route by route, Bob's route is kept;
        # the search rebuilds the rest and still finds the optimum
        prob = problem(
            [
                job("near", 2, windows=((480, 520),)),
                job("mid", 4, windows=((480, 500),)),
                job("far", 8),
                job("other", 12),
            ],
            [vehicle("tech", 0), vehicle("bob", 12)],
        )
        with (
            mock.patch.object(
                vrp, "_first_plan", return_value=([[2, 1, 0], [3]], None)
            ),
            self.assertLogs(vrp_ortools.__name__, "WARNING") as logs,
        ):
            solution = vrp.solve(prob, FAST)
        self.assertIn("refused 1 of the first plan's routes", logs.output[0])
        self.assertEqual(solution.served, 4)
        # tech 0 -> 4 -> 2 -> 0, Bob 12 -> 12 -> 8 -> 12 (or the reverse)
        self.assertEqual(
            [s.job_id for s in solution.route_of("tech").stops], ["mid", "near"]
        )
        self.assertAlmostEqual(solution.drive_minutes, 16.0)
        self.assertEqual(brute_force_drive(prob), 16.0)
        self.assertFeasible(prob, solution)

    def test_vroom_failure_falls_back_to_ortools(self):
        from vroom import _vroom  # pylint: disable=import-outside-toplevel

        prob = problem([job("a", 1), job("b", 2)], [vehicle("tech", 0)])
        with (
            mock.patch.object(
                vrp_vroom,
                "build_input",
                side_effect=_vroom.VroomInputException("bad input"),
            ),
            self.assertLogs(vrp.__name__, "WARNING") as logs,
        ):
            solution = vrp.solve(prob, FAST)
        self.assertIn("OR-Tools alone: bad input", logs.output[0])
        self.assertEqual(solution.served, 2)
        self.assertAlmostEqual(solution.drive_minutes, 4.0)

    def test_sla_deadline_goes_first(self):
        # without the deadline 0 -> 2 -> 6 -> 0 is as short as 0 -> 6 -> 2 -> 0;
        # the job at 6 is due by 08:20, so it is served first
        prob = problem(
            [job("later", 2, duration=30), job("due", 6, duration=10, deadline=500)],
            [vehicle("tech", 0)],
        )
        solution = vrp.solve(prob, FAST)
        order = [stop.job_id for stop in solution.routes[0].stops]
        self.assertEqual(order, ["due", "later"])
        self.assertEqual(solution.routes[0].stops[0].late, 0.0)

    def test_dropped_jobs_say_why(self):
        prob = problem(
            [
                job("no_skill", 1, skills=frozenset({"lift"})),
                job("window", 1, windows=((1100, 1200),)),
                vrp.Job("nowhere", None, 10),
                job("too_long", 1, duration=600),
                # a window, but the job would not fit the day without it either
                job("too_long_in_window", 1, duration=600, windows=((480, 1020),)),
                job("ok", 1),
            ],
            [vehicle("tech", 0)],
        )
        solution = vrp.solve(prob, FAST)
        reasons = {d.job_id: d.reason for d in solution.dropped}
        self.assertEqual(
            reasons,
            {
                "no_skill": vrp.REASON_NO_SKILL,
                "window": vrp.REASON_WINDOW,
                "nowhere": vrp.REASON_NO_LOCATION,
                "too_long": vrp.REASON_TOO_LONG,
                "too_long_in_window": vrp.REASON_TOO_LONG,
            },
        )
        self.assertEqual(solution.served, 1)
        self.assertTrue(all(d.message for d in solution.dropped))

    def test_several_days_per_technician(self):
        # one technician, two days: the job wanted on day 2 goes to day 2,
        # the other one to day 1 (a later day costs a little more)
        day = 1440
        prob = problem(
            [job("today", 2), job("tomorrow", 3, windows=((day + 480, day + 720),))],
            [
                vehicle("tech/1", 0, resource="tech"),
                vehicle(
                    "tech/2",
                    0,
                    shifts=((day + 480, day + 1020),),
                    resource="tech",
                    visit_cost=60,
                ),
            ],
        )
        solution = vrp.solve(prob, FAST)
        self.assertEqual(solution.served, 2)
        self.assertEqual(
            [s.job_id for s in solution.route_of("tech/1").stops], ["today"]
        )
        self.assertEqual(
            [s.job_id for s in solution.route_of("tech/2").stops], ["tomorrow"]
        )
        self.assertEqual(solution.route_of("tech/2").resource, "tech")
        self.assertFeasible(prob, solution)

    def test_route_reports_drive_and_idle_time(self):
        # the second job only opens at 10:00: the technician waits there
        prob = problem(
            [
                job("first", 5, duration=30, windows=((480, 530),)),
                job("second", 7, windows=((600, 700),)),
            ],
            [vehicle("tech", 0)],
        )
        route = vrp.solve(prob, FAST).routes[0]
        first, second = route.stops
        self.assertAlmostEqual(route.drive_minutes, 14.0)
        self.assertAlmostEqual(first.travel, 5.0)
        self.assertAlmostEqual(second.travel, 2.0)
        self.assertAlmostEqual(second.start, 600.0)
        self.assertLessEqual(first.end, 530.0)
        self.assertAlmostEqual(second.idle, 600 - (first.end + 2.0))
        self.assertGreater(second.idle, 60.0)
        self.assertAlmostEqual(route.departure, first.start - 5.0)
        self.assertAlmostEqual(route.back, second.end + 7.0)

    def test_no_technicians(self):
        prob = problem([job("a", 1)], [])
        solution = vrp.solve(prob, FAST)
        self.assertEqual(solution.served, 0)
        self.assertEqual(solution.dropped[0].reason, vrp.REASON_NO_TECHNICIAN)

    def test_real_coordinates(self):
        # three sites around Brussels, default road factor and speed
        prob = vrp.Problem(
            [
                vrp.Job("north", (50.90, 4.40), 30),
                vrp.Job("south", (50.80, 4.35), 30),
                vrp.Job("west", (50.85, 4.25), 30),
            ],
            [vrp.Vehicle("tech", (50.85, 4.35), ((480, 1020),))],
        )
        solution = vrp.solve(prob, FAST)
        self.assertEqual(solution.served, 3)
        self.assertAlmostEqual(
            solution.drive_minutes, brute_force_drive(prob), delta=0.1
        )
        self.assertFeasible(prob, solution)

    def test_check_solution_reports_violations(self):
        prob = problem(
            [job("a", 5, skills=frozenset({"gas"}), windows=((600, 660),))],
            [vehicle("tech", 0)],
        )
        bad = vrp.Solution(
            [
                vrp.Route(
                    "tech",
                    None,
                    480,
                    500,
                    [vrp.Stop("a", 481, 481, 491, 5, 0)],
                )
            ],
            [],
            "manual",
            0.0,
        )
        errors = vrp.check_solution(prob, bad)
        self.assertTrue(any("lacks skills" in e for e in errors))
        self.assertTrue(any("before it can be reached" in e for e in errors))
        self.assertTrue(any("outside its window" in e for e in errors))


class TestVroomPlan(unittest.TestCase):
    """The first plan from VROOM (utils/vrp_vroom.py), read as OR-Tools reads
    it."""

    def _plan(self, prob, **values):
        matrix = vrp.build_matrix(prob)
        candidates, _dropped = vrp.prefilter(prob, matrix)
        problem_input = vrp_vroom.build_input(prob, matrix, candidates)
        solution = vrp_vroom.solve_input(problem_input, 5, threads=1, **values)
        steps = vrp_vroom.route_steps(solution)
        return {
            prob.vehicles[k].id: [
                (prob.jobs[j].id, round(start / 60.0)) for j, start in stops
            ]
            for k, stops in steps.items()
        }

    def test_locked_job_stays_on_its_vehicle_and_time(self):
        prob = problem(
            [
                job("locked", 9, locked_vehicle="alice", locked_start=780),
                job("free", 4),
            ],
            [vehicle("alice", 0), vehicle("bob", 10)],
        )
        plan = self._plan(prob, depth=3)
        self.assertIn(("locked", 780), plan["alice"])
        self.assertNotIn("locked", [j for j, _start in plan.get("bob", ())])

    def test_skills_windows_and_breaks(self):
        prob = problem(
            [
                job("gas", 1, skills=frozenset({"gas"})),
                job(
                    "hvac",
                    9,
                    duration=60,
                    skills=frozenset({"hvac"}),
                    windows=((690, 840),),
                ),
            ],
            [
                vehicle("alice", 0, shifts=((480, 720), (780, 1020)), skills={"hvac"}),
                vehicle("bob", 10, skills={"gas"}),
            ],
        )
        plan = self._plan(prob)
        self.assertEqual([j for j, _start in plan["bob"]], ["gas"])
        # the 60-minute job may start from 11:30 by its window, but Alice
        # lunches from 12:00 to 13:00: it starts at 13:00
        self.assertEqual(plan["alice"], [("hvac", 780)])

    def test_later_day_costs_more(self):
        day = 1440
        prob = problem(
            [job("any", 2)],
            [
                vehicle("tech/1", 0, resource="tech"),
                vehicle(
                    "tech/2",
                    0,
                    shifts=((day + 480, day + 1020),),
                    resource="tech",
                    visit_cost=60,
                ),
            ],
        )
        self.assertEqual([j for j, _start in self._plan(prob)["tech/1"]], ["any"])

    def test_depth_reaches_vroom(self):
        # pyvroom 1.15's Input.solve() drops its depth argument: the depth is
        # handed to the binding itself. At depth 0 (no local search) the
        # same 32 first solutions drive more than searched at depth 5
        prob = random_problem(1, n_jobs=40, n_techs=4)
        matrix = vrp.build_matrix(prob)
        candidates, _dropped = vrp.prefilter(prob, matrix)
        drives = {}
        for depth in (0, None):
            problem_input = vrp_vroom.build_input(prob, matrix, candidates)
            solution = vrp_vroom.to_solution(
                prob,
                matrix,
                candidates,
                vrp_vroom.solve_input(problem_input, 5, threads=1, depth=depth),
            )
            drives[depth] = (solution.served, vrp.drive_seconds(solution))
        self.assertEqual(drives[0][0], drives[None][0])
        self.assertGreater(drives[0][1], drives[None][1])

    def test_search_counts_follow_vroom_levels(self):
        self.assertEqual(
            [vrp_vroom.nb_searches(level) for level in range(6)],
            [4, 8, 12, 16, 24, 32],
        )

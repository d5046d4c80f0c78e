"""The benchmark's greedy baseline (vrp_baselines.py, next to this file): a
plan the optimiser is measured against must itself be feasible. No database
needed; run with the benchmarks (``make bench``)."""

import math
import unittest

import vrp_baselines

from odoo.addons.service_dispatch_optimizer.utils import vrp


def line_matrix(points, road_factor=1.0, speed_kmh=1.0):
    """Minutes between points on a line: |x1 - x2| (the latitude is x)."""
    return [[abs(a[0] - b[0]) for b in points] for a in points]


def job(job_id, x, duration=10, **values):
    return vrp.Job(job_id, (x, 0.0), duration, **values)


def vehicle(vehicle_id, x, shifts=((480, 1020),), skills=(), **values):
    return vrp.Vehicle(vehicle_id, (x, 0.0), tuple(shifts), frozenset(skills), **values)


def problem(jobs, vehicles):
    return vrp.Problem(jobs, vehicles, matrix_function=line_matrix)


class TestGreedyBaseline(unittest.TestCase):
    def test_greedy_is_feasible_and_nearest_first(self):
        prob = problem(
            [job("b", 2), job("a", 1), job("c", 6, skills=frozenset({"gas"}))],
            [vehicle("tech", 0)],
        )
        solution = vrp_baselines.solve_greedy(prob)
        self.assertEqual([s.job_id for s in solution.routes[0].stops], ["a", "b"])
        self.assertEqual(solution.dropped[0].reason, vrp.REASON_NO_SKILL)
        self.assertEqual(vrp.check_solution(prob, solution), [])

    def test_greedy_respects_windows_and_shift_end(self):
        prob = problem(
            [job("late", 1, windows=((900, 1000),)), job("long", 2, duration=500)],
            [vehicle("tech", 0, shifts=((480, 1000),))],
        )
        solution = vrp_baselines.solve_greedy(prob)
        self.assertEqual(vrp.check_solution(prob, solution), [])
        self.assertFalse(math.isnan(solution.drive_minutes))

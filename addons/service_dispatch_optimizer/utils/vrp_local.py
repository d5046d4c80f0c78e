"""Ruin and recreate on a plan of the optimiser's problem: more jobs, less
driving.

Plain Python and numpy, no solver and no Odoo import; imports only
:mod:`vrp_model`. :func:`vrp.solve` hands it VROOM's plan: on a full day
every simple move (relocate, swap, 2-opt*) of VROOM's local optimum breaks
a window or a shift, and OR-Tools' guided local search, when it fits one job
more, drives hours more for it. A simulated annealing over ruin and
recreate (after SISR, Christiaens and Vanden Berghe 2020) makes the larger
moves that pay: it takes runs of jobs out of a few routes near a job (often
a job left out) and inserts them again, with the jobs left out nearby, each
where it adds the least driving (:meth:`LocalSearch.ruin_recreate`).

The plan it returns serves at least as many jobs as its start, at least as
many urgent ones (:func:`vrp_model.is_urgent`: never traded for one job
more nor for less driving, on its walk either), drives no more, costs no
more by the model's other terms (the vehicles' cost per job, SLA lateness,
see :func:`vrp_model.objective`) and no more by the model's whole cost
(those terms less the priority bonuses of the jobs served,
:data:`vrp_model.PRIORITY_BONUS`): never worse than its start on any of
these. Among those plans, the most jobs, then the least whole cost, as
:func:`vrp_model.plan_key` ranks plans: a job of higher priority is served
instead of one of lower priority at up to the difference of their bonuses
in more driving, within the driving of the start. On its way there the walk
may drive up to :data:`WALK_DRIVE_SLACK` more than its start (a plan that
serves one more job is seldom one move away from a plan that drives no
more), and weighs a share of the bonuses (:data:`WALK_BONUS_SHARE`). Every
route it returns is feasible in the model of OR-Tools and VROOM, in whole
seconds as they count: the candidate vehicles of each job (skills), the job
windows, the shifts (no service during a break, and no driving either: a
break pauses the drive) and the return home by the end of the day. The
routes of the vehicles that hold a locked (already planned) job are left
exactly as they are, and no job moves into them.

The search is bounded by work: a number of iterations, with random draws
from a fixed seed, so the same problem gets the same plan on any load; the
wall-clock ``deadline`` is only a safety net (``Solution.stops`` then says
``"time"``).
"""

import math
import random
import time
from typing import NamedTuple

import numpy as np

from .vrp_model import (
    Route,
    Solution,
    Stop,
    drop_penalty,
    idle_between,
    is_urgent,
    lateness_due,
    to_seconds,
    vehicle_breaks,
    vehicle_spans,
)

# why the search stopped (Solution.stops): its iterations, or the
# wall-clock safety net (the one reason that depends on the load)
STOP_LOCAL = "local"
STOP_TIME = "time"
# how often the safety net is looked at (iterations)
CLOCK_EVERY = 64
# the chance that recreate skips a place it could take (SISR's blinks)
BLINK = 0.01
# the annealing temperature, first and last (seconds of driving)
TEMPERATURE = (400.0, 5.0)
# how often a ruin is centred on a job left out
LEFT_OUT_CENTER = 0.5
# the jobs left out that recreate tries, among the nearest to the ruin
NEAR_LEFT_OUT = 30
# The walk of the annealing compares plans by the jobs served, then by their
# driving plus this share of the rest of the model's cost (the cost per job,
# SLA lateness) less the priority bonuses of the jobs served: the driving
# mostly, so that it finds room for one job more, with a pull towards the
# plans that the kept plan is chosen among (by the whole cost, bonuses in
# full). On the dispatch benchmark, driving alone (0) misses seed 3 of the
# one-shift day: as many jobs as VROOM, 1.4 h more driving.
WALK_BONUS_SHARE = 0.25
# The walk never goes to a plan that drives more than this (seconds) above
# its start. Unbounded, with the bonuses weighed, it wanders off to plans
# that serve more urgent jobs and drive more than the start, which the kept
# plan may not: seed 2 of the one-shift day then finds no job more than
# VROOM. 30 minutes leave it room to make way for a job more.
WALK_DRIVE_SLACK = 1800
# the rows of LocalSearch.places: per insertion place (between two stops of
# a route, or home), the node it leaves from, the node it goes to, when the
# vehicle leaves, the latest arrival that keeps the rest of the route
# feasible, and the drive between the two nodes
PLACE_ROWS = ("from", "to", "leaving", "latest", "drive")
PLACE_LATEST = PLACE_ROWS.index("latest")
# room for this many more jobs per route before the places are laid out again
PLACE_SPARE = 8


class Measure(NamedTuple):
    """What the search weighs of a plan (its routes that may change), in
    jobs and whole seconds: the jobs and urgent jobs served, the driving,
    the rest of the model's cost (the vehicles' cost per job, SLA lateness)
    and the bonuses of the jobs served (their priority, an SLA due inside
    the plan: what leaving each out would add to the drop penalty)."""

    served: int
    urgent: int
    drive: int
    rest: int
    bonus: int

    @property
    def cost(self):
        """The whole cost: the model's objective (:func:`vrp_model.objective`)
        but for the drop penalties' base, the same for plans serving as
        many jobs."""
        return self.drive + self.rest - self.bonus


class LocalSearch:
    """The problem in whole seconds, and the routes being improved.

    ``routes``: job indexes (into ``problem.jobs``) per vehicle index, in
    visit order; ``candidates``: the vehicles each job may have (see
    :func:`vrp_model.prefilter`).
    """

    def __init__(self, problem, matrix, candidates, settings):
        self.problem = problem
        self.matrix = matrix
        self.settings = settings
        n_veh = self.n_veh = len(problem.vehicles)
        self.sec = np.array(
            [[to_seconds(value) for value in row] for row in matrix], dtype=np.int64
        )
        self.rows = self.sec.tolist()
        spans = vehicle_spans(problem, matrix)
        locked_by_vehicle = {}
        for j, job in enumerate(problem.jobs):
            if job.locked:
                locked_by_vehicle.setdefault(job.locked_vehicle, []).append(j)
        self.frozen = [bool(locked_by_vehicle.get(v.id)) for v in problem.vehicles]
        self.day = []
        self.breaks = []
        self.work = []
        for k, vehicle in enumerate(problem.vehicles):
            lo = max(0, to_seconds(spans[k][0]))
            hi = to_seconds(spans[k][1])
            self.day.append((lo, hi))
            breaks = sorted(
                (to_seconds(a), to_seconds(b))
                for a, b in vehicle_breaks(vehicle, ())
                if to_seconds(b) > to_seconds(a)
            )
            self.breaks.append(breaks)
            work, at = [], lo
            for b0, b1 in breaks:
                if b0 > at:
                    work.append((at, b0))
                at = max(at, b1)
            if hi > at:
                work.append((at, hi))
            self.work.append(work)
        self.duration = [to_seconds(job.duration) for job in problem.jobs]
        self.urgent = [int(is_urgent(job)) for job in problem.jobs]
        horizon_end = max((end for _start, end in spans), default=0)
        # what serving each job saves in the model's cost: its drop penalty
        # less the base (the bonus of its priority, of an SLA due inside the
        # plan)
        self.bonus = [drop_penalty(job, horizon_end, base=0) for job in problem.jobs]
        horizon = to_seconds(horizon_end) + 1
        horizon_start = max(0, to_seconds(min((s for s, _e in spans), default=0)))
        self.windows = []
        self.due = []
        for job in problem.jobs:
            ranges = [
                (max(0, to_seconds(a)), min(horizon, to_seconds(b - job.duration)))
                for a, b in job.windows
            ]
            self.windows.append(
                sorted((lo, hi) for lo, hi in ranges if lo <= hi)
                if job.windows
                else [(0, horizon)]
            )
            self.due.append(
                lateness_due(job, horizon_start)
                if job.deadline is not None and not job.locked
                else None
            )
        self.visit = [to_seconds(v.visit_cost) for v in problem.vehicles]
        self.allowed = np.zeros((len(problem.jobs), n_veh), dtype=bool)
        for j, vehicles in candidates.items():
            if problem.jobs[j].locked:
                continue
            for k in vehicles:
                if not self.frozen[k]:
                    self.allowed[j, k] = True
        # the service start ranges of each job on each vehicle
        # (:meth:`_start_ranges`), filled on first use: ``_starts[k][j]``
        self._starts = [[None] * len(problem.jobs) for _vehicle in problem.vehicles]
        self._cache = {}
        # the first and last service start of each job on each vehicle
        # (where it may go), for a quick test of the places
        self.first_start = np.full((len(problem.jobs), n_veh), 0, dtype=np.int64)
        self.last_start = np.full((len(problem.jobs), n_veh), -1, dtype=np.int64)
        for j, k in zip(*np.nonzero(self.allowed), strict=True):
            ranges = self._start_ranges(int(k), int(j))
            if ranges:
                self.first_start[j, k] = ranges[0][0]
                self.last_start[j, k] = max(hi for _lo, hi in ranges)
        # the drives to each node, from every node (the columns of ``sec``)
        self.sec_to = np.ascontiguousarray(self.sec.T)
        self.timed_out = False

    # ------------------------------------------------------------------
    # one route: feasibility and cost
    # ------------------------------------------------------------------
    def _start_ranges(self, k, j):
        """Service starts of job ``j`` on vehicle ``k``: inside a window and
        with the whole service inside one work interval."""
        found = self._starts[k][j]
        if found is None:
            d = self.duration[j]
            found = []
            for w0, w1 in self.windows[j]:
                for a, b in self.work[k]:
                    lo, hi = max(w0, a), min(w1, b - d)
                    if lo <= hi:
                        found.append((lo, hi))
            found.sort()
            self._starts[k][j] = found
        return found

    def _arrive(self, k, at, drive):
        """When a drive of ``drive`` seconds leaving at ``at`` arrives: the
        breaks pause it."""
        arrival = at + drive
        breaks = self.breaks[k]
        if breaks:
            for b0, b1 in breaks:
                if at < b1 and arrival > b0:
                    arrival += b1 - max(at, b0)
        return arrival

    def evaluate(self, k, seq):
        """``(drive, rest)`` of vehicle ``k`` driving ``seq`` (seconds: the
        driving; the cost per job and of SLA lateness), or ``None`` when it
        is not feasible. Cached per route."""
        key = (k, tuple(seq))
        if key in self._cache:
            return self._cache[key]
        result = self._simulate(k, seq, None)
        self._cache[key] = result
        return result

    def _simulate(self, k, seq, times):
        rows, n_veh = self.rows, self.n_veh
        at, day_end = self.day[k]
        prev = k
        drive = rest = 0
        for j in seq:
            node = n_veh + j
            leg = rows[prev][node]
            arrival = self._arrive(k, at, leg)
            start = None
            for lo, hi in self._start_ranges(k, j):
                if hi >= arrival:
                    start = max(lo, arrival)
                    break
            if start is None:
                return None
            if self.due[j] is not None and start > self.due[j]:
                rest += self.settings.lateness_cost * (start - self.due[j])
            if times is not None:
                times.append(start)
            drive += leg
            at = start + self.duration[j]
            prev = node
        if seq:
            leg = rows[prev][k]
            back = self._arrive(k, at, leg)
            if back > day_end:
                return None
            drive += leg
            rest += self.visit[k] * len(seq)
            if times is not None:
                times.append(back)
        return drive, rest

    # ------------------------------------------------------------------
    # ruin and recreate
    # ------------------------------------------------------------------
    def _depart_by(self, k, arrival, drive):
        """The latest departure at which a drive of ``drive`` seconds
        arrives by ``arrival`` (the inverse of :meth:`_arrive`)."""
        left, at = drive, arrival
        for b0, b1 in reversed(self.breaks[k]):
            if b0 >= at:
                continue
            if b1 < at:
                if at - b1 >= left:
                    return at - left
                left -= at - b1
            at = b0
        return at - left

    def _timing(self, k, seq):
        """``(ends, latest)`` of a feasible route: ``ends[p]`` when the
        vehicle leaves its p-th stop (``ends[0]``: home, the day's start),
        ``latest[p]`` the latest arrival at the p-th job that keeps the rest
        feasible (``latest[len(seq)]``: home, the day's end)."""
        rows, n_veh = self.rows, self.n_veh
        day_start, day_end = self.day[k]
        breaks = self.breaks[k]
        starts, duration = self._starts[k], self.duration
        ends = [day_start]
        at = day_start
        prev = k
        for j in seq:
            node = n_veh + j
            arrival = (
                self._arrive(k, at, rows[prev][node])
                if breaks
                else at + rows[prev][node]
            )
            ranges = starts[j]
            if ranges is None:
                ranges = self._start_ranges(k, j)
            # the earliest start from the arrival (:meth:`_earliest`)
            start = day_end + 1
            for lo, hi in ranges:
                if hi >= arrival:
                    start = lo if lo > arrival else arrival
                    break
            # else not feasible (a rounding, once a job is taken out): no
            # place of this route fits, and the full check refuses it
            at = start + duration[j]
            ends.append(at)
            prev = node
        size = len(seq)
        latest = [0] * (size + 1)
        latest[size] = day_end
        nxt = k
        for p in range(size - 1, -1, -1):
            j = seq[p]
            node = n_veh + j
            leave = (
                self._depart_by(k, latest[p + 1], rows[node][nxt])
                if breaks
                else latest[p + 1] - rows[node][nxt]
            )
            last_start = leave - duration[j]
            ranges = starts[j]
            if ranges is None:
                ranges = self._start_ranges(k, j)
            # the latest start no later than last_start
            best = -1
            for lo, hi in ranges:
                if lo <= last_start:
                    value = hi if hi < last_start else last_start
                    if value > best:
                        best = value
            latest[p] = best
            nxt = node
        return ends, latest

    def _set_route(self, k, seq):
        """Route ``k`` becomes ``seq``: its timing and insertion places."""
        self.routes[k] = seq
        ends, latest = self.timing[k] = self._timing(k, seq)
        size = len(seq) + 1
        if size > self.cap:
            self._grow(size)
        n_veh, rows, cap = self.n_veh, self.rows, self.cap
        nodes = [k] + [n_veh + j for j in seq] + [k]
        col = k * cap
        # the places of route k (see :meth:`_job_places`); those past its
        # end can take nothing (latest arrival -1)
        self.places[:, col : col + size] = [
            nodes[:-1],
            nodes[1:],
            ends,
            latest,
            [rows[a][b] for a, b in zip(nodes[:-1], nodes[1:], strict=True)],
        ]
        self.places[PLACE_LATEST, col + size : col + cap] = -1

    def _grow(self, size):
        """Room for ``size`` places per route: ``places`` copied to the new
        columns."""
        cap = max(size, 2 * self.cap)
        grown = np.zeros((len(PLACE_ROWS), self.n_veh * cap), dtype=np.int64)
        grown[PLACE_LATEST] = -1
        for k in range(self.n_veh):
            grown[:, k * cap : k * cap + self.cap] = self.places[
                :, k * self.cap : (k + 1) * self.cap
            ]
        self.places, self.cap = grown, cap
        self._job_cache = {}

    def _job_places(self, j):
        """The columns of ``places`` where job ``j`` may go (the places of
        the vehicles it may have, in the order of the vehicles and of the
        positions), and its first and last service start at each."""
        found = self._job_cache.get(j)
        if found is None:
            cap = self.cap
            vehicles = np.flatnonzero(self.allowed[j])
            found = self._job_cache[j] = (
                (vehicles[:, None] * cap + np.arange(cap)).ravel(),
                np.repeat(self.first_start[j][vehicles], cap),
                np.repeat(self.last_start[j][vehicles], cap),
            )
        return found

    def _earliest(self, k, j, arrival):
        for lo, hi in self._start_ranges(k, j):
            if hi >= arrival:
                return max(lo, arrival)
        return None

    def _fits(self, k, j, p):
        """Whether job ``j`` fits at position ``p`` of route ``k`` (from the
        route's timing: O(1) per place)."""
        seq = self.routes[k]
        ends, latest = self.timing[k]
        rows, n_veh = self.rows, self.n_veh
        prev = k if p == 0 else n_veh + seq[p - 1]
        nxt = k if p == len(seq) else n_veh + seq[p]
        start = self._earliest(k, j, self._arrive(k, ends[p], rows[prev][n_veh + j]))
        if start is None:
            return False
        arrival = self._arrive(k, start + self.duration[j], rows[n_veh + j][nxt])
        return arrival <= latest[p]

    def ruin_recreate(self, routes, iterations, seed=0, deadline=None):
        """Simulated annealing over ruin and recreate (after SISR,
        Christiaens and Vanden Berghe 2020) from ``routes``: each iteration
        removes runs of jobs from a few routes near a job drawn at random
        (often a job left out, to make room for it) and inserts them again,
        with the jobs left out near it, each where it adds the least
        driving.

        The walk (:meth:`_walk`) aims at one job served more than the best
        plan so far, then at less driving with a share of the priority
        bonuses; it never goes to a plan with fewer urgent jobs than
        ``routes``, nor to one that drives more than
        :data:`WALK_DRIVE_SLACK` above them. It returns the best plan met
        (:meth:`_keeps`: the most jobs, then the least whole cost) among
        those never worse than ``routes``: at least as many jobs and urgent
        jobs, no more driving, no more of the rest of the cost, no more
        whole cost; ``routes`` themselves if none is better.

        ``iterations`` and ``seed`` fix the work and the draws: the same
        plan on any load (``deadline``, a ``time.perf_counter()`` value, is
        only a safety net: reaching it sets ``timed_out``)."""
        rng = random.Random(seed)
        self.routes = [list(route) for route in routes]
        self.timing, self.costs = {}, {}
        # the insertion places of the routes that may change: a column per
        # place, CAP per vehicle (vehicle k's from column k * cap, in the
        # order of its route), rows PLACE_ROWS
        self.cap = max(len(route) for route in self.routes) + 1 + PLACE_SPARE
        self.places = np.zeros((len(PLACE_ROWS), self.n_veh * self.cap), dtype=np.int64)
        self.places[PLACE_LATEST] = -1
        self._job_cache = {}
        for k, route in enumerate(self.routes):
            if not self.frozen[k]:
                value = self._cost(k)
                if value is None:
                    return self.routes
                self.costs[k] = value
                self._set_route(k, list(route))
        movable = [j for j in range(len(self.problem.jobs)) if self.allowed[j].any()]
        if not movable or not self.timing:
            return self.routes
        n_veh = self.n_veh
        nodes = n_veh + np.arange(len(self.problem.jobs))
        near = np.argsort(self.sec[np.ix_(nodes, nodes)], axis=1, kind="stable")
        start = self._measure()
        best, best_routes = start, [list(route) for route in self.routes]
        # aim at one job more than the best plan so far
        target = start.served + 1
        current = self._walk(start, target)
        drive_limit = start.drive + WALK_DRIVE_SLACK
        t_first, t_last = TEMPERATURE
        self.timed_out = False
        for it in range(iterations):
            if deadline is not None and it % CLOCK_EVERY == 0:
                if time.perf_counter() >= deadline:
                    self.timed_out = True
                    break
            temperature = t_first * (t_last / t_first) ** (it / max(1, iterations - 1))
            saved = (
                {
                    k: (self.routes[k], self.timing[k], self.costs[k])
                    for k in self.timing
                },
                self.places.copy(),
                self.cap,
            )
            if not self._recreate(rng, near, movable):
                self._restore(saved)
                continue
            new = self._measure()
            # never fewer urgent jobs than the start, on the walk too: a
            # walk allowed one or two fewer finds them again within the
            # driving of the start, but seldom one job more (seed 2 of the
            # benchmark: 172 jobs instead of 173)
            if new.urgent < start.urgent or new.drive > drive_limit:
                self._restore(saved)
                continue
            value = self._walk(new, target)
            if value[0] < current[0] or (
                value[0] == current[0]
                and value[1]
                < current[1] - temperature * math.log(rng.random() or 1e-12)
            ):
                current = value
                if self._keeps(new, best, start):
                    best, best_routes = new, [list(route) for route in self.routes]
                    if new.served >= target:
                        target = new.served + 1
                        current = self._walk(new, target)
            else:
                self._restore(saved)
        return best_routes

    @staticmethod
    def _walk(measure, target):
        """What the annealing compares (``measure`` from :meth:`_measure`),
        the least first: the jobs served up to ``target`` (negated), then
        the driving plus :data:`WALK_BONUS_SHARE` of the rest of the cost
        less the bonuses. The urgent jobs are a floor, not a goal of the
        walk: one that chases them drives more than the start and never
        comes back."""
        return (
            -min(measure.served, target),
            measure.drive + WALK_BONUS_SHARE * (measure.rest - measure.bonus),
        )

    @staticmethod
    def _keeps(new, best, start):
        """Whether ``new`` replaces ``best`` as the plan to return: it
        serves more jobs, or as many at a lower whole cost (as
        :func:`vrp_model.plan_key` ranks plans), and is not worse than
        ``start`` on any measure: the urgent jobs, the driving, the rest of
        the cost, the whole cost."""
        return (
            (-new.served, new.cost) < (-best.served, best.cost)
            and new.urgent >= start.urgent
            and new.drive <= start.drive
            and new.rest <= start.rest
            and new.cost <= start.cost
        )

    def _measure(self):
        """The :class:`Measure` of the routes that may change."""
        served = n_urgent = gained = drive = rest = 0
        for value in self.costs.values():
            drive += value[0]
            rest += value[1]
            served += value[2]
            n_urgent += value[3]
            gained += value[4]
        return Measure(served, n_urgent, drive, rest, gained)

    def _cost(self, k):
        """``(drive, rest, jobs, urgent jobs, bonuses)`` of route ``k`` as it
        is, or ``None`` when it is not feasible."""
        route = self.routes[k]
        value = self.evaluate(k, route)
        if value is None:
            return None
        urgent, bonus = self.urgent, self.bonus
        return (
            value[0],
            value[1],
            len(route),
            sum(urgent[j] for j in route),
            sum(bonus[j] for j in route),
        )

    def _restore(self, saved):
        routes, self.places, cap = saved
        if cap != self.cap:
            self.cap, self._job_cache = cap, {}
        for k, (route, timing, cost) in routes.items():
            self.routes[k] = route
            self.timing[k] = timing
            self.costs[k] = cost

    def _recreate(self, rng, near, movable):
        """One ruin and recreate; whether every route changed is feasible
        (checked in full: the quick tests of the places are a filter)."""
        sec, n_veh = self.sec, self.n_veh
        center, removed = self._ruin(rng, near, movable)
        if center is None:
            return False
        touched = {k for k, _j in removed}
        pool = [j for _k, j in removed]
        in_plan = {j for route in self.routes for j in route}
        pool += [
            j
            for j in near[center][:NEAR_LEFT_OUT].tolist()
            if j not in in_plan and j not in pool and self.allowed[j].any()
        ]
        order = rng.randrange(3)
        if order == 0:
            rng.shuffle(pool)
        elif order == 1:
            pool.sort(key=lambda j: -self.duration[j])
        else:
            pool.sort(key=lambda j: sec[n_veh + center, n_veh + j])
        for j in pool:
            k = self._insert_best(j, rng)
            if k is not None:
                touched.add(k)
        for k in touched:
            value = self._cost(k)
            if value is None:
                return False
            self.costs[k] = value
        return True

    def _ruin(self, rng, near, movable):
        """Remove runs of jobs from up to four routes near a job drawn at
        random; returns ``[(vehicle, job)]`` removed."""
        where = {}
        for k, route in enumerate(self.routes):
            if k in self.timing:
                for j in route:
                    where[j] = k
        if not where:
            return None, []
        left_out = [j for j in movable if j not in where]
        if left_out and rng.random() < LEFT_OUT_CENTER:
            # around a job left out: room for it
            center = rng.choice(left_out)
        else:
            center = rng.choice(sorted(where))
        n_routes = rng.randint(1, 4)
        done = set()
        removed = []
        for j in near[center].tolist():
            if len(done) >= n_routes:
                break
            k = where.get(j)
            if k is None or k in done:
                continue
            done.add(k)
            route = self.routes[k]
            p = route.index(j)
            length = min(len(route), rng.randint(1, 5))
            first = max(0, min(p - rng.randrange(length), len(route) - length))
            run = route[first : first + length]
            self._set_route(k, route[:first] + route[first + length :])
            removed.extend((k, x) for x in run)
        return center, removed

    def _insert_best(self, j, rng):
        """Insert ``j`` where it adds the least driving and fits (skipping a
        place now and then: SISR's blinks); returns the vehicle or None."""
        columns, first_start, last_start = self._job_places(j)
        if not columns.size:
            return None
        src, dst, ends, latest, base = self.places[:, columns]
        node = self.n_veh + j
        leg_in, leg_out = self.sec_to[node][src], self.sec[node][dst]
        # what the breaks can only delay: a place that fails without them
        # fails with them (and one past the end of its route, always)
        arrival = ends + leg_in
        ok = (arrival <= last_start) & (
            np.maximum(arrival, first_start) + (self.duration[j] + leg_out) <= latest
        )
        places = ok.nonzero()[0]
        if not places.size:
            return None
        delta = (leg_in + leg_out - base)[places]
        cap = self.cap
        # the least added driving first; on a tie, in the order of the places
        for column in columns[places[delta.argsort(kind="stable")]].tolist():
            if rng.random() < BLINK:
                continue
            k, p = divmod(column, cap)
            if self._fits(k, j, p):
                self._set_route(k, self.routes[k][:p] + [j] + self.routes[k][p:])
                return k
        return None

    # ------------------------------------------------------------------
    # back to a plan
    # ------------------------------------------------------------------
    def solution(self, routes, start):
        """``routes`` as a :class:`~.vrp_model.Solution` (``dropped`` still
        empty), each job at its earliest start; the routes of the frozen
        vehicles are those of ``start``, as they were."""
        problem, matrix, n_veh = self.problem, self.matrix, self.n_veh
        kept = {route.vehicle_id: route for route in start.routes}
        result = []
        for k, seq in enumerate(routes):
            vehicle = problem.vehicles[k]
            if self.frozen[k]:
                if vehicle.id in kept:
                    result.append(kept[vehicle.id])
                continue
            if not seq:
                continue
            times = []
            if self._simulate(k, seq, times) is None:
                raise ValueError(f"the route of {vehicle.id} is not feasible")
            departure = max(self.day[k][0], times[0] - self.rows[k][n_veh + seq[0]])
            for b0, b1 in self.breaks[k]:
                if departure < b1 and times[0] > b0:
                    departure = max(self.day[k][0], departure - (b1 - b0))
            route = Route(vehicle.id, vehicle.resource, departure / 60.0, 0.0)
            prev_node, prev_end = k, departure / 60.0
            for j, start_sec in zip(seq, times, strict=False):
                job = problem.jobs[j]
                node = n_veh + j
                drive = matrix[prev_node][node]
                begin = start_sec / 60.0
                late = 0.0
                if job.deadline is not None:
                    late = max(0.0, begin + job.duration - job.deadline)
                route.stops.append(
                    Stop(
                        job.id,
                        prev_end + drive,
                        begin,
                        begin + job.duration,
                        drive,
                        idle_between(prev_end, begin, drive, vehicle),
                        late,
                    )
                )
                prev_node, prev_end = node, begin + job.duration
            route.back = times[-1] / 60.0
            route.drive_back = matrix[prev_node][k]
            result.append(route)
        return Solution(result, [], "local", 0.0)


def routes_of(problem, solution):
    """Job indexes per vehicle index of ``solution`` (what the searches
    read)."""
    vehicle_index = {v.id: k for k, v in enumerate(problem.vehicles)}
    job_index = {job.id: j for j, job in enumerate(problem.jobs)}
    routes = [[] for _vehicle in problem.vehicles]
    for route in solution.routes:
        routes[vehicle_index[route.vehicle_id]] = [
            job_index[stop.job_id] for stop in route.stops
        ]
    return routes


def improve(problem, matrix, candidates, settings, start, iterations, deadline=None):
    """``start`` (a :class:`~.vrp_model.Solution`) improved by
    :meth:`LocalSearch.ruin_recreate` for ``iterations``: a new Solution
    whose ``dropped`` is still empty (its ``stops``: ``"local"``, or
    ``"time"`` when the wall-clock safety net ``deadline``, a
    ``time.perf_counter()`` value, cut it short), or ``None`` when a route
    of the start is not feasible in this module's model (a rounding at the
    edge of a window, say: then the start stands as it is)."""
    search = LocalSearch(problem, matrix, candidates, settings)
    routes = routes_of(problem, start)
    for k, route in enumerate(routes):
        if not search.frozen[k] and search.evaluate(k, route) is None:
            return None
    better = search.ruin_recreate(routes, iterations, settings.local_seed, deadline)
    solution = search.solution(better, start)
    solution.stops = (STOP_TIME if search.timed_out else STOP_LOCAL,)
    return solution

"""Data generator of the dispatch benchmark (tests/perf/test_dispatch_bench.py).

One working day for ``n_techs`` field technicians and ``n_jobs`` service
orders around Brussels, reproducible from a seed: technicians with 2-4 of six
skills, a home base and a shift; jobs with 0-2 required skills, a duration, a
priority and, for most of them, a requested time window. About as much work as
the technicians have hours, so a plan cannot serve everything: the number of
jobs served tells solvers apart before the driving time does.

Plain data only (dicts, minutes from midnight), so any solver can be fed from
it::

    python3 data/dispatch_bench.py --seed 1 --jobs 200 --techs 25 > day.json
"""

import argparse
import json
import random

CENTER = (50.85, 4.35)
# half sides of the area, in degrees: about 55 km x 55 km
HALF_LAT, HALF_LON = 0.25, 0.40
SKILLS = ["hvac", "electrical", "plumbing", "refrigeration", "gas", "boiler"]
DURATIONS = [30, 45, 60, 60, 90, 120]
PRIORITIES = [(0, 0.2), (1, 0.5), (2, 0.2), (3, 0.1)]
SHIFTS = [((480, 1020), 0.75), ((420, 930), 0.15), ((540, 1080), 0.10)]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _point(rng, towns):
    if rng.random() < 0.7:
        lat, lon = rng.choice(towns)
        return (round(rng.gauss(lat, 0.03), 5), round(rng.gauss(lon, 0.045), 5))
    return (
        round(CENTER[0] + rng.uniform(-HALF_LAT, HALF_LAT), 5),
        round(CENTER[1] + rng.uniform(-HALF_LON, HALF_LON), 5),
    )


def _window(rng):
    draw = rng.random()
    if draw < 0.4:
        return None
    if draw < 0.65:
        return (480, 720)  # morning
    if draw < 0.9:
        return (780, 1020)  # afternoon
    start = rng.randrange(480, 900, 30)  # a two-hour slot
    return (start, start + 120)


def generate(seed=1, n_jobs=200, n_techs=25, lunch=False):
    """The benchmark day for ``seed``: ``{"technicians": [...], "jobs": [...]}``.

    Times are minutes from midnight. With ``lunch``, shifts have a 30-minute
    break at 12:00 (two work intervals).
    """
    rng = random.Random(seed)
    towns = [
        (
            CENTER[0] + rng.uniform(-HALF_LAT, HALF_LAT) * 0.8,
            CENTER[1] + rng.uniform(-HALF_LON, HALF_LON) * 0.8,
        )
        for _i in range(5)
    ]
    technicians = []
    for t in range(n_techs):
        start, end = _weighted(rng, SHIFTS)
        shifts = [(start, end)]
        if lunch:
            shifts = [(start, 720), (750, end)]
        technicians.append(
            {
                "id": f"T{t:02d}",
                "home": _point(rng, towns),
                "skills": sorted(rng.sample(SKILLS, rng.randint(2, 4))),
                "shifts": shifts,
            }
        )
    jobs = []
    for j in range(n_jobs):
        draw = rng.random()
        count = 0 if draw < 0.25 else (1 if draw < 0.85 else 2)
        jobs.append(
            {
                "id": f"J{j:03d}",
                "site": _point(rng, towns),
                "duration": rng.choice(DURATIONS),
                "skills": sorted(rng.sample(SKILLS, count)),
                "priority": _weighted(rng, PRIORITIES),
                "window": _window(rng),
            }
        )
    return {"seed": seed, "technicians": technicians, "jobs": jobs}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--techs", type=int, default=25)
    parser.add_argument("--lunch", action="store_true")
    args = parser.parse_args()
    day = generate(args.seed, args.jobs, args.techs, args.lunch)
    print(json.dumps(day, indent=1))


if __name__ == "__main__":
    main()

"""Data generator of the PM benchmark (tests/perf/test_pm_bench.py).

``count`` preventive maintenance plans, one per customer unit, reproducible
from a seed: 5 units per customer spread over 2 sites, a time interval drawn
from a fixed mix (weekly, every 2 weeks, monthly, quarterly), a first due date
within the next 4 weeks, an order type, a duration, a required skill and, for
two plans in three, a checklist. All plans are fixed (calendar) plans with no
lead time, generated over a 30-day horizon: the same occurrences for the
suite's ``service.pm.plan`` and for OCA's ``fsm.recurring``.

First due dates fall on days 1-28 of a month only: past the 28th, a monthly
``rrule`` (OCA) skips the months without that day while the suite falls back to
the month's last day, and the two would no longer generate the same orders.

Plain data only (dicts, ISO dates), so any implementation can be fed from it::

    python3 data/pm_bench.py --seed 7 --plans 5000 --today 2026-03-02 > plans.json
"""

import argparse
import json
import random
from datetime import date, timedelta

SEED = 7
HORIZON_DAYS = 30
UNITS_PER_CUSTOMER = 5
SITES_PER_CUSTOMER = 2
# (unit, interval) and weight: about 1.5 orders per plan over 30 days
INTERVALS = [
    (("week", 1), 0.10),
    (("week", 2), 0.20),
    (("month", 1), 0.50),
    (("month", 3), 0.20),
]
ORDER_TYPES = ["Maintenance", "Inspection"]
SKILLS = ["HVAC", "Refrigeration", "Electrical"]
DURATIONS = [1.0, 1.5, 2.0, 3.0]
CHECKLIST = ["Isolate power", "Replace filters", "Check pressures"]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def make_plans(count=5000, today=None, seed=SEED):
    """The benchmark's data: customers, sites, units and plans."""
    rng = random.Random(seed)
    today = today or date.today()
    start_days = [
        today + timedelta(days=offset)
        for offset in range(28)
        if (today + timedelta(days=offset)).day <= 28
    ]
    n_customers = -(-count // UNITS_PER_CUSTOMER)
    customers = [
        {"key": c, "name": f"PM Bench Customer {c:05d}"} for c in range(n_customers)
    ]
    sites = [
        {
            "key": c * SITES_PER_CUSTOMER + s,
            "customer": c,
            "name": f"PM Bench Customer {c:05d} - Site {s + 1}",
        }
        for c in range(n_customers)
        for s in range(SITES_PER_CUSTOMER)
    ]
    units, plans = [], []
    for index in range(count):
        customer = index // UNITS_PER_CUSTOMER
        site = customer * SITES_PER_CUSTOMER + index % SITES_PER_CUSTOMER
        units.append({"key": index, "site": site, "name": f"PM Bench Unit {index:05d}"})
        unit, interval = _weighted(rng, INTERVALS)
        plans.append(
            {
                "key": index,
                "unit": index,
                "name": f"PM Bench Plan {index:05d}",
                "interval_unit": unit,
                "interval": interval,
                "date_start": rng.choice(start_days).isoformat(),
                "order_type": rng.choice(ORDER_TYPES),
                "duration": rng.choice(DURATIONS),
                "skill": rng.choice(SKILLS),
                "checklist": rng.random() < 2 / 3,
            }
        )
    return {
        "seed": seed,
        "today": today.isoformat(),
        "horizon_days": HORIZON_DAYS,
        "customers": customers,
        "sites": sites,
        "units": units,
        "plans": plans,
        "order_types": ORDER_TYPES,
        "skills": SKILLS,
        "checklist": CHECKLIST,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--plans", type=int, default=5000)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    print(json.dumps(make_plans(args.plans, args.today, args.seed), indent=1))


if __name__ == "__main__":
    main()

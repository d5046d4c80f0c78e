"""Data generator of the service report benchmark (tests/perf/test_report_bench.py).

``count`` completed (85 %) and open service orders over ``days`` days,
reproducible from a seed: 40 technicians, 2 order types, 1,000 sites (fewer
below 1,000 orders: from 1,000 orders on the reports have the same groups, so
between two sizes only the orders grow), a received moment, a response delay
of 1 to 24 hours, a job of 0.5 to 4 hours (logged as work) with up to an hour of travel
before it, an estimate, and one completed order in twelve coming back as the
callback of an earlier one of the same site. Plain data only (dicts, minute
offsets from the start of the period)::

    python3 data/report_bench.py --orders 10000 > orders.json
"""

import argparse
import json
import random

SEED = 12
TECHNICIANS = 40
ORDER_TYPES = ["Repair", "Maintenance"]
SITES = 1000
DONE_SHARE = 0.85
CALLBACK_SHARE = 1 / 12
ESTIMATES = [1.0, 1.5, 2.0, 3.0]


def make_orders(count, days=84, seed=SEED):
    rng = random.Random(f"{seed}-{count}-{days}")
    sites = max(1, min(SITES, count))
    data = {
        "seed": seed,
        "days": days,
        "technicians": [f"RPT Technician {i:02d}" for i in range(TECHNICIANS)],
        "order_types": ORDER_TYPES,
        "sites": [f"RPT Site {i:05d}" for i in range(sites)],
        "orders": [],
    }
    minutes = days * 24 * 60
    for _i in range(count):
        done = rng.random() < DONE_SHARE
        received = rng.randrange(minutes - 2 * 24 * 60)
        response = rng.randint(60, 24 * 60)
        work = rng.choice([30, 60, 90, 120, 180, 240])
        data["orders"].append(
            {
                "technician": rng.randrange(TECHNICIANS),
                "order_type": rng.randrange(len(ORDER_TYPES)),
                "site": rng.randrange(sites),
                "received": received,
                "started": received + response if done else None,
                "done": received + response + work if done else None,
                "travel": rng.choice([0, 15, 30, 45, 60]) if done else 0,
                "estimate": rng.choice(ESTIMATES),
                "callback": done and rng.random() < CALLBACK_SHARE,
            }
        )
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--days", type=int, default=84)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    print(json.dumps(make_orders(args.orders, args.days, args.seed), indent=1))


if __name__ == "__main__":
    main()

"""Data generator of the read-path benchmark (tests/perf/test_read_path_bench.py).

``count`` service orders of one company, reproducible from a seed: a customer
per 20 orders (each with one service site), 25 technicians, a state drawn from
a fixed mix (a third of the orders done or cancelled), a priority, a received
date within the last 4 days (so some SLAs are at risk or breached), and for
planned orders a lead technician, a start and a duration. A technician's
orders never overlap (the suite refuses double bookings): each start is a free
4-hour slot of that technician from 10 days ago on, over 30 days or, when one
technician has more orders than that holds, over as many slots as needed.
With ``activities`` each order carries one open activity, due between 5 days
ago and 10 days ahead.

The same rows feed the suite's ``service.order`` (state) and OCA's
``fsm.order`` (the stage of the same name), so both sides hold equivalent
data. Plain data only (dicts, hour offsets from ``now``)::

    python3 data/read_path_bench.py --orders 2000 > orders.json
"""

import argparse
import json
import random

SEED = 8
ORDERS_PER_CUSTOMER = 20
TECHNICIANS = 25
# state and weight; the OCA side uses a stage of the same label
STATES = [
    ("new", 0.20),
    ("scheduled", 0.20),
    ("dispatched", 0.15),
    ("in_progress", 0.10),
    ("done", 0.30),
    ("cancelled", 0.05),
]
PRIORITIES = [("0", 0.2), ("1", 0.5), ("2", 0.2), ("3", 0.1)]
DURATIONS = [1.0, 1.5, 2.0, 3.0, 4.0]
# a technician's orders start on distinct slots of SLOT_HOURS (>= the longest
# duration) from FIRST_SLOT_HOURS on, so they never overlap
SLOT_HOURS = 4
FIRST_SLOT_HOURS = -240
MIN_SLOTS = 720 // SLOT_HOURS
ORDER_TYPES = ["Repair", "Installation"]


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def make_orders(count, activities=False, seed=SEED):
    rng = random.Random(f"{seed}-{count}-{int(activities)}")
    customers = max(1, count // ORDERS_PER_CUSTOMER)
    data = {
        "seed": seed,
        "customers": [f"RB Customer {i:05d}" for i in range(customers)],
        "technicians": [f"RB Technician {i:02d}" for i in range(TECHNICIANS)],
        "order_types": ORDER_TYPES,
        "orders": [],
    }
    # enough slots for every order of one technician, with room to draw
    slots = max(MIN_SLOTS, 2 * count // TECHNICIANS)
    used = [set() for _t in range(TECHNICIANS)]
    for _i in range(count):
        state = _pick(rng, STATES)
        planned = state != "new"
        technician = rng.randrange(TECHNICIANS) if planned else None
        start = None
        if planned:
            slot = rng.randrange(slots)
            while slot in used[technician]:
                slot = (slot + 1) % slots
            used[technician].add(slot)
            start = FIRST_SLOT_HOURS + SLOT_HOURS * slot
        order = {
            "customer": rng.randrange(customers),
            "order_type": rng.randrange(len(ORDER_TYPES)),
            "state": state,
            "priority": _pick(rng, PRIORITIES),
            # hours before now
            "received_hours_ago": rng.uniform(0, 96),
            "technician": technician,
            # hours from now
            "start_in_hours": start,
            "duration": rng.choice(DURATIONS),
            "activity_due_days": rng.randint(-5, 10) if activities else None,
        }
        data["orders"].append(order)
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--activities", action="store_true")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    print(json.dumps(make_orders(args.orders, args.activities, args.seed), indent=1))


if __name__ == "__main__":
    main()

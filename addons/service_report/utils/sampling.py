"""Deterministic sampling of completed orders for quality checks.

Pure Python (no Odoo import): unit-tested without the database.

An order is drawn when a hash of its id and the company's seed falls in the
first ``share`` percent of the hash space. The same id and seed always give the
same answer (re-running the completion, a second worker, a test), a new seed
draws another sample, and over many ids the drawn fraction tends to ``share``.
"""

import hashlib

_SPACE = 2**64


def sample_point(record_id, seed):
    """A number in [0, 1) fixed by ``record_id`` and ``seed``."""
    digest = hashlib.sha256(f"{seed}:{record_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _SPACE


def is_sampled(record_id, seed, share):
    """True when the record falls in the ``share`` percent (0-100) sample."""
    if share <= 0:
        return False
    if share >= 100:
        return True
    return sample_point(record_id, seed) < share / 100.0

"""Demo data of the evaluation app: each part seeds its own (`demo_<part>.seed`), in this order. Idempotent."""

from . import demo_cycle, demo_standard

ORDER = 70


def seed(out):
    for part in (demo_standard, demo_cycle):
        part.seed(out)

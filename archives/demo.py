"""Demo data of the archives app: each part seeds its own (`demo_<part>.seed`), in this order. Idempotent."""

from . import demo_bundle, demo_catalogue, demo_disclosure, demo_management, demo_search

ORDER = 60


def seed(out):
    for part in (demo_management, demo_catalogue, demo_search, demo_bundle, demo_disclosure):
        part.seed(out)

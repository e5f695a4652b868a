"""Demo data of the archives' search part (part of `seed_demo`): the search index of the demo stations, built
from what the other parts and apps seeded before it. Idempotent: a rebuild gives the same rows."""

from stations.demo import DEMO_TOWNSHIPS, demo_station

from .search import reindex


def seed(out):
    """Build the search index of the demo stations."""
    counts = [reindex(demo_station(key)) for key in DEMO_TOWNSHIPS]
    out.write(f"Archive search: {sum(counts)} records indexed at {len(counts)} demo stations.\n")

"""Demo data of the archives' search part (part of `seed_demo`). Idempotent: looked up before made."""


def seed(out):
    """Seed this part's demo data."""

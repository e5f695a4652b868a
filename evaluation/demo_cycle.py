"""Demo data of the evaluation's cycle part (part of `seed_demo`). Idempotent: looked up before made."""


def seed(out):
    """Seed this part's demo data."""

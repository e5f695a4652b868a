"""evaluation: the cycle part (see docs/architecture.md)."""


def register():
    """Register this part's seams (called from EvaluationConfig.ready)."""

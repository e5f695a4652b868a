"""evaluation: the standard part (see docs/architecture.md)."""


def register():
    """Register this part's seams (called from EvaluationConfig.ready)."""

"""evaluation: the models of the cycle part (see docs/architecture.md)."""

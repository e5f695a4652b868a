"""evaluation: the models of the standard part (see docs/architecture.md)."""

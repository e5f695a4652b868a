"""archives: the models of the management part (see docs/architecture.md)."""

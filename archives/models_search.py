"""archives: the models of the search part (see docs/architecture.md)."""

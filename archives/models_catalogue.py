"""archives: the models of the catalogue part (see docs/architecture.md)."""

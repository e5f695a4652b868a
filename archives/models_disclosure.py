"""archives: the models of the disclosure part (see docs/architecture.md)."""

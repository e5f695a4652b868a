"""services app: models come with its issue (see docs/architecture.md)."""

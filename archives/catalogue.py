"""archives: the catalogue part (see docs/architecture.md)."""


def register():
    """Register this part's seams (called from ArchivesConfig.ready)."""

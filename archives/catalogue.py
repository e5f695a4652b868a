"""archives: the catalogue part (R22): a station-year's records by category, through the records seam.

`sources_for` is the one entry point of the catalogue, the search index and the yearly bundle: every registered
record source (the other apps' and archives' own uploaded documents) with its records of the station and year
that the principal may see, disposed records left out.
"""

from ningbo_sws.lib.records import records


def sources_for(principal, station, year: int):
    """[(source, queryset)] in the seam's order: each source's records of the station-year for the principal."""
    return [(source, source.records(principal, station, year)) for source in records]


def register():
    """Register this part's seams (called from ArchivesConfig.ready)."""

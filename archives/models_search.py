"""archives: the models of the search part (issue 11 item 6): the search index of each station's archive.

One row per record of the archive, written from `archives.catalogue.sources_for` and each source's `describe`:
derived data (never edited by people, so no history), rebuilt at any time by `manage.py reindex_archive`. The
words are looked for in `body` (title, village and text, NFKC, lower case): on PostgreSQL through a pg_trgm GIN
index, on SQLite through an FTS5 trigram table kept by triggers (both made in `0002_search_sql.py`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.records import Category
from stations.models import Station


class IndexEntry(models.Model):
    """A record of a station's archive as the search finds it. `year` is a year whose records listed it when it
    was indexed: the search asks the record's source again for that year to check who may see it."""

    station = models.ForeignKey(Station, models.CASCADE, related_name="+", verbose_name=_("station"))
    source = models.CharField(_("record source"), max_length=64)  # a RecordSource.code: "services.cases"
    object_id = models.PositiveBigIntegerField(_("record number"))
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    village = models.CharField(_("village or community"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    body = models.TextField(_("words searched"), blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("archive index entry")
        verbose_name_plural = _("archive index entries")
        constraints = [
            models.UniqueConstraint(fields=["source", "object_id"], name="archive_index_one_row_per_record"),
        ]
        indexes = [
            models.Index(fields=["station", "date"], name="archive_index_station_date"),
            models.Index(fields=["station", "category"], name="archive_index_station_cat"),
        ]

    def __str__(self):
        return self.title

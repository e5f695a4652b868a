"""Records: what each app keeps under the R22 archive categories (issue 10, "Seams").

Archives lists a station's records of a year by category without importing the apps that hold them. Each app
registers its sources in `AppConfig.ready()`:

    records.register(RecordSource("services.cases", Category.CASEWORK, _("Cases"), cases))

where `cases(principal, station, year)` returns a queryset of the records the principal may see (built on the
app's `queries.visible_<kind>s(principal)`), evaluated by the caller in one query.
"""

from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .registry import CodeBook


class Category(models.TextChoices):
    """The archive categories of R22."""

    CASEWORK = "casework", _("casework")
    GROUP_WORK = "group_work", _("group work")
    COMMUNITY = "community", _("community services")
    VISITS = "visits", _("home and phone visits")
    RECIPIENT_FILES = "recipients", _("recipient files")
    VOLUNTEER_FILES = "volunteers", _("volunteer files")
    NEEDS_SURVEYS = "surveys", _("needs surveys")
    EVALUATION_REPORTS = "evaluations", _("evaluation reports")
    COMMUNITY_MAP = "map", _("community map")
    RESOURCE_LIST = "resources", _("community resource list")
    AWARDS = "awards", _("project awards and penalties")
    PUBLICITY = "publicity", _("publicity")
    MAJOR_EVENTS = "events", _("major events")
    MEETINGS = "meetings", _("meeting materials")
    SUMMARIES = "summaries", _("work summaries")
    OTHER = "other", _("other records")


class Records(Protocol):
    def __call__(self, principal, station, year: int) -> QuerySet: ...


@dataclass(frozen=True)
class RecordSource:
    code: str  # "services.cases"
    category: str  # a Category
    label: object  # lazy translated
    records: Records
    order: int = 100


class RecordShelf(CodeBook[RecordSource]):
    """The registered record sources by code, in order."""

    def check(self, source: RecordSource) -> None:
        if source.category not in Category.values:
            raise ValueError(f"record source {source.code}: unknown R22 category {source.category!r}")

    def in_category(self, category: str) -> list[RecordSource]:
        return [s for s in self if s.category == category]


records = RecordShelf()

"""The figures stations knows about a station (issue 10 "Seams", `ningbo_sws.lib.figures`): room areas (R9).

Rooms carry no dates: the areas are those recorded now, whatever the year. One query per figure."""

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.figures import Figure, Unit

from .facilities import Room, RoomType

CENT = Decimal("0.01")


def _area(q: Q):
    def compute(station_ids, *, year):
        rows = Room.objects.filter(q, station_id__in=station_ids).values("station_id").annotate(total=Sum("area"))
        return {r["station_id"]: (r["total"] or Decimal(0)).quantize(CENT) for r in rows}  # SQLite sums in float

    return compute


def _serving(room_type) -> Q:
    return Q(room_type=room_type) | Q(also_serves=room_type)


FIGURES = [
    Figure("stations.area.total", _("Area of all rooms"), Unit.SQUARE_METRES, _area(Q()), order=90),
    Figure("stations.area.office", _("Area of the social-worker office (R9.1)"), Unit.SQUARE_METRES,
           _area(_serving(RoomType.OFFICE)), order=91),
    Figure("stations.area.case", _("Area of the case rooms (R9.2)"), Unit.SQUARE_METRES,
           _area(_serving(RoomType.CASE)), order=92),
    Figure("stations.area.group", _("Area of the group activity rooms (R9.3)"), Unit.SQUARE_METRES,
           _area(_serving(RoomType.GROUP)), order=93),
    Figure("stations.area.multi", _("Area of the multi-function rooms (R9.4)"), Unit.SQUARE_METRES,
           _area(_serving(RoomType.MULTI)), order=94),
    Figure("stations.area.archive", _("Area of the archive rooms (R9.5)"), Unit.SQUARE_METRES,
           _area(_serving(RoomType.ARCHIVE)), order=95),
]

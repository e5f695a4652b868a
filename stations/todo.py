"""What waits for whom in stations (issue 10 "Seams", `ningbo_sws.lib.todo`), and the shell's part of the to-do
list: the start-page panel and the count in the navigation (they ask the registry, never the apps).

Cost (issue 13 item 2): an entry runs only for the roles it declares, in one query; the shell computes the list
once per request. Everyone's unread notices are one entry (`stations.notices`), so the navigation's notice count
costs no query of its own."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from ningbo_sws.lib.todo import Item, Todo, todo

from .models import Role, Station, StationStatus
from .models_notices import Notice
from .models_status import StatusChange


def submitted_for_approval(p) -> list[Item]:
    """District: stations of the district submitted for approval (the district approves or returns them)."""
    count = Station.objects.filter(district_id__in=p.districts(), status=StationStatus.SUBMITTED).count()
    return [Item(_("Stations submitted for approval"), count,
                 f"{reverse('station_list')}?status={StationStatus.SUBMITTED}")]


def returned_for_rework(p) -> list[Item]:
    """Township: their station in planning again because the district returned it, and the district's reason
    (the latest move of the station was the return). One query."""
    last = StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Station),
                                       object_id=OuterRef("pk")).order_by("-at", "-id")
    rows = (p.stations([Role.TOWNSHIP]).filter(status=StationStatus.PLANNING)
            .annotate(last_move=Subquery(last.values("move")[:1]), last_reason=Subquery(last.values("reason")[:1]))
            .filter(last_move="return").values("pk", "name", "last_reason").order_by("name"))
    return [Item(_("%(station)s was returned for rework: %(reason)s") % {"station": r["name"],
                                                                           "reason": r["last_reason"]},
                 1, reverse("station_detail", args=[r["pk"]])) for r in rows]


def contracts_to_renew(p) -> list[Item]:
    """Township: operator contracts of their station ending within 60 days (R15), to renew or re-tender."""
    from .queries import contracts_ending

    count = contracts_ending(p).filter(station__in=p.stations([Role.TOWNSHIP])).count()
    return [Item(_("Contracts ending within 60 days"), count, reverse("contracts_ending"))]


def unread_notices(p) -> list[Item]:
    """Everyone: notices left for them by others' moves, not yet read."""
    return [Item(_("Unread notices"), Notice.objects.unread().filter(recipient=p.user).count(),
                 reverse("notice_list"))]


NOTICES = "stations.notices"
TODOS = [
    Todo("stations.submitted", frozenset({Role.DISTRICT}), submitted_for_approval, order=10),
    Todo("stations.returned", frozenset({Role.TOWNSHIP}), returned_for_rework, order=5),
    Todo("stations.contracts_ending", frozenset({Role.TOWNSHIP}), contracts_to_renew, order=40),
    Todo(NOTICES, frozenset(Role.values), unread_notices, order=1),
]


def items_for(request, principal) -> list[Item]:
    """Computed once per request, whether the navigation count or the start page asks first."""
    cached = getattr(request, "_todo_items", None)
    if cached is None:
        cached = request._todo_items = todo.items(principal)
    return cached


def unread_count(request, principal) -> int:
    """The navigation's notice count: read off the to-do list (no query of its own)."""
    url = reverse("notice_list")
    return sum(item.count for item in items_for(request, principal) if item.url == url)


def panel(request, principal) -> str:
    """The start page's to-do list (empty: nothing shown)."""
    items = items_for(request, principal)
    return render_to_string("stations/_todo_panel.html", {"items": items}, request=request) if items else ""

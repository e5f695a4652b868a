"""What waits for whom in stations (issue 10 "Seams", `ningbo_sws.lib.todo`), and the shell's part of the to-do
list: the start-page panel and the count in the navigation (they ask the registry, never the apps)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from ningbo_sws.lib.todo import Item, Todo, todo

from .models import Role, Station, StationStatus


def submitted_for_approval(p) -> list[Item]:
    """District: stations of the district submitted for approval (the district approves or returns them)."""
    count = Station.objects.filter(district_id__in=p.districts(), status=StationStatus.SUBMITTED).count()
    return [Item(_("Stations submitted for approval"), count,
                 f"{reverse('station_list')}?status={StationStatus.SUBMITTED}")]


TODOS = [
    Todo("stations.submitted", frozenset({Role.DISTRICT}), submitted_for_approval, order=10),
]


def items_for(request, principal) -> list[Item]:
    """Computed once per request, whether the navigation count or the start page asks first."""
    cached = getattr(request, "_todo_items", None)
    if cached is None:
        cached = request._todo_items = todo.items(principal)
    return cached


def panel(request, principal) -> str:
    """The start page's to-do list (empty: nothing shown)."""
    items = items_for(request, principal)
    return render_to_string("stations/_todo_panel.html", {"items": items}, request=request) if items else ""

"""evaluation: the standard part — the city's grading standard (R27): versions draft → published → retired,
an indicator tree with scoring kinds, grade bands, raters, bindings to figures and report-card rules, the scoring
engine (`scoring.py`), .xlsx import and export (`sheets_standard.py`), the default standard built from the
regulation (`default_standard.py`). See docs/arch-standard.md."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.registry import NavItem, shell
from ningbo_sws.lib.todo import Item, Todo, todo
from stations.models import Role


def city_items(p) -> list[Item]:
    """City officer: drafts that wait to be published, and whether any standard is published at all (1 query)."""
    from .models_standard import Standard

    counts = Standard.objects.aggregate(drafts=Count("id", filter=Q(status=Standard.Status.DRAFT)),
                                        published=Count("id", filter=Q(status=Standard.Status.PUBLISHED)))
    items = []
    url = reverse("evaluation:standard_list")
    if counts["drafts"]:
        items.append(Item(_("Draft grading standards to publish"), counts["drafts"], url))
    elif not counts["published"]:
        items.append(Item(_("No grading standard is published (R27)"), 1, url))
    return items


def register():
    """Register this part's seams (called from EvaluationConfig.ready)."""
    shell.add_nav(NavItem(gettext_lazy("Grading standards"), "evaluation:standard_list",
                          frozenset({Role.CITY, Role.DISTRICT, Role.AUDITOR, Role.ASSESSOR}), order=70))
    todo.register(Todo("evaluation.standards", frozenset({Role.CITY}), city_items, order=700))

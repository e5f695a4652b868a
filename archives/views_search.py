"""archives: the views of the search part (issue 11 item 6)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render

from ningbo_sws.lib.caching import no_store
from ningbo_sws.lib.records import Category
from stations.access import STATION_POLICY, principal, rule, station_for
from stations.models import Division

from . import search as engine
from .forms_search import ArchiveSearchForm

# Whoever sees a station may search its archive; what they find is what each record source lets them see (a
# district officer finds vouchers and surveys, not recipients; a liaison the visits of their village).
SEARCH_POLICY = {"view": STATION_POLICY["view"], "search": STATION_POLICY["view"]}


@rule("archive_index", "search")
@no_store
def search(request, station_id):
    """Search a station's archive by words, category, date range and village; newest first, paginated, the
    words highlighted. With no input it lists the whole archive. A fixed number of queries per page."""
    station = station_for(request, station_id, "search", policy=SEARCH_POLICY)
    villages = list(Division.objects.filter(parent=station.township).order_by("code").values_list("name", flat=True))
    form = ArchiveSearchForm(request.GET or None, villages=villages)
    page, words = None, []
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        words = filters.get("q", [])
        found = engine.search(principal(request), station, words=words, category=filters.get("category", ""),
                              date_from=filters.get("date_from"), date_to=filters.get("date_to"),
                              village=filters.get("village", ""))
        page = Paginator(found, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        page.rows = [{"entry": e, "title": engine.highlight(e.title, words),
                      "snippet": engine.snippet(e.text, words) if e.text else "",
                      "category": Category(e.category).label} for e in page]
    return render(request, "archives/search/search.html", {
        "station": station, "form": form, "page": page, "words": words})

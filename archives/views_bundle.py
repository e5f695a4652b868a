"""archives: the views of the bundle part — the page of a station-year's archive bundle (issue 11 item 8)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib.caching import no_store
from ningbo_sws.lib.records import Category
from stations.access import gate, principal, rule
from stations.actions_jobs import start_job
from stations.models import Station

from .bundle import BUNDLE_POLICY, KIND, build_yearly_bundle, bundle_years, last_bundles, plan


def bundle_for(request, station_id, year: int) -> Station:
    """The bundle gate: the station's township officer (404 for anyone else, and for a year without archive)."""
    if year not in bundle_years():
        raise Http404
    return gate(request, Station.objects.select_related("township", "district").filter(pk=station_id),
                action="bundle", view_action="bundle", policy=BUNDLE_POLICY)


@rule("bundle")
@no_store
@require_http_methods(["GET", "POST"])
def bundle(request, station_id, year):
    """GET: what the bundle of the year will hold and the last bundles made; POST: start one (a background job,
    followed on its page)."""
    station = bundle_for(request, station_id, year)
    if request.method == "POST":
        job = start_job(actor=request.user, kind=KIND, task=build_yearly_bundle, scope=station, year=year,
                        ip_address=request.META.get("REMOTE_ADDR") or None)
        messages.success(request, _("The archive bundle is queued; this page shows how far it has got."))
        return redirect(job)
    counted = plan(principal(request), station, year)
    years = bundle_years()
    return render(request, "archives/bundle/bundle.html", {
        "station": station, "year": year,
        "counted": [(Category(source.category).label, source.label, n) for source, n in counted],
        "total": sum(n for _, n in counted),
        "bundles": last_bundles(station, year),
        "previous_year": year - 1 if year - 1 in years else None,
        "next_year": year + 1 if year + 1 in years else None,
    })

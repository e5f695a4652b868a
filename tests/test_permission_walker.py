"""R6: permissions follow city → district → township → station → village. Deny by default, 404 outside scope."""

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from ningbo_sws import urls as project_urls
from stations.access import rule
from tests import walker


@pytest.fixture
def anonymous():
    return Client()


def test_every_url_for_every_role_and_scope_holds(world, client_for, anonymous):
    """R6: walk every URL pattern as every persona, at own / sibling / other-district objects, GET and POST."""
    report = walker.walk(world, client_for, anonymous)
    assert report.failures == [], "\n".join(report.failures)
    # The walk is not empty: it covered every application pattern for 10 personas (and anonymous).
    assert report.patterns >= 14
    assert report.requests > 800
    print(f"walker: {report.patterns} URL patterns, {report.requests} requests")


def _undeclared_view(request):
    return HttpResponse("hello")


@rule("station")
def _leaky_station_view(request, station_id):
    """Declares the station rule but never asks the gate: shows any station to anyone."""
    from stations.models import Station

    return HttpResponse(Station.objects.get(pk=station_id).name)


def test_walker_fails_on_a_url_without_a_declared_rule(world, client_for, anonymous):
    undeclared = walker.Entry("undeclared", set(), _undeclared_view, "")
    report = walker.walk(world, client_for, anonymous, urlconf_entries=[undeclared])
    assert report.failures == ["undeclared: no declared access rule"]


def test_middleware_refuses_a_view_without_a_declared_rule(world, client_for, settings):
    """Deny by default also at run time: such a view answers 403 even to the city officer."""
    import sys
    import types

    module = types.ModuleType("tests._undeclared_urls")
    module.urlpatterns = [path("undeclared/", _undeclared_view, name="undeclared"), *project_urls.urlpatterns]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    assert client_for(world.users["city"]).get("/undeclared/").status_code == 403


def test_walker_catches_a_view_that_skips_its_gate(world, client_for, anonymous, settings):
    import sys
    import types

    module = types.ModuleType("tests._leaky_urls")
    module.urlpatterns = [path("leak/<int:station_id>/", _leaky_station_view, name="leak"), *project_urls.urlpatterns]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    leak_only = [e for e in walker.url_entries() if e.name == "leak"]
    report = walker.walk(world, client_for, anonymous, urlconf_entries=leak_only)
    # The worker of station A reads B and C; the district officer reads C in another district.
    assert any("leak" in f and "as worker (other)" in f for f in report.failures)
    assert any("as district (other)" in f for f in report.failures)

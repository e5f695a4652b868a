"""R3 (one station per township) and R10 (the standard name), through the stations' actions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stations import actions
from stations.models import Division, Station, standard_station_name
from tests.world import bootstrap_city, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return bootstrap_city()


def township(code="330203001000"):
    return Division.objects.get(code=code)


def test_r10_standard_name_is_built_from_the_real_names(city):
    station = actions.create_station(actor=city, township=township(), reason="建站")
    assert station.name == "海曙区南门街道社会工作站"
    assert station.district.name == "海曙区"
    assert standard_station_name(township("330281001000")).endswith("街道社会工作站")


def test_r10_a_station_with_another_name_is_refused(city):
    station = actions.create_station(actor=city, township=township(), reason="建站")
    station.name = "南门社工站"
    with pytest.raises(ValidationError) as exc:
        station.full_clean()
    assert "海曙区南门街道社会工作站" in str(exc.value)
    assert "第十条" in str(exc.value)  # R10, as the regulation names it


def test_r3_a_township_has_one_station_only(city):
    actions.create_station(actor=city, township=township(), reason="建站")
    with pytest.raises(ValidationError) as exc:
        actions.create_station(actor=city, township=township(), reason="再建")
    assert "第三条" in str(exc.value)  # R3
    assert Station.objects.count() == 1


def test_r3_a_station_belongs_to_a_township_not_a_village_or_district(city):
    for code in ("330203001001", "330203000000"):
        with pytest.raises(ValidationError):
            actions.create_station(actor=city, township=township(code), reason="建站")
    assert not Station.objects.exists()


def test_a_reason_is_required_and_nothing_is_saved_without_it(city):
    with pytest.raises(ValidationError):
        actions.create_station(actor=city, township=township(), reason="  ")
    assert not Station.objects.exists()


def test_a_district_officer_sets_up_stations_of_their_district_only(city):
    officer = make_user("d1")
    actions.grant_role(actor=city, user=officer, role="district", division=township().parent, reason="任命")
    actions.create_station(actor=officer, township=township(), reason="建站")
    with pytest.raises(PermissionDenied):
        actions.create_station(actor=officer, township=township("330205001000"), reason="建站")
    assert Station.objects.count() == 1


def test_demo_stations_cover_all_162_townships_with_standard_names():
    from django.core.management import call_command

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Station.objects.count() == 162
    assert all(s.name == s.standard_name for s in Station.objects.select_related("township__parent"))

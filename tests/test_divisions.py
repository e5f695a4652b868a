"""The real divisions of Ningbo ship with the project and load by migration (foundation, R3)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stations.divisions import read_rows
from stations.models import Division

pytestmark = pytest.mark.django_db


def test_the_migration_loads_all_3215_real_divisions():
    assert Division.objects.count() == 3215
    counts = {level: Division.objects.filter(level=level).count() for level in Division.Level.values}
    assert counts == {"city": 1, "district": 10, "township": 162, "village": 3042}
    assert Division.objects.get(code="330203001000").name == "南门街道"


def test_the_shipped_file_has_unique_codes_and_known_parents():
    rows = read_rows()
    codes = {row["code"] for row in rows}
    assert len(codes) == len(rows) == 3215
    assert all(row["parent_code"] in codes for row in rows if row["parent_code"])


def test_every_division_knows_its_district_and_township():
    village = Division.objects.select_related("district", "township").get(code="330203001001")
    assert (village.district.name, village.township.name) == ("海曙区", "南门街道")
    district = Division.objects.get(code="330203000000")
    assert district.district_id == district.pk and district.township_id is None
    assert not Division.objects.filter(level="village", township__isnull=True).exists()


def test_a_subtree_is_one_query():
    district = Division.objects.get(code="330203000000")
    with CaptureQueriesContext(connection) as queries:
        members = list(district.subtree())
    assert len(queries) == 1
    assert len(members) == 1 + 17 + 280  # 海曙区, its townships and villages
    assert {d.district_id for d in members} == {district.pk}


def test_loading_again_changes_nothing():
    from stations.divisions import load_divisions

    assert load_divisions(Division) == (0, 0)
    assert Division.objects.count() == 3215


def test_loading_updates_a_renamed_division(tmp_path):
    from stations.divisions import DATA_FILE, load_divisions

    text = DATA_FILE.read_text(encoding="utf-8").replace("330203001000,南门街道", "330203001000,新南门街道")
    changed = tmp_path / "divisions.csv"
    changed.write_text(text, encoding="utf-8")
    assert load_divisions(Division, changed) == (0, 1)
    assert Division.objects.get(code="330203001000").name == "新南门街道"

"""Archive search (issue 11 item 6, R22): Chinese substring search on PostgreSQL (pg_trgm) and SQLite (FTS5
trigram, LIKE below three characters), filters, who sees what, a fixed number of queries, a fresh index.

The record sources' `describe` belongs to the apps (the catalogue lane writes them); these tests put in their own
describes for the sources they use, so that the words each record is found by are written out here.
"""

import dataclasses
import datetime
import io

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archives import search as engine
from archives.models_search import IndexEntry
from ningbo_sws.lib.records import Entry, records
from services import actions as services_actions
from services.models import CommunityActivity, NeedsSurvey
from stations.access import Principal
from stations.models import Division

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


# --- describes written out for the tests ----------------------------------------------------------------------
def _activity(a):
    return Entry(title=a.title, date=a.held_on, village=a.village.name if a.village_id else "",
                 text=f"{a.place} {a.plan}", url=a.get_absolute_url())


def _survey(s):
    return Entry(title=s.title, date=s.conducted_on, text=s.findings, url=s.get_absolute_url())


def _visit(v):
    return Entry(title=f"走访 {v.recipient.name}", date=v.visited_on, village=v.village.name, text=v.findings)


DESCRIBES = {"services.activities": _activity, "services.surveys": _survey, "services.visits": _visit}


@pytest.fixture(autouse=True)
def described():
    saved = {code: records.get(code) for code in DESCRIBES}
    for code, describe in DESCRIBES.items():
        records.register(dataclasses.replace(saved[code], describe=describe))
    yield
    for source in saved.values():
        records.register(source)


# --- the station's records ------------------------------------------------------------------------------------
def villages(station):
    return list(Division.objects.filter(parent=station.township).order_by("code")[:2])


def project_of(world, rel="own"):
    from services.models import Project

    station = world.station(rel)
    return Project.objects.filter(station=station).first() or services_actions.create_project(
        actor=world.assignments[rel].user, station=station, year=2026, kind="base", reason="测试",
        title="关爱老人项目", needs_analysis="需求", goals="目标", target_groups=["gugua"])


def activity(world, title, held_on=datetime.date(2026, 3, 1), *, rel="own", village=None, plan="慰问", place="活动室"):
    station = world.station(rel)
    return services_actions.create_activity(
        actor=world.assignments[rel].user, station=station, project=project_of(world, rel), title=title, plan=plan,
        held_on=held_on, place=place, participants=12, village=village)


def survey(world, title, conducted_on=datetime.date(2026, 2, 1), *, rel="own", findings="助餐需求高"):
    return services_actions.create_survey(actor=world.assignments[rel].user, station=world.station(rel),
                                          title=title, method="questionnaire", sample=50, conducted_on=conducted_on,
                                          findings=findings)


@pytest.fixture
def archive(world):
    """南门街道 (own): activities and surveys with words of every length, indexed; one activity at 江厦 (sibling)."""
    first, second = villages(world.station("own"))
    made = {
        "elders": activity(world, "重阳节敬老活动", datetime.date(2025, 10, 11), village=first,
                           plan="为独居老人包饺子"),
        "neighbours": activity(world, "社区邻里节", datetime.date(2026, 5, 20), village=second, place="广场"),
        "clinic": activity(world, "义诊进社区", datetime.date(2026, 9, 9), village=first, plan="测血压 测血糖"),
        "survey": survey(world, "2026年老年人需求调研", findings="问卷120份，助餐需求最高"),
        "kids": survey(world, "青少年暑期托管需求", datetime.date(2024, 6, 30), findings="双职工家庭需要暑托班"),
        "sibling": activity(world, "敬老院慰问", datetime.date(2026, 4, 1), rel="sibling"),
    }
    for rel in ("own", "sibling"):
        engine.reindex(world.station(rel))
    return made


def found(client, station, **params):
    response = client.get(reverse("archives:search", args=[station.pk]), params)
    assert response.status_code == 200
    return response


def titles(response):
    return [row["entry"].title for row in response.context["page"].rows]


# --- Chinese substrings on both databases ---------------------------------------------------------------------
@pytest.mark.parametrize(("query", "expected"), [
    ("敬", ["重阳节敬老活动"]),  # one character
    ("敬老", ["重阳节敬老活动"]),  # two characters
    ("敬老活动", ["重阳节敬老活动"]),  # four: the trigram index
    ("需求", ["2026年老年人需求调研", "青少年暑期托管需求"]),  # newest first
    ("澄浪", ["义诊进社区", "重阳节敬老活动"]),  # the village's name (澄浪社区) is searched too
    ("进社区", ["义诊进社区"]),
    ("2026年", ["2026年老年人需求调研"]),  # digits and Chinese mixed
    ("2026", ["2026年老年人需求调研"]),
    ("120份", ["2026年老年人需求调研"]),  # found in the text, not the title
    ("饺子", ["重阳节敬老活动"]),
    ("需求 暑", ["青少年暑期托管需求"]),  # several words: all of them
    ("２０２６年", ["2026年老年人需求调研"]),  # full-width digits are the same digits
    ("敬老院", []),  # 江厦's record: another station's archive
    ("不存在的词", []),  # not found
    ("敬 不存在", []),
])
def test_r22_chinese_substring_search(world, client_for, archive, query, expected):
    response = found(client_for(world.users["worker"]), world.station("own"), q=query)
    assert titles(response) == expected


def test_r22_wildcards_are_plain_characters(world, client_for, archive):
    client = client_for(world.users["worker"])
    assert titles(found(client, world.station("own"), q="%")) == []
    assert titles(found(client, world.station("own"), q="_")) == []
    assert titles(found(client, world.station("own"), q='"敬老"')) == []  # a quote is a character too


def test_r22_short_words_use_like_and_long_words_the_trigram_index(world, client_for, archive):
    """SQLite: three characters or more through the FTS5 trigram table, shorter by LIKE on the index table.
    PostgreSQL: LIKE, which the pg_trgm GIN index serves."""
    client = client_for(world.users["worker"])
    for query, trigram in (("敬老", False), ("敬老活", True)):
        with CaptureQueriesContext(connection) as ctx:
            assert titles(found(client, world.station("own"), q=query)) == ["重阳节敬老活动"]
        sql = " ".join(q["sql"] for q in ctx.captured_queries)
        if POSTGRES:
            assert "LIKE" in sql and "archives_indexentry_fts" not in sql
        else:
            assert ("archives_indexentry_fts" in sql and "MATCH" in sql) is trigram
            assert ("LIKE" in sql) is not trigram


@pytest.mark.skipif(not POSTGRES, reason="pg_trgm exists only on PostgreSQL; CI runs this in its PostgreSQL stage")
def test_r22_pg_trgm_keeps_cjk_trigrams_and_the_index_serves_like(archive):
    with connection.cursor() as cursor:
        cursor.execute("SHOW lc_ctype")
        assert "UTF-8" in cursor.fetchone()[0].upper().replace("UTF8", "UTF-8")
        cursor.execute("SELECT show_trgm('社工站'), similarity('南门街道社工站', '社工站')")
        trigrams, similarity = cursor.fetchone()
        assert len(trigrams) == 4  # "  社", " 社工", "社工站", "工站 ": CJK kept, not dropped as non-word
        assert similarity > 0
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM archives_indexentry WHERE body LIKE '%敬老活动%'")
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "archive_index_body_trgm" in plan


@pytest.mark.skipif(POSTGRES, reason="the FTS5 table exists only on SQLite; CI runs this in its SQLite stage")
def test_r22_fts5_trigram_table_follows_the_index_table(world, archive):
    def matches(phrase):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM archives_indexentry_fts WHERE archives_indexentry_fts MATCH %s",
                           [f'"{phrase}"'])
            return cursor.fetchone()[0]

    assert matches("敬老活") == 1 and matches("邻里节") == 1
    IndexEntry.objects.filter(title="社区邻里节").update(title="社区邻里节", body="社区邻居节")  # the update trigger
    assert matches("邻里节") == 0 and matches("邻居节") == 1
    IndexEntry.objects.filter(title="重阳节敬老活动").delete()  # the delete trigger
    assert matches("敬老活") == 0


# --- filters --------------------------------------------------------------------------------------------------
def test_r22_filters_by_category_date_range_and_village(world, client_for, archive):
    client, station = client_for(world.users["worker"]), world.station("own")
    first, second = villages(station)
    assert titles(found(client, station, category="surveys")) == ["2026年老年人需求调研", "青少年暑期托管需求"]
    assert titles(found(client, station, q="需求", category="community")) == []
    assert titles(found(client, station, date_from="2026-01-01", date_to="2026-06-30")) == [
        "社区邻里节", "2026年老年人需求调研"]
    assert titles(found(client, station, date_to="2025-12-31")) == ["重阳节敬老活动", "青少年暑期托管需求"]
    assert titles(found(client, station, village=first.name)) == ["义诊进社区", "重阳节敬老活动"]
    assert titles(found(client, station, village=second.name, q="社区")) == ["社区邻里节"]
    assert titles(found(client, station)) == ["义诊进社区", "社区邻里节", "2026年老年人需求调研", "重阳节敬老活动",
                                              "青少年暑期托管需求"]  # no input: the whole archive, newest first


def test_r22_words_are_highlighted_and_escaped(world, client_for):
    activity(world, "<b>敬老</b>茶话会", plan="为<script>老人</script>读报")
    engine.reindex(world.station("own"))
    response = found(client_for(world.users["worker"]), world.station("own"), q="敬老 老人")
    html = response.content.decode()
    assert "&lt;b&gt;<mark>敬老</mark>&lt;/b&gt;茶话会" in html
    assert "&lt;script&gt;<mark>老人</mark>&lt;/script&gt;" in html
    assert "<script>老人" not in html and "<b>敬老" not in html


# --- who sees what --------------------------------------------------------------------------------------------
def test_r22_each_searcher_finds_only_what_its_sources_let_them_see(world, client_for, archive):
    """Activities name recipients: the casework circle (township, workers, supervisor). Surveys hold findings
    only: everyone who sees the station. The count is of visible records, so nothing leaks through it."""
    station = world.station("own")
    everything = ["义诊进社区", "社区邻里节", "2026年老年人需求调研", "重阳节敬老活动", "青少年暑期托管需求"]
    surveys_only = ["2026年老年人需求调研", "青少年暑期托管需求"]
    for persona, expected in (("township", everything), ("worker", everything), ("supervisor", everything),
                              ("district", surveys_only), ("city", surveys_only), ("auditor", surveys_only),
                              ("assessor", surveys_only), ("liaison", surveys_only)):
        response = found(client_for(world.users[persona]), station, q="")
        assert titles(response) == expected, persona
        assert response.context["page"].paginator.count == len(expected), persona
        response = found(client_for(world.users[persona]), station, q="敬老")
        assert response.context["page"].paginator.count == (1 if len(expected) == 5 else 0), persona


def test_r22_liaison_finds_the_visits_of_their_own_village_only(world, client_for):
    from tests.factories import RecipientFactory

    station = world.station("own")
    first, second = villages(station)
    worker = world.assignments["own"].user
    for village, name in ((first, "欧阳甲一"), (second, "欧阳乙二")):
        person = RecipientFactory(station=station, village=village, name=name, actor=worker)
        services_actions.record_visit(actor=worker, recipient=person, visited_on=datetime.date(2026, 3, 3),
                                      kind="home", findings="身体尚可")
    engine.reindex(station)
    # the visit and the recipient's file
    assert sorted(titles(found(client_for(world.users["liaison"]), station, q="欧阳"))) == ["欧阳甲一", "走访 欧阳甲一"]
    assert sorted(titles(found(client_for(world.users["worker"]), station, q="欧阳"))) == [
        "欧阳乙二", "欧阳甲一", "走访 欧阳乙二", "走访 欧阳甲一"]
    assert titles(found(client_for(world.users["district"]), station, q="欧阳")) == []


def test_r22_a_station_outside_scope_is_not_found(world, client_for, archive):
    assert client_for(world.users["worker"]).get(
        reverse("archives:search", args=[world.station("sibling").pk]), {"q": "敬老"}).status_code == 404
    assert client_for(world.users["district"]).get(
        reverse("archives:search", args=[world.station("other").pk])).status_code == 404
    assert client_for(world.users["nobody"]).get(
        reverse("archives:search", args=[world.station("own").pk])).status_code == 404


def test_r22_search_page_is_not_cached(world, client_for, archive):
    response = found(client_for(world.users["worker"]), world.station("own"))
    assert "no-store" in response["Cache-Control"]


# --- a fixed number of queries --------------------------------------------------------------------------------
def test_r22_queries_per_page_do_not_grow_with_rows(world, client_for, archive, settings):
    settings.PAGE_SIZE = 20
    client, station = client_for(world.users["worker"]), world.station("own")

    def count(**params):
        with CaptureQueriesContext(connection) as ctx:
            found(client, station, **params)
        return len(ctx)

    few = (count(), count(q="社区"), count(q="敬老活动", village=villages(station)[0].name))
    project, worker, village = project_of(world), world.assignments["own"].user, villages(station)[0]
    CommunityActivity.objects.bulk_create([CommunityActivity(
        station=station, project=project, title=f"社区读书会第{n}期", plan="共读",
        held_on=datetime.date(2023 + n % 4, 3, 1), place="图书室", participants=9, worker=worker, village=village)
        for n in range(80)])
    NeedsSurvey.objects.bulk_create([NeedsSurvey(station=station, title=f"社区需求摸底{n}", method="visits", sample=5,
                                                 conducted_on=datetime.date(2022, 1, 1 + n % 28), findings="摸底")
                                     for n in range(40)])
    engine.reindex(station)
    assert found(client, station, q="社区").context["page"].paginator.count == 123  # 社区 in a title or village
    many = (count(), count(q="社区"), count(q="敬老活动", village=villages(station)[0].name))
    assert many == few, f"{few} queries with 5 records, {many} with 125"
    # sign-in, principal, the base page's navigation and to-do, station, villages, years, count, page
    assert max(many) <= 20  # (+ one to-do count per registered entry of the persona's roles)


# --- bad input: refused in words, nothing breaks --------------------------------------------------------------
@pytest.mark.parametrize(("params", "field", "message"), [
    ({"q": "一 二 三 四 五 六 七 八 九"}, "q", "Search for at most 8 words at a time."),
    ({"q": "长" * 31}, "q", "A word may have at most 30 characters."),
    ({"q": "长" * 101}, "q", "Ensure this value has at most 100 characters (it has 101)."),
    ({"q": "敬\x00老"}, "q", "Null characters are not allowed."),
    ({"date_from": "2026-06-01", "date_to": "2026-01-01"}, "date_to", "The end of the date range is before its start."),
    ({"date_from": "2026-13-01"}, "date_from", "Enter a valid date."),
    ({"category": "secret"}, "category", "Select a valid choice. secret is not one of the available choices."),
    ({"village": "不存在村"}, "village", "Select a valid choice. 不存在村 is not one of the available choices."),
])
def test_r22_bad_input_is_refused_in_words(world, client_for, archive, params, field, message):
    client = client_for(world.users["worker"])
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's choice
    response = client.get(reverse("archives:search", args=[world.station("own").pk]), params)
    assert response.status_code == 200
    assert response.context["page"] is None
    assert message in response.context["form"].errors[field]


def test_r22_bad_input_reads_in_chinese(world, client_for, archive):
    response = client_for(world.users["worker"]).get(
        reverse("archives:search", args=[world.station("own").pk]), {"date_from": "2026-13-01"})
    assert response.status_code == 200
    assert "输入一个有效的日期" in response.content.decode()  # Django's own Chinese message: the default language


# --- the index: what it keeps, and kept fresh ------------------------------------------------------------------
def test_r22_index_never_keeps_an_id_number_or_a_phone(world):
    survey(world, "独居老人需求", findings="联系人13812345678，身份证330203194001010012，座机0574-87654321")
    engine.reindex(world.station("own"))
    body = IndexEntry.objects.get(title="独居老人需求").body
    assert "13812345678" not in body and "330203194001010012" not in body and "87654321" not in body
    assert "联系人" in body and "身份证" in body


def test_r22_a_saved_record_is_indexed_when_its_transaction_commits(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = activity(world, "端午包粽子", datetime.date(2026, 6, 19))
    row = IndexEntry.objects.get(source="services.activities", object_id=made.pk)
    assert (row.title, row.year, row.date, row.category) == ("端午包粽子", 2026, datetime.date(2026, 6, 19),
                                                           "community")
    with django_capture_on_commit_callbacks(execute=True):
        made.title, made.held_on = "端午龙舟赛", datetime.date(2024, 6, 10)
        made.save()
    row.refresh_from_db()
    assert (row.title, row.year, row.date) == ("端午龙舟赛", 2024, datetime.date(2024, 6, 10))
    p = Principal(world.users["worker"])
    assert [e.title for e in engine.search(p, world.station("own"), words=["龙舟"])] == ["端午龙舟赛"]
    with django_capture_on_commit_callbacks(execute=True):
        made.delete()
    assert not IndexEntry.objects.filter(source="services.activities", object_id=made.pk).exists()


def test_r22_the_models_behind_the_sources_are_found_from_the_sources():
    from finance.models import Voucher
    from services.models import Case, Recipient, Visit
    from staffing.models import Meeting

    models = engine.indexed_models()
    for model, code in ((Case, "services.cases"), (Recipient, "services.recipients"), (Visit, "services.visits"),
                        (CommunityActivity, "services.activities"), (Meeting, "staffing.meetings"),
                        (Voucher, "finance.vouchers")):
        assert code in models[model]
    from ningbo_sws.lib.records import records

    assert records.get("finance.vouchers").station_field == "ledger__station"
    assert records.get("services.cases").station_field == "station"


def test_reindex_archive_command_rebuilds_and_drops_stale_rows(world, archive):
    station = world.station("own")
    IndexEntry.objects.create(station=station, source="services.activities", object_id=999999, year=2026,
                              category="community", title="已不存在的活动", body="已不存在的活动")
    IndexEntry.objects.filter(title="社区邻里节").update(title="旧标题", body="旧标题")
    out = io.StringIO()
    call_command("reindex_archive", "--station", str(station.pk), stdout=out)
    assert "Done! 5 records indexed at 1 stations." in out.getvalue()
    assert set(IndexEntry.objects.filter(station=station).values_list("title", flat=True)) == {
        "重阳节敬老活动", "社区邻里节", "义诊进社区", "2026年老年人需求调研", "青少年暑期托管需求"}

    IndexEntry.objects.filter(station=station, year=2024).delete()
    call_command("reindex_archive", "--station", str(station.pk), "--year", "2024", stdout=out)
    assert IndexEntry.objects.filter(station=station, title="青少年暑期托管需求", year=2024).exists()
    assert IndexEntry.objects.filter(station=station).count() == 5  # the other years' rows are kept
    with pytest.raises(CommandError, match="No station with id 999999"):
        call_command("reindex_archive", "--station", "999999", stdout=out)
    with pytest.raises(CommandError, match="between 2000 and 2100"):
        call_command("reindex_archive", "--year", "1999", stdout=out)


def test_r22_reindex_gives_the_same_rows_twice(world, archive):
    station = world.station("own")
    before = list(IndexEntry.objects.filter(station=station).order_by("pk").values_list(
        "pk", "source", "object_id", "year", "title", "body"))
    engine.reindex(station)
    after = list(IndexEntry.objects.filter(station=station).order_by("pk").values_list(
        "pk", "source", "object_id", "year", "title", "body"))
    assert before == after


def test_r22_seed_demo_builds_the_index_of_the_demo_stations():
    from django.contrib.auth import get_user_model

    from stations.demo import demo_station

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Archive search:" in out.getvalue()
    nanmen = demo_station("nanmen")
    entry = IndexEntry.objects.filter(station=nanmen).order_by("pk").first()
    assert entry is not None
    worker = get_user_model().objects.get(username="worker-nanmen")
    assert entry in engine.search(Principal(worker), nanmen, words=engine.words_of(entry.title))

"""The permission walker: every URL pattern, every role, objects in its own scope, a sibling township and
another district; GET and POST. Fails on a leak and on any URL pattern without a declared rule.

The expectations below are written independently of the application's policy code: they are what the
regulation and DESIGN.md say each role may see (R6). A later issue that adds an object kind adds a `Kind` here
(how to find an object of that kind at each relation) and its rows in EXPECT.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.world import PEOPLE, RELATIONS, World, services_setup, volunteers_setup

ALL = frozenset(RELATIONS)
DISTRICT_WIDE = frozenset({"own", "sibling"})
OWN = frozenset({"own"})
NONE = frozenset()
PERSONAS = ("city", "auditor", "district", "township", "worker", "liaison", "supervisor", "assessor", "nobody")

# (object kind, action) -> persona -> relations at which the persona may do it.
EXPECT = {
    ("station", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                          "worker": OWN, "liaison": OWN, "supervisor": OWN, "assessor": OWN},
    ("station", "change"): {"district": DISTRICT_WIDE, "township": OWN, "worker": OWN},
    ("station", "assign"): {"city": ALL, "district": DISTRICT_WIDE},
    # Issue 3: set-up lifecycle (the township submits, the district approves) and contracts (R15) are for the
    # township, the responsible entity, and the district that approves and funds; rooms (R9) are recorded by
    # whoever keeps the station's record; photos are seen like the station, contracts not by liaisons.
    ("station", "lifecycle"): {"district": DISTRICT_WIDE, "township": OWN},
    ("station", "contract"): {"district": DISTRICT_WIDE, "township": OWN},
    ("room", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                       "worker": OWN, "liaison": OWN, "supervisor": OWN, "assessor": OWN},
    ("room", "change"): {"district": DISTRICT_WIDE, "township": OWN, "worker": OWN},
    ("attachment", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                             "worker": OWN, "liaison": OWN, "supervisor": OWN, "assessor": OWN},
    ("contract", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                           "worker": OWN, "supervisor": OWN, "assessor": OWN},
    ("contract", "change"): {"district": DISTRICT_WIDE, "township": OWN},
    # Operators are a city-wide registry of organisations ("own"/"sibling": registered in 海曙区, "other": 江北区).
    ("operator", "view"): {"city": ALL, "auditor": ALL, "district": ALL, "township": ALL, "worker": ALL,
                           "supervisor": ALL, "assessor": ALL},
    ("operator", "change"): {"city": ALL, "district": DISTRICT_WIDE, "township": DISTRICT_WIDE},
    ("division", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE},
    ("division", "team"): {"city": ALL, "district": DISTRICT_WIDE},  # R25: the bureau keeps its supervision team
    ("assignment", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE},
    ("assignment", "change"): {"city": ALL, "district": DISTRICT_WIDE},
    # Finance (R6, R21): the station's township officer and workers keep the books, the township officer posts;
    # the district bureau sees its district's books and vouchers and reviews the final accounts; the city sees
    # figures only (no vouchers, no attachments); the auditor reads everything. Nobody else sees money.
    **{(kind, "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN, "worker": OWN}
       for kind in ("station_finance", "ledger", "account")},
    **{(kind, "prepare"): {"township": OWN, "worker": OWN}
       for kind in ("station_finance", "ledger", "account", "voucher")},
    ("ledger", "vouchers"): {"auditor": ALL, "district": DISTRICT_WIDE, "township": OWN, "worker": OWN},
    ("ledger", "review"): {"district": DISTRICT_WIDE},
    ("account", "post"): {"township": OWN},
    ("voucher", "view"): {"auditor": ALL, "district": DISTRICT_WIDE, "township": OWN, "worker": OWN},
    ("voucher", "post"): {"township": OWN},
    # Staffing (issue 4): people's records are for those who work with the station — its township officer and
    # workers, and the supervisors assigned to it (R25). District and city see figures only (DESIGN.md).
    ("staff", "view"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("staff", "change"): {"township": OWN, "worker": OWN},
    ("staff_member", "view"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("staff_member", "change"): {"township": OWN, "worker": OWN},
    ("staff_member", "reveal"): {"township": OWN},  # the responsible entity (R6), logged
    ("meeting", "view"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("supervision", "view"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("supervision", "record"): {"supervisor": OWN},  # R26: the assigned supervisor records sessions
    ("session", "view"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("session", "record"): {"supervisor": OWN},
    ("session", "follow_up"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    # services (issue 5). Personal data: only those who serve the person (DESIGN.md) — the station's workers and
    # township officer, the liaison of the person's village, the assigned supervisor. District and city: figures.
    ("station", "recipients"): {"township": OWN, "worker": OWN, "liaison": OWN, "supervisor": OWN},
    ("station", "add_recipient"): {"township": OWN, "worker": OWN},
    ("station", "export"): {"township": OWN, "worker": OWN},
    ("station", "cases"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("station", "plan"): {"township": OWN, "worker": OWN},
    ("recipient", "view"): {"township": OWN, "worker": OWN, "liaison": OWN, "supervisor": OWN},
    ("recipient", "reveal"): {"township": OWN, "worker": OWN, "liaison": OWN, "supervisor": OWN},
    ("recipient", "change"): {"township": OWN, "worker": OWN},
    ("household", "view"): {"township": OWN, "worker": OWN, "liaison": OWN, "supervisor": OWN},
    ("household", "visit"): {"township": OWN, "worker": OWN, "liaison": OWN},
    ("recipient", "visit"): {"township": OWN, "worker": OWN, "liaison": OWN},
    ("recipient", "open_case"): {"worker": OWN},
    ("case", "view"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("case", "change"): {"worker": OWN},
    ("case", "review"): {"supervisor": OWN},
    ("project", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                          "worker": OWN, "liaison": OWN, "supervisor": OWN, "assessor": OWN},
    ("project", "change"): {"township": OWN, "worker": OWN},
    # Group work and community activities name recipients: the casework circle; surveys hold findings only.
    ("station", "groups"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("group", "view"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("group", "change"): {"township": OWN, "worker": OWN},
    ("activity", "view"): {"township": OWN, "worker": OWN, "supervisor": OWN},
    ("activity", "change"): {"township": OWN, "worker": OWN},
    ("survey", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                         "worker": OWN, "liaison": OWN, "supervisor": OWN, "assessor": OWN},
    # Volunteers (issue 11 item 2) are people too: seen like recipients, by those who serve the station's people
    # (the liaison: the volunteers of their village); their file and hours are kept by the township and workers.
    # District and city see the figures only.
    ("station", "volunteers"): {"township": OWN, "worker": OWN, "liaison": OWN, "supervisor": OWN},
    ("station", "add_volunteer"): {"township": OWN, "worker": OWN},
    ("volunteer", "view"): {"township": OWN, "worker": OWN, "liaison": OWN, "supervisor": OWN},
    ("volunteer", "reveal"): {"township": OWN, "worker": OWN, "liaison": OWN, "supervisor": OWN},
    ("volunteer", "change"): {"township": OWN, "worker": OWN},
    # Background jobs (issue 11 item 7), walked with a finished register export per station: its starter (the
    # worker persona at its own station, another worker elsewhere) and the station's township officer see it
    # and its file; the district does not (the file holds people's data: figures only for the bureaus). Who
    # may start an export may retry it.
    ("job", "view"): {"township": OWN, "worker": OWN},
    ("job", "retry"): {"township": OWN, "worker": OWN},
    # The archive (R22, issue 11 items 3-5): a station's catalogue (categories and counts; each source still shows
    # only what the persona may read) and its uploaded documents for everyone who sees the station except the
    # village liaison; uploads by the township officer and workers; disposal lists drafted by them, read by the
    # district and the auditor; only a township officer approves and carries one out (checked in the action).
    ("archive", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                          "worker": OWN, "supervisor": OWN, "assessor": OWN},
    ("archive", "upload"): {"township": OWN, "worker": OWN},
    ("archive", "disposal"): {"auditor": ALL, "district": DISTRICT_WIDE, "township": OWN, "worker": OWN},
    ("archive", "dispose"): {"township": OWN, "worker": OWN},
    ("document", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                           "worker": OWN, "supervisor": OWN, "assessor": OWN},
    ("disposal", "view"): {"auditor": ALL, "district": DISTRICT_WIDE, "township": OWN, "worker": OWN},
    ("disposal", "move"): {"township": OWN, "worker": OWN},
    # Disclosure reports (R23, issue 11 item 9): the station prepares them (its workers and the township officer,
    # who approves and publishes); the bureaus read them at every stage, as they hold figures only. Liaisons,
    # supervisors and assessors read the published ones on the public pages, like everyone.
    **{(kind, "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN, "worker": OWN}
       for kind in ("station_disclosure", "disclosure")},
    **{(kind, "change"): {"township": OWN, "worker": OWN} for kind in ("station_disclosure", "disclosure")},
    # The yearly archive bundle (issue 11 item 8, R22): a zip of the station-year's records with people's files,
    # made by the station's township officer (the responsible entity, R6) and nobody else; the bureaus see
    # figures, not files.
    ("bundle", "view"): {"township": OWN},
    # Archive search (issue 11 item 6): whoever sees the station searches its archive; what they find is only
    # what each record's own source lets them see (the person scan below checks the results page).
    **{("archive_index", action): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN,
                                   "worker": OWN, "liaison": OWN, "supervisor": OWN, "assessor": OWN}
       for action in ("view", "search")},
    # Grading standards (R27): the city bureau sets them. The walk's object is a draft standard, which only the
    # city and the auditor see (a published one every role reads: tests/test_evaluation_standard.py).
    ("standard", "view"): {"city": ALL, "auditor": ALL},
    ("standard", "change"): {"city": ALL},
}
# Pages with no object: URL name -> personas who may open them (everyone else: 403).
ROLE_PAGES = {
    "assignment_list": {"city", "district", "auditor"},
    "grant": {"city", "district"},
    "access_log": {"auditor"},
    "change_log": {"auditor"},
    "finance:overview": {"city", "district", "auditor", "township", "worker"},
    "staffing:my_staff": {"township", "worker"},
    "staffing:my_supervision": {"supervisor"},
    "staffing:figures_home": {"city", "district", "auditor"},
    "contracts_ending": {"city", "district", "township"},
    "operator_list": {"city", "auditor", "district", "township", "worker", "supervisor", "assessor"},
    "operator_new": {"city", "district", "township"},
    "services:my_day": {"worker"},
    "services:figures_overview": {"city", "district", "auditor"},
    "archives:archive_home": {"township", "worker", "supervisor", "assessor"},
    "archives:completeness": {"city", "district", "auditor"},
    "evaluation:standard_list": {"city", "auditor", "district", "township", "worker", "liaison", "supervisor",
                                 "assessor"},
    "evaluation:standard_new": {"city"},
    "evaluation:standard_default": {"city"},
    "evaluation:standard_import": {"city"},
}


@dataclass(frozen=True)
class Kind:
    """How to fill a URL's arguments with an object of this kind at each relation.

    `setup(world)`, when given, runs once before the walk to make the objects (one per relation, kept in
    `world.extra`) that `kwargs` then hands out.
    """

    kwargs: Callable[[World, str, set[str]], dict]
    setup: Callable[[World], None] | None = None


def _finance_books(world: World) -> None:
    """Per relation: a station's books with an account, an approved budget and a posted voucher with a scan."""
    from tests.finance_books import finance_books_for_walker

    finance_books_for_walker(world)


def _finance(rel_key):
    return lambda w, rel, params: {
        key: value for key, value in w.extra["finance"][rel].items() if key in params or key == rel_key}

def _setup_facilities(world: World) -> None:
    """Issue 3: a room, a contract with an operator, and a photo at each station (made once per walk)."""
    import datetime

    from django.core.files.base import ContentFile

    from stations.models import Attachment, Contract, Operator, Room

    if "rooms" in world.extra:
        return
    world.extra.update(rooms={}, contracts={}, attachments={}, operators={})
    codes = {"own": "91330203MA2AAAAAA", "sibling": "91330203MA2AAAAAB", "other": "91330205MA2AAAAAC"}
    from ningbo_sws.lib.creditcode import check_character

    for rel in RELATIONS:
        station = world.station(rel)
        district = station.district
        world.extra["operators"][rel] = Operator.objects.create(
            name=f"走查社工服务中心{rel}", credit_code=codes[rel] + check_character(codes[rel]), district=district)
        world.extra["rooms"][rel] = Room.objects.create(station=station, room_type="case", area=12)
        world.extra["contracts"][rel] = Contract.objects.create(
            station=station, operator=world.extra["operators"][rel], starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31), amount=100000)
        photo = Attachment(station=station, purpose="room_photo", room=world.extra["rooms"][rel],
                           original_name="photo.png", content_type="image/png", size=8, uploaded_by=world.root)
        photo.file.save("photo.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
        world.extra["attachments"][rel] = photo


KINDS = {
    "station": Kind(lambda w, rel, params: {
        "station_id": w.station(rel).pk,
        **({"grant_id": w.grants[rel].pk} if "grant_id" in params else {}),
    }),
    "division": Kind(lambda w, rel, params: {"code": w.station(rel).township.code}),
    "assignment": Kind(lambda w, rel, params: {"assignment_id": w.assignments[rel].pk}),
    "station_finance": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk}),
    "ledger": Kind(_finance("ledger_id"), setup=_finance_books),
    "account": Kind(_finance("account_id"), setup=_finance_books),
    "voucher": Kind(_finance("voucher_id"), setup=_finance_books),
    "room": Kind(lambda w, rel, params: {"room_id": w.extra["rooms"][rel].pk}, _setup_facilities),
    "contract": Kind(lambda w, rel, params: {"contract_id": w.extra["contracts"][rel].pk}, _setup_facilities),
    "attachment": Kind(lambda w, rel, params: {"attachment_id": w.extra["attachments"][rel].pk},
                       _setup_facilities),
    "operator": Kind(lambda w, rel, params: {"operator_id": w.extra["operators"][rel].pk}, _setup_facilities),
    "recipient": Kind(lambda w, rel, params: {"recipient_id": w.extra["services"][rel]["recipient"].pk},
                      setup=lambda w: services_setup(w)),
    "case": Kind(lambda w, rel, params: {"case_id": w.extra["services"][rel]["case"].pk},
                 setup=lambda w: services_setup(w)),
    "project": Kind(lambda w, rel, params: {"project_id": w.extra["services"][rel]["project"].pk},
                    setup=lambda w: services_setup(w)),
    "household": Kind(lambda w, rel, params: {"household_id": w.extra["services"][rel]["household"].pk},
                      setup=lambda w: services_setup(w)),
    "group": Kind(lambda w, rel, params: {"group_id": w.extra["services"][rel]["group"].pk},
                  setup=lambda w: services_setup(w)),
    "activity": Kind(lambda w, rel, params: {"activity_id": w.extra["services"][rel]["activity"].pk},
                     setup=lambda w: services_setup(w)),
    "survey": Kind(lambda w, rel, params: {"survey_id": w.extra["services"][rel]["survey"].pk},
                   setup=lambda w: services_setup(w)),
}


def _setup_jobs(world: World) -> None:
    """Issue 11 item 7: one finished register export with its CSV per station, started by a worker there (the
    worker persona at its own station)."""
    if "jobs" in world.extra:
        return
    from django.core.files.base import ContentFile

    from services.jobs import export_register
    from stations.models import Job

    world.extra["jobs"] = {}
    for rel in RELATIONS:
        starter = world.users["worker"] if rel == "own" else world.assignments[rel].user
        job = Job(kind="services.register_export", task_path=export_register.module_path, started_by=starter,
                  station=world.station(rel), status=Job.Status.DONE, done=1, total=1, result_type="text/csv",
                  result_name="recipients.csv", result_size=8)
        job.result.save("result.csv", ContentFile(b"name\r\n"), save=False)
        job.save()
        world.extra["jobs"][rel] = job


def _setup_staffing(world: World) -> None:
    """One person with a post, a meeting with an attachment, a supervision session with an action, per station."""
    if "staffing" in world.extra:
        return
    from tests.staffing_world import make_staffing_records

    world.extra["staffing"] = {rel: make_staffing_records(world, rel) for rel in RELATIONS}


def _staffing(w: World, rel: str, name: str):
    return w.extra["staffing"][rel][name]


KINDS.update({
    "staff": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk}),
    "supervision": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk}),
    "staff_member": Kind(lambda w, rel, params: {
        "member_id": _staffing(w, rel, "member").pk,
        **({"post_id": _staffing(w, rel, "post").pk} if "post_id" in params else {}),
    }, setup=_setup_staffing),
    "meeting": Kind(lambda w, rel, params: {
        "meeting_id": _staffing(w, rel, "meeting").pk,
        **({"attachment_id": _staffing(w, rel, "attachment").pk} if "attachment_id" in params else {}),
    }, setup=_setup_staffing),
    "session": Kind(lambda w, rel, params: {
        "session_id": _staffing(w, rel, "session").pk,
        **({"item_id": _staffing(w, rel, "item").pk} if "item_id" in params else {}),
    }, setup=_setup_staffing),
    "job": Kind(lambda w, rel, params: {"job_id": w.extra["jobs"][rel].pk}, setup=_setup_jobs),
    # a station-year's archive bundle page (the year the walk's records are made in)
    "bundle": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk, "year": 2026}),
    "volunteer": Kind(lambda w, rel, params: {"volunteer_id": volunteers_setup(w)[rel]["volunteer"].pk},
                      setup=lambda w: volunteers_setup(w)),
})


def _setup_archive(world: World) -> None:
    """Issue 11 items 3-5: an uploaded document and a drafted disposal list per station (made once per walk)."""
    if "archive" in world.extra:
        return
    import datetime

    from django.core.files.base import ContentFile

    from archives.models_catalogue import DisposalList, Document
    from tests.stations_setup import PDF_BYTES

    world.extra["archive"] = {}
    for rel in RELATIONS:
        station, worker = world.station(rel), world.assignments[rel].user
        document = Document(station=station, category="publicity", title=f"走查宣传册{rel}",
                            date=datetime.date(2026, 3, 1), uploaded_by=worker, original_name="宣传册.pdf",
                            content_type="application/pdf", size=len(PDF_BYTES))
        document.file.save("upload.pdf", ContentFile(PDF_BYTES), save=True)
        disposal_list = DisposalList.objects.create(station=station, year=2010, basis="保管期满", drafted_by=worker)
        world.extra["archive"][rel] = {"document": document, "disposal_list": disposal_list}


def _archive(name: str, key: str):
    return lambda w, rel, params: {"station_id": w.station(rel).pk, key: w.extra["archive"][rel][name].pk}


KINDS.update({
    "archive": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk,
                                            **({"category": "publicity"} if "category" in params else {})}),
    "document": Kind(_archive("document", "document_id"), setup=_setup_archive),
    "disposal": Kind(_archive("disposal_list", "list_id"), setup=_setup_archive),
})
def _setup_disclosures(world: World) -> None:
    """R23: one published disclosure report per station (made directly: the walk needs its pages, not its
    workflow, which tests/test_archives_disclosure.py proves)."""
    if "disclosures" in world.extra:
        return
    from django.utils import timezone

    from archives.models_disclosure import Disclosure

    world.extra["disclosures"] = {
        rel: Disclosure.objects.create(station=world.station(rel), year=2026, quarter=1, status="published",
                                       results="服务成效良好", prepared_by=world.root, published_at=timezone.now(),
                                       frozen_at=timezone.now())
        for rel in RELATIONS}


KINDS.update({
    "station_disclosure": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk}),
    "disclosure": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk,
                                               "disclosure_id": w.extra["disclosures"][rel].pk},
                       setup=_setup_disclosures),
})
# Public pages with arguments (R23's disclosure pages): filled with the "own" station's published report. Every
# persona and anonymous visitors may open them; they are scanned for people (none may appear), not for station
# names (a published report is for everyone).
PUBLIC_PAGES = {
    "archives:public_district": Kind(lambda w, rel, params: {"code": w.station("own").district.code},
                                     setup=_setup_disclosures),
    "archives:public_station": Kind(lambda w, rel, params: {"station_id": w.station("own").pk},
                                    setup=_setup_disclosures),
    "archives:public_report": Kind(lambda w, rel, params: {"disclosure_id": w.extra["disclosures"]["own"].pk},
                                   setup=_setup_disclosures),
    "archives:public_pdf": Kind(lambda w, rel, params: {"disclosure_id": w.extra["disclosures"]["own"].pk},
                                setup=_setup_disclosures),
}
def _setup_archive_index(world: World) -> None:
    """Issue 11 item 6: the search index of every station, built after the walk's people and records exist, so
    that the search page (which lists the whole archive when asked nothing) is scanned with names in it."""
    if "archive_index" in world.extra:
        return
    from archives.search import reindex

    services_setup(world)
    _setup_people(world)
    world.extra["archive_index"] = {rel: reindex(world.station(rel)) for rel in RELATIONS}


KINDS["archive_index"] = Kind(lambda w, rel, params: {"station_id": w.station(rel).pk}, setup=_setup_archive_index)

# Evaluation year (issue 12, R27/R28): an assessment is seen by the city and the auditor, its district, its station's
# township officer and workers, and the assessor the district assigned to it for the year (the walk assigns the
# assessor persona to "own"); supervisors and liaisons have no part in it. The station self-assesses, the district
# and the assigned assessor score, the district finalises, the city publishes. A year's pages are open to every
# role with a part in the evaluation (each sees its own stations in it); a district's meeting and assignments to
# the bureaus.
YEAR_ALL = dict.fromkeys(("city", "auditor", "district", "township", "worker", "assessor"), ALL)
EXPECT.update({
    ("evaluation_year", "view"): YEAR_ALL,
    ("evaluation_year", "publish"): {"city": ALL},
    ("evaluation_year", "dashboard"): {"city": ALL, "auditor": ALL, "district": ALL},  # aggregates only
    ("evaluation_district", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE},
    ("evaluation_district", "change"): {"district": DISTRICT_WIDE},
    ("assessment", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN, "worker": OWN,
                             "assessor": OWN},
    ("assessment", "self"): {"township": OWN, "worker": OWN},
    ("assessment", "score"): {"district": DISTRICT_WIDE, "assessor": OWN},
    ("assessment", "district"): {"district": DISTRICT_WIDE},
    ("assessment", "publish"): {"city": ALL},
})
ROLE_PAGES.update({
    "evaluation:year_list": {"city", "auditor", "district", "township", "worker", "assessor"},
    "evaluation:year_open": {"city"},
})


def _setup_evaluation(world: World) -> None:
    """An open evaluation year with the cycle's test standard; the assessor persona assigned to "own"; per
    station a rectification item and an evidence file."""
    if "evaluation" in world.extra:
        return
    from tests.evaluation_cycle_world import evaluation_for_walker

    world.extra["evaluation"] = evaluation_for_walker(world)
    # lane eval: an assignment per relation in that relation's year (to end it), of root, not the assessor persona
    from evaluation.models_cycle import AssessorAssignment

    made = world.extra["evaluation"]
    for rel in RELATIONS:
        made[rel]["assignment"] = AssessorAssignment.objects.create(
            evaluation_year=made["years"][rel], station=world.station(rel), assessor=world.root,
            assigned_by=world.root)


def _evaluation(w: World, rel: str, params: set[str]) -> dict:
    made = w.extra["evaluation"]
    # a station-year is the open year's; a year's and a district's pages, a year per relation (distinct objects)
    kwargs = {"year": (made["year"] if "station_id" in params else made["years"][rel]).year}
    if "station_id" in params:
        kwargs["station_id"] = w.station(rel).pk
    if "code" in params:
        kwargs["code"] = w.station(rel).district.code
    if "item_id" in params:
        kwargs["item_id"] = made[rel]["item"].pk
    if "evidence_id" in params:
        kwargs["evidence_id"] = made[rel]["evidence"].pk
    if "assignment_id" in params:  # lane eval
        kwargs["assignment_id"] = made[rel]["assignment"].pk
    return kwargs


KINDS.update({
    "evaluation_year": Kind(_evaluation, setup=_setup_evaluation),
    "evaluation_district": Kind(_evaluation, setup=_setup_evaluation),
    "assessment": Kind(_evaluation, setup=_setup_evaluation),
})


def _setup_standard(world: World) -> None:
    """R27: a draft grading standard with an indicator per relation (a standard is the city's, not a station's:
    the relations only give the walk distinct objects)."""
    if "standard" in world.extra:
        return
    from evaluation import actions_standard

    city = world.users["city"]
    world.extra["standard"] = {}
    for rel in RELATIONS:
        standard = actions_standard.create_standard(actor=city, reason="走查", name=f"走查标准{rel}",
                                                    issuer="宁波市民政局")
        indicator = actions_standard.save_indicator(actor=city, standard=standard, reason="走查", code="1",
                                                    title="走查指标", points=100)
        world.extra["standard"][rel] = {"standard_id": standard.pk, "indicator_id": indicator.pk}


KINDS["standard"] = Kind(lambda w, rel, params: {k: v for k, v in w.extra["standard"][rel].items() if k in params},
                         setup=_setup_standard)


# Issue 9 item 3: who serves a person (DESIGN.md) — the station's workers and township officer, the liaison of
# the person's village, the assigned supervisor. Written out here, not read from the policy code. Every persona of
# the walk holds its role at the "own" station; the people of the sibling and other stations are served by none.
RESIDENT_CIRCLE = frozenset({"township", "worker", "liaison", "supervisor"})
NEIGHBOUR_CIRCLE = frozenset({"township", "worker", "supervisor"})  # a resident of another village
STAFF_CIRCLE = frozenset({"township", "worker", "supervisor"})  # the station's people, as EXPECT["staff"]


@dataclass(frozen=True)
class Person:
    """A distinctive string of one person record (a name, a phone, an ID number masked or not) and the personas
    who may read it."""

    text: str
    what: str
    circle: frozenset


def _setup_people(world: World) -> list[Person]:
    """Seed every walk with people carrying rare names, phones and ID numbers: a recipient with a household, a
    resident of another village, a staff member and a village liaison per station (made once per walk)."""
    if "people" in world.extra:
        return world.extra["people"]
    import datetime

    from services import actions as services_actions
    from staffing import actions as staffing_actions
    from staffing.models import EmployerKind, Gender, PostKind, StaffKind
    from stations.models import Division
    from tests.staffing_world import id_number

    services = services_setup(world)
    _setup_staffing(world)
    people = []
    for rel in RELATIONS:
        station, named = world.station(rel), PEOPLE[rel]
        worker = world.assignments[rel].user
        own = rel == "own"
        villages = list(Division.objects.filter(parent=station.township).order_by("code")[:2])
        recipient = services[rel]["recipient"]
        member = world.extra["staffing"][rel]["member"]
        liaison = staffing_actions.add_staff_member(
            actor=worker, station=station, reason="测试", name=named["liaison"], gender=Gender.FEMALE,
            phone=named["liaison_phone"], id_number=id_number(REGION_OF[rel], LIAISON_BIRTH[rel], 61),
            kind=StaffKind.OTHER, employer_kind=EmployerKind.TOWNSHIP)
        staffing_actions.add_post(actor=worker, station=station, holder=liaison, kind=PostKind.LIAISON,
                                  village=villages[0], duties="联系村民", starts_on=datetime.date(2024, 1, 1),
                                  reason="测试")
        residents = RESIDENT_CIRCLE if own else frozenset()
        staff = STAFF_CIRCLE if own else frozenset()
        people += [
            Person(named["recipient"], f"recipient of {rel}", residents),
            Person(named["recipient_phone"], f"recipient's phone of {rel}", residents),
            Person(recipient.id_masked, f"recipient's masked ID of {rel}", residents),
            Person(services[rel]["id_number"], f"recipient's ID number of {rel}", residents),
            Person(named["household"], f"household of {rel}", residents),
            Person(named["staff"], f"staff member of {rel}", staff),
            Person(named["staff_phone"], f"staff member's phone of {rel}", staff),
            Person(member.id_masked, f"staff member's masked ID of {rel}", staff),
            Person(named["liaison"], f"village liaison of {rel}", staff),
            Person(named["liaison_phone"], f"village liaison's phone of {rel}", staff),
        ]
        volunteer = volunteers_setup(world)[rel]
        people += [
            Person(named["volunteer"], f"volunteer of {rel}", residents),
            Person(named["volunteer_phone"], f"volunteer's phone of {rel}", residents),
            Person(volunteer["volunteer"].id_masked, f"volunteer's masked ID of {rel}", residents),
            Person(volunteer["id_number"], f"volunteer's ID number of {rel}", residents),
        ]
        if own:
            neighbour = services_actions.create_recipient(
                actor=worker, station=station, name=named["neighbour"], village=villages[1], reason="测试",
                phone=named["neighbour_phone"], groups=["gugua"])
            people += [Person(neighbour.name, "resident of another village of own", NEIGHBOUR_CIRCLE),
                       Person(named["neighbour_phone"], "phone of a resident of another village", NEIGHBOUR_CIRCLE)]
    # A masked ID number (first four, last four) may coincide for two people: look only for unambiguous strings.
    circles: dict[str, set] = {}
    for person in people:
        circles.setdefault(person.text, set()).add(person.circle)
    people = [p for p in people if len(circles[p.text]) == 1]
    world.extra["people"] = people
    return people


REGION_OF = {"own": "330203", "sibling": "330203", "other": "330205"}
LIAISON_BIRTH = {"own": "19800808", "sibling": "19810909", "other": "19821010"}


@dataclass
class Entry:
    name: str  # namespaced URL name
    params: set[str]
    callback: Callable
    namespace: str


def url_entries(resolver=None, namespace="") -> list[Entry]:
    resolver = resolver or get_resolver()
    entries = []
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            ns = ":".join(filter(None, [namespace, item.namespace])) if item.namespace else namespace
            entries.extend(url_entries(item, ns))
        elif isinstance(item, URLPattern):
            name = f"{namespace}:{item.name}" if namespace and item.name else (item.name or "")
            entries.append(Entry(name, set(item.pattern.converters), item.callback, namespace))
    return entries


def _allowed(kind, action, persona, relation) -> bool:
    return relation in EXPECT.get((kind, action), {}).get(persona, NONE)


def expected_status(rule, persona, relation, name) -> set[int]:
    if persona == "anonymous":
        return {200, 302, 405} if rule.kind == "public" else {302}
    if rule.kind == "public":
        return {200, 302, 405}
    if rule.kind == "signed_in":
        return {200}
    if rule.kind == "roles":
        return {200} if persona in ROLE_PAGES[name] else {403}
    if not _allowed(rule.kind, "view", persona, relation):
        return {404}
    if rule.action != "view" and not _allowed(rule.kind, rule.action, persona, relation):
        return {403}
    return {200}


@dataclass
class Report:
    failures: list[str]
    requests: int
    patterns: int
    people: int = 0  # distinct personal strings looked for (names, phones, ID numbers)
    pages_scanned: int = 0  # pages (200, HTML, signed in) scanned for them


def set_up_kinds(world: World, entries) -> None:
    """Make the objects of every object kind that the given URL patterns use (once per walk)."""
    used = {getattr(e.callback, "access_rule", None) and e.callback.access_rule.kind for e in entries}
    for name, kind in KINDS.items():
        if kind.setup is not None and name in used:
            kind.setup(world)
    for entry in entries:
        kind = PUBLIC_PAGES.get(entry.name)
        if kind is not None and kind.setup is not None:
            kind.setup(world)


def walk(world: World, client_for, anonymous_client, *, urlconf_entries=None) -> Report:
    entries = urlconf_entries if urlconf_entries is not None else url_entries()
    failures, requests, scanned = [], 0, 0
    set_up_kinds(world, entries)
    people = _setup_people(world)
    clients = {p: client_for(world.users[p]) for p in PERSONAS}
    clients["anonymous"] = anonymous_client
    station_names = {rel: world.station(rel).name for rel in RELATIONS}
    for entry in entries:
        if entry.namespace == "admin":
            failures += _walk_admin(entry, clients)
            requests += len(clients)
            continue
        rule = getattr(entry.callback, "access_rule", None)
        if not entry.name:
            failures.append(f"URL pattern without a name: {entry.callback}")
            continue
        if rule is None:
            failures.append(f"{entry.name}: no declared access rule")
            continue
        if rule.kind == "roles" and entry.name not in ROLE_PAGES:
            failures.append(f"{entry.name}: role page without an expectation in the walker")
            continue
        if rule.kind not in {"public", "signed_in", "roles"} and rule.kind not in KINDS:
            failures.append(f"{entry.name}: object kind {rule.kind!r} unknown to the walker")
            continue
        relations = RELATIONS if rule.kind in KINDS else ("-",)
        for relation in relations:
            filler = KINDS.get(rule.kind) or (PUBLIC_PAGES.get(entry.name) if rule.kind == "public" else None)
            kwargs = filler.kwargs(world, relation, entry.params) if filler is not None else {}
            if set(kwargs) != entry.params:
                failures.append(f"{entry.name}: the walker cannot fill {entry.params - set(kwargs)}")
                continue
            url = reverse(entry.name, kwargs=kwargs)
            for persona, client in clients.items():
                expected = expected_status(rule, persona, relation, entry.name)
                for method in ("get", "post"):
                    if entry.name == "logout" and method == "post" and persona != "anonymous":
                        continue  # it would sign the persona out for the rest of the walk
                    response = getattr(client, method)(url)
                    requests += 1
                    status = response.status_code
                    ok = status in expected or (method == "post" and 200 in expected and status in {302, 405})
                    if not ok:
                        failures.append(f"{method.upper()} {url} as {persona} ({relation}): {status}, "
                                        f"expected {sorted(expected)}")
                    if status == 200:
                        if rule.kind != "public":
                            failures += _leaks(response, persona, station_names, url, method)
                        found, was_scanned = _person_leaks(response, persona, people, url, method,
                                                           public=rule.kind == "public")
                        failures += found
                        scanned += was_scanned
    return Report(failures, requests, len(entries), people=len(people), pages_scanned=scanned)


def _leaks(response, persona, station_names, url, method) -> list[str]:
    """A page may name only the stations that the persona may see."""
    if persona == "anonymous" or not response.get("Content-Type", "").startswith("text/html"):
        return []
    content = response.content.decode()
    return [
        f"{method.upper()} {url} as {persona}: shows {name}, which it may not see"
        for rel, name in station_names.items()
        if name in content and not _allowed("station", "view", persona, rel)
    ]


def _person_leaks(response, persona, people, url, method, *, public=False) -> tuple[list[str], int]:
    """Issue 9 item 3: a page may show a person's name, phone or ID number only to the circle serving them. A
    public page (R23) is scanned for anonymous visitors too, who are in nobody's circle."""
    if (persona == "anonymous" and not public) or not response.get("Content-Type", "").startswith("text/html"):
        return [], 0
    content = response.content.decode()
    return [
        f"{method.upper()} {url} as {persona}: shows {person.text} ({person.what}), whom it does not serve"
        for person in people
        if persona not in person.circle and person.text in content
    ], 1


def _walk_admin(entry, clients) -> list[str]:
    """The Django admin admits active staff only: every persona here is sent to the admin's sign-in page."""
    failures = []
    if not entry.name or entry.name in {"admin:login", "admin:logout"}:
        # The admin's own redirects and its sign-in/sign-out pages: the namespace rule (staff only) covers them.
        return []
    kwargs = dict.fromkeys(entry.params, "1")
    try:
        url = reverse(entry.name, kwargs=kwargs)
    except Exception:
        return []
    for persona, client in clients.items():
        response = client.get(url)
        if response.status_code not in (302, 404) or (
            response.status_code == 302 and "/admin/login/" not in response["Location"]
        ):
            failures.append(f"GET {url} as {persona}: {response.status_code} (the admin must stay closed)")
    return failures


# --- archives: management systems (issue 11 item 1, R19–R24) -------------------------------------------------------
# A station's written systems hold rules, not people's data: every role that sees the station reads them (the
# bureaus evaluate internal management, R27; supervisors guide rules, R26; liaisons work by them). The station's
# workers and township officer draft and submit; its township officer approves or sends back (R6).
_RULES_READERS = {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE, "township": OWN, "worker": OWN,
                  "liaison": OWN, "supervisor": OWN, "assessor": OWN}
for _kind in ("rules", "rule_system", "rule_version"):
    EXPECT[(_kind, "view")] = _RULES_READERS
    EXPECT[(_kind, "draft")] = {"township": OWN, "worker": OWN}
EXPECT[("rule_version", "approve")] = {"township": OWN}
ROLE_PAGES["archives:rules_home"] = {"city", "district", "auditor", "township", "worker"}


def _setup_rules(world: World) -> None:
    """Per station: a duties system whose first version (text and a PDF) is submitted by a worker there."""
    if "rules" in world.extra:
        return
    from django.core.files.uploadedfile import SimpleUploadedFile

    from archives import actions_management
    from tests.stations_setup import PDF_BYTES

    world.extra["rules"] = {}
    for rel in RELATIONS:
        worker = world.assignments[rel].user
        version = actions_management.create_system(
            actor=worker, station=world.station(rel), kind="duties", text="一、站长全面负责。", reason="测试",
            file=SimpleUploadedFile("岗位职责制度.pdf", PDF_BYTES))
        actions_management.submit_version(actor=worker, version=version, reason="测试")
        world.extra["rules"][rel] = version


KINDS.update({
    "rules": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk}),
    "rule_system": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk,
                                                "system_id": w.extra["rules"][rel].system_id}, setup=_setup_rules),
    "rule_version": Kind(lambda w, rel, params: {"station_id": w.station(rel).pk,
                                                 "version_id": w.extra["rules"][rel].pk}, setup=_setup_rules),
})

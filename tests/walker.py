"""The permission walker: every URL pattern, every role, objects in its own scope, a sibling township and
another district; GET and POST. Fails on a leak and on any URL pattern without a declared rule.

The expectations below are written independently of the application's policy code: they are what the
regulation and DESIGN.md say each role may see (R6). A later issue that adds an object kind adds a `Kind` here
(how to find an object of that kind at each relation) and its rows in EXPECT.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.world import RELATIONS, World, services_setup

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
    ("division", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE},
    ("assignment", "view"): {"city": ALL, "auditor": ALL, "district": DISTRICT_WIDE},
    ("assignment", "change"): {"city": ALL, "district": DISTRICT_WIDE},
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
}
# Pages with no object: URL name -> personas who may open them (everyone else: 403).
ROLE_PAGES = {
    "assignment_list": {"city", "district", "auditor"},
    "grant": {"city", "district"},
    "access_log": {"auditor"},
    "change_log": {"auditor"},
    "services:my_day": {"worker"},
    "services:figures_overview": {"city", "district", "auditor"},
}


@dataclass(frozen=True)
class Kind:
    """How to fill a URL's arguments with an object of this kind at each relation.

    `setup(world)`, when given, runs once before the walk to make the objects (one per relation, kept in
    `world.extra`) that `kwargs` then hands out.
    """

    kwargs: Callable[[World, str, set[str]], dict]
    setup: Callable[[World], None] | None = None


KINDS = {
    "station": Kind(lambda w, rel, params: {
        "station_id": w.station(rel).pk,
        **({"grant_id": w.grants[rel].pk} if "grant_id" in params else {}),
    }),
    "division": Kind(lambda w, rel, params: {"code": w.station(rel).township.code}),
    "assignment": Kind(lambda w, rel, params: {"assignment_id": w.assignments[rel].pk}),
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


def walk(world: World, client_for, anonymous_client, *, urlconf_entries=None) -> Report:
    entries = urlconf_entries if urlconf_entries is not None else url_entries()
    failures, requests = [], 0
    used = {getattr(e.callback, "access_rule", None) and e.callback.access_rule.kind for e in entries}
    for name, kind in KINDS.items():
        if kind.setup is not None and name in used:
            kind.setup(world)
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
            kwargs = KINDS[rule.kind].kwargs(world, relation, entry.params) if rule.kind in KINDS else {}
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
                        failures += _leaks(response, persona, station_names, url, method)
    return Report(failures, requests, len(entries))


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

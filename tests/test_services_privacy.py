"""Privacy (DESIGN.md, PIPL minimum necessary): district and city see figures only; a worker of another station sees
nothing of this station's recipients. No full ID number appears in any page they can open."""

from django.urls import reverse

from tests import walker
from tests.world import services_setup

OUTSIDERS = ("district", "city", "auditor", "assessor", "worker-of-sibling", "worker-of-other")


def _user(world, persona):
    if persona.startswith("worker-of-"):
        return world.assignments[persona.removeprefix("worker-of-")].user
    return world.users[persona]


def test_outsiders_cannot_open_a_recipient_page(world, client_for):
    made = services_setup(world)
    person = made["own"]["recipient"]
    for persona in OUTSIDERS:
        client = client_for(_user(world, persona))
        for name in ("recipient_detail", "recipient_edit", "recipient_reveal", "recipient_history", "visit_new"):
            url = reverse(f"services:{name}", args=[person.pk])
            assert client.get(url).status_code == 404, (persona, name)
            assert client.post(url).status_code == 404, (persona, name)
        assert client.get(made["own"]["case"].get_absolute_url()).status_code == 404, persona


def test_no_full_id_number_in_any_page_district_city_or_another_station_can_open(world, client_for):
    """Scan every URL pattern (GET, objects at every relation) as each outsider, plus a reveal POST."""
    made = services_setup(world)
    numbers = {rel: made[rel]["id_number"] for rel in made}
    seen_pages = 0
    walker.set_up_kinds(world, walker.url_entries())
    for persona in OUTSIDERS:
        user = _user(world, persona)
        client = client_for(user)
        own_relation = persona.removeprefix("worker-of-") if persona.startswith("worker-of-") else None
        for entry in walker.url_entries():
            rule = getattr(entry.callback, "access_rule", None)
            if entry.namespace == "admin" or rule is None or not entry.name or entry.name == "logout":
                continue
            for relation in walker.RELATIONS if rule.kind in walker.KINDS else ("-",):
                if rule.kind in walker.KINDS:
                    kwargs = walker.KINDS[rule.kind].kwargs(world, relation, entry.params)
                elif entry.name in walker.PUBLIC_PAGES:  # R23's public pages: the "own" station's report
                    kwargs = walker.PUBLIC_PAGES[entry.name].kwargs(world, relation, entry.params)
                else:
                    kwargs = {}
                url = reverse(entry.name, kwargs=kwargs)
                responses = [client.get(url)]
                if entry.name == "services:recipient_reveal":
                    responses.append(client.post(url))
                for response in responses:
                    if response.status_code != 200:
                        continue
                    seen_pages += 1
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    content = body.decode(errors="replace")
                    for rel, number in numbers.items():
                        if rel == own_relation:
                            continue  # a worker's own station's recipient, after a logged reveal, is fine
                        assert number not in content, f"{url} as {persona} shows the ID number of {rel}"
    assert seen_pages > 50  # the scan looked at real pages, not only refusals

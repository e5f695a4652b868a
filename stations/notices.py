"""In-app notices (issue 13 item 2): `notify` is what an action calls when its move concerns someone else;
`stations.actions_notices.mark_read` is the recipient's own action. Higher apps import `notify` from here (a
public name of stations)."""

from collections.abc import Iterable

from django.db import transaction

from .models import Role, RoleAssignment
from .models_notices import NOTICE_TEXT_MAX, Notice


def notify(recipients: Iterable, *, text: str, url: str = "", actor=None) -> None:
    """Leave `text` (a whole translated sentence) with a link to `url` for each recipient (users or user ids),
    once the current transaction commits: a move that is rolled back leaves no notice. The actor is never told
    of their own move; a recipient named twice gets one notice. One query, on commit."""
    actor_id = getattr(actor, "pk", actor)
    ids = list(dict.fromkeys(getattr(r, "pk", r) for r in recipients))
    ids = [i for i in ids if i is not None and i != actor_id]
    if not ids:
        return
    text = str(text)
    if len(text) > NOTICE_TEXT_MAX:
        text = text[:NOTICE_TEXT_MAX - 1] + "…"
    rows = [Notice(recipient_id=i, text=text, url=url, actor_id=actor_id) for i in ids]
    transaction.on_commit(lambda: Notice.objects.bulk_create(rows))


def station_officers(station) -> list[int]:
    """The user ids of the township officers of a station (who a move at the station concerns)."""
    return list(RoleAssignment.objects.active().filter(role=Role.TOWNSHIP, station=station)
                .values_list("user_id", flat=True))

"""Who sees and does what in the archive catalogue (R6, R22): the policies, the gates (each one call of
`stations.access.gate`) and the scoped lists (`visible_*`, on `stations.access.scoped`).

- The catalogue of a station (its categories and counts, and the records each source lets the user see) and its
  uploaded documents: everyone who sees the station but the village liaison (a village's person, not the
  station's archive). Each source still decides which of its records a user sees: the bureaus get counts, and the
  records that are not personal (surveys, documents).
- Uploading a document: the township officer and the workers.
- Disposal lists: the township officer and the workers draft and see them, the district and the auditor read
  them; only a township officer approves (never the list's drafter) and carries one out.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from ningbo_sws.lib.todo import Item
from stations.access import ALL_ROLES, gate, scoped
from stations.models import Role

from .models_catalogue import DisposalList, Document

ARCHIVE_POLICY = {
    "view": ALL_ROLES - {Role.LIAISON},
    "upload": frozenset({Role.TOWNSHIP, Role.WORKER}),
    "disposal": frozenset({Role.TOWNSHIP, Role.WORKER, Role.DISTRICT, Role.AUDITOR}),
    "dispose": frozenset({Role.TOWNSHIP, Role.WORKER}),
}
DISPOSAL_POLICY = {
    "view": ARCHIVE_POLICY["disposal"],
    "move": ARCHIVE_POLICY["dispose"],  # which move: `actions_catalogue.MOVE_ROLES`
}
ARCHIVE_HOME_ROLES = frozenset({Role.TOWNSHIP, Role.WORKER, Role.SUPERVISOR, Role.ASSESSOR})
COMPLETENESS_ROLES = frozenset({Role.CITY, Role.DISTRICT, Role.AUDITOR})


def visible_documents(p):
    return scoped(Document.objects.all(), p, policy=ARCHIVE_POLICY)


def visible_disposal_lists(p):
    return scoped(DisposalList.objects.all(), p, policy=DISPOSAL_POLICY)


def archive_station_for(request, station_id, action: str = "view"):
    """The station gate of the archive's pages (ARCHIVE_POLICY)."""
    from stations.access import station_for

    return station_for(request, station_id, action=action, policy=ARCHIVE_POLICY)


def document_for(request, station_id, document_id, action: str = "view") -> Document:
    return gate(request, Document.objects.select_related("station__township", "station__district", "village",
                                                         "uploaded_by")
                .filter(pk=document_id, station_id=station_id), action=action, policy=ARCHIVE_POLICY)


def disposal_list_for(request, station_id, list_id, action: str = "view") -> DisposalList:
    return gate(request, DisposalList.objects.select_related("station__township", "station__district",
                                                             "drafted_by", "approved_by", "carried_out_by")
                .filter(pk=list_id, station_id=station_id), action=action, policy=DISPOSAL_POLICY)


def disposal_lists_to_approve(p) -> list[Item]:
    """Township officer: disposal lists submitted at their stations by someone else (one query)."""
    rows = (DisposalList.objects.filter(station__in=p.stations([Role.TOWNSHIP]),
                                        status=DisposalList.Status.SUBMITTED)
            .exclude(drafted_by=p.user)
            .values("station_id", "station__name").annotate(n=Count("pk")).order_by("station__name"))
    return [Item(_("%(station)s: disposal lists to approve") % {"station": r["station__name"]}, r["n"],
                 f"{reverse('archives:disposal_index', kwargs={'station_id': r['station_id']})}?status=submitted")
            for r in rows]

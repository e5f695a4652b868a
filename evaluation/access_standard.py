"""Who sees and authors grading standards (R27): the city bureau sets them; every role reads the published and
retired versions (stations assess themselves against them, districts and assessors score by them); drafts are
the city's and the auditor's. The gate is one call of `stations.access.gate`."""

from stations.access import ALL_ROLES, gate
from stations.models import Role

from .models_standard import Standard

DRAFT_VIEWERS = frozenset({Role.CITY, Role.AUDITOR})
AUTHORS = frozenset({Role.CITY})
READERS = ALL_ROLES


def can_standard(p, action: str, standard: Standard) -> bool:
    if action == "view":
        return p.has_role(*(DRAFT_VIEWERS if standard.status == Standard.Status.DRAFT else READERS))
    return p.has_role(*AUTHORS)


def standard_for(request, standard_id, action: str = "view") -> Standard:
    """The standard gate: 404 for a draft to anyone but the city and the auditor, 403 to change for all but the
    city."""
    return gate(request, Standard.objects.filter(pk=standard_id), action=action, can=can_standard)



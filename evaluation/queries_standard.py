"""Reads of the standard part, scoped to a principal."""

from django.db.models import Count, Q

from .access_standard import DRAFT_VIEWERS, READERS
from .models_standard import Standard


def visible_standards(p):
    """The standards `p` may read (drafts for the city and the auditor only), with their indicator counts."""
    found = Standard.objects.annotate(indicator_count=Count("indicators"))
    if p.has_role(*DRAFT_VIEWERS):
        return found
    if p.has_role(*READERS):
        return found.filter(~Q(status=Standard.Status.DRAFT))
    return found.none()


def published_standards():
    """The published versions, for the evaluation year to choose from."""
    return Standard.objects.filter(status=Standard.Status.PUBLISHED)

"""Demo data of the evaluation's standard part (part of `seed_demo`). Idempotent: looked up before made.

The default standard built from the regulation, published as version 1 (the one the demo year is scored by,
`published_default()`), and a draft version 2 beside it to show how a published standard is changed."""

from stations.models import Division, Role, RoleAssignment

from . import actions_standard as actions
from . import default_standard
from .models_standard import Standard

REASON = "演示数据"


def published_default() -> Standard | None:
    """The demo's published default standard (None before `seed`)."""
    return Standard.objects.filter(name=default_standard.NAME, issuer=default_standard.ISSUER,
                                   status=Standard.Status.PUBLISHED).order_by("-version").first()


def _city_officer():
    city = Division.objects.filter(level=Division.Level.CITY).first()
    assignment = (RoleAssignment.objects.active().filter(role=Role.CITY, division=city).select_related("user")
                  .order_by("id").first())
    return assignment.user if assignment else None


def seed(out):
    """Seed this part's demo data."""
    if Standard.objects.filter(name=default_standard.NAME, issuer=default_standard.ISSUER).exists():
        return
    actor = _city_officer()
    if actor is None:
        return
    standard = actions.create_default_standard(actor=actor, reason=REASON)
    actions.publish_standard(actor=actor, standard=standard, reason="市民政局发布")
    draft = actions.new_version(actor=actor, standard=standard, reason="修订征求意见")
    out.write(f"evaluation: grading standard {standard} published, {draft} drafted\n")

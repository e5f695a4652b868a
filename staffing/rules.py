"""Staffing's rules on the station report card (R5, R12, R19, R20), registered in `StaffingConfig.ready()`.

Each check takes many stations and the year, `check(stations, *, year)`, reads posts and meetings on
`as_of(year)` (today in the current year) and makes a fixed number of queries. Reasons give counts, never names: the
district and the city read the card, and they see figures only.
"""

import datetime

from django.db.models import Count, F, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.compliance import ComplianceRule, Finding, Status, as_of
from ningbo_sws.lib.words import join_clauses

from . import figures, queries
from .models import Meeting, PostKind, StaffMember

# R20 asks for regular meetings; we read "regular" as at least one a month: the latest within 31 days.
MEETING_INTERVAL_DAYS = 31


def check_r5(stations, *, year: int) -> dict[int, Finding]:
    """R5: social workers on staff, professional (certificate or degree) vs auxiliary. Met with at least one
    professional social worker on staff. One query."""
    counts = figures.staff_counts([s.pk for s in stations], year=year)
    findings = {}
    for station in stations:
        n, professional = counts.get(station.pk, (0, 0))
        if n == 0:
            findings[station.pk] = Finding(Status.NOT_MET, _("No social worker on staff (R5)."))
            continue
        reason = _("%(n)d social workers on staff: %(p)d professional, %(a)d auxiliary (R5).") % {
            "n": n, "p": professional, "a": n - professional}
        findings[station.pk] = Finding(Status.MET if professional else Status.NOT_MET, reason)
    return findings


def check_r12(stations, *, year: int) -> dict[int, Finding]:
    """R12: exactly one station head, exactly one deputy, at least one liaison for every village and community
    of the township. Four queries."""
    ids = [s.pk for s in stations]
    day = as_of(year)
    holders = queries.current_post_holders(ids, [PostKind.HEAD, PostKind.DEPUTY], on=day)
    missing = queries.villages_without_liaison(stations, on=day)
    villages = queries.village_counts(stations)
    findings = {}
    for station in stations:
        problems = []
        for kind in (PostKind.HEAD, PostKind.DEPUTY):
            count = len(holders[station.pk][kind])
            if count != 1:
                problems.append(_("%(post)s: %(n)d, there must be exactly one") % {
                    "post": PostKind(kind).label, "n": count})
        if missing[station.pk]:
            problems.append(_("%(n)d of %(total)d villages and communities without a liaison") % {
                "n": len(missing[station.pk]), "total": villages.get(station.pk, 0)})
        if problems:
            findings[station.pk] = Finding(Status.NOT_MET, _("%(problems)s (R12).") % {
                "problems": join_clauses(str(p) for p in problems)})
        else:
            findings[station.pk] = Finding(Status.MET, _(
                "One station head, one deputy, a liaison for each of %(total)d villages and communities (R12)."
            ) % {"total": villages.get(station.pk, 0)})
    return findings


def check_r19(stations, *, year: int) -> dict[int, Finding]:
    """R19: every social worker on staff holds a current post with written duties. Two queries."""
    ids = [s.pk for s in stations]
    today = as_of(year)
    staff = dict(StaffMember.objects.filter(queries.ON_STAFF & queries.SOCIAL_WORKER, station_id__in=ids)
                 .values("station_id").annotate(n=Count("id")).values_list("station_id", "n"))
    with_post = dict(
        StaffMember.objects.filter(queries.ON_STAFF & queries.SOCIAL_WORKER, station_id__in=ids)
        .filter(Q(posts__starts_on__lte=today) & (Q(posts__ends_on__isnull=True) | Q(posts__ends_on__gte=today)),
                posts__station_id=F("station_id"))
        .values("station_id").annotate(n=Count("id", distinct=True)).values_list("station_id", "n")
    )
    findings = {}
    for station in stations:
        n, posted = staff.get(station.pk, 0), with_post.get(station.pk, 0)
        if n == 0:
            findings[station.pk] = Finding(Status.NOT_RECORDED, _("No social worker on staff yet (R19)."))
        elif posted < n:
            findings[station.pk] = Finding(Status.NOT_MET, _(
                "%(missing)d of %(n)d social workers hold no post with written duties (R19).") % {
                "missing": n - posted, "n": n})
        else:
            findings[station.pk] = Finding(Status.MET, _(
                "Each of %(n)d social workers holds a post with written duties (R19).") % {"n": n})
    return findings


def check_r20(stations, *, year: int) -> dict[int, Finding]:
    """R20: regular meetings, read as at least one a month (the latest within 31 days of `as_of(year)`). One
    query."""
    today = as_of(year)
    year_ago = today - datetime.timedelta(days=365)
    rows = {r["station_id"]: r for r in Meeting.objects.filter(
        station_id__in=[s.pk for s in stations], held_on__lte=today,
    ).values("station_id").annotate(last=Max("held_on"), n=Count("id", filter=Q(held_on__gt=year_ago)))}
    findings = {}
    for station in stations:
        row = rows.get(station.pk)
        if row is None:
            findings[station.pk] = Finding(Status.NOT_MET, _("No meeting recorded (R20)."))
            continue
        reason = _("Last meeting on %(date)s; %(n)d meetings in the last 12 months (R20).") % {
            "date": row["last"].isoformat(), "n": row["n"]}
        recent = (today - row["last"]).days <= MEETING_INTERVAL_DAYS
        findings[station.pk] = Finding(Status.MET if recent else Status.NOT_MET, reason)
    return findings


def _page(name):
    """fix_url of a rule fixed on one of this app's station pages (issue 13 item 3)."""
    return lambda station, *, year: reverse(name, args=[station.pk])


RULES = [
    ComplianceRule("R5", gettext_lazy("Professional and auxiliary social workers"), check_r5, order=50,
                   fix_url=_page("staffing:station_staff")),
    ComplianceRule("R12", gettext_lazy("Station head, deputy and village liaisons"), check_r12, order=120,
                   fix_url=_page("staffing:station_staff")),
    ComplianceRule("R19", gettext_lazy("Posts with written duties"), check_r19, order=190,
                   fix_url=_page("staffing:post_add")),
    ComplianceRule("R20", gettext_lazy("Regular meetings"), check_r20, order=200,
                   fix_url=_page("staffing:meeting_add")),
]

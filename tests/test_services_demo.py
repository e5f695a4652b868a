"""The services demo: 南门街道 has recipients (some in 澄浪社区), a complete "1+X+1" year, open cases and visits due;
seeding twice changes nothing; the demo logins see what their role allows."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ningbo_sws.lib.compliance import Status
from services.compliance import check_portfolio
from services.models import Case, Project, Recipient, Visit, today
from stations.demo import demo_station

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_has_the_days_work_and_seeding_twice_changes_nothing():
    _seed()
    counts = (Recipient.objects.count(), Project.objects.count(), Case.objects.count(), Visit.objects.count())
    _seed()
    assert counts == (Recipient.objects.count(), Project.objects.count(), Case.objects.count(),
                      Visit.objects.count())
    nanmen, jiangxia = demo_station("nanmen"), demo_station("jiangxia")
    year = today().year
    assert check_portfolio([nanmen], year=year)[nanmen.pk].status == Status.MET
    assert check_portfolio([jiangxia], year=year)[jiangxia.pk].status == Status.NOT_MET
    assert Case.objects.filter(station=nanmen, state__in=Case.OPEN_STATES).count() >= 5
    assert Recipient.objects.filter(station=nanmen, next_visit_due__lt=today()).exists()

    def signed_in(username):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return client

    day = signed_in("worker-nanmen").get(reverse("services:my_day"))
    assert day.status_code == 200 and day.context["cases"] and day.context["due"]
    listing = signed_in("liaison-chenglang").get(reverse("services:recipient_list", args=[nanmen.pk]))
    assert listing.status_code == 200
    assert {r.village.code for r in listing.context["page"]} == {"330203001001"}
    person = Recipient.objects.filter(station=nanmen).first()
    assert signed_in("district-haishu").get(person.get_absolute_url()).status_code == 404
    assert day.context["groups"] and day.context["groups"][0].held == 2
    figures = signed_in("district-haishu").get(reverse("services:station_figures", args=[nanmen.pk]))
    # 160, and the archive demo's 3 activities of 35 participants (R22 completeness)
    assert figures.status_code == 200 and figures.context["activities"]["participants"] == 265
    assert Recipient.objects.filter(station=nanmen, household__isnull=False).count() == 2
    review = Case.objects.get(station=nanmen, review_requested=True)
    assert signed_in("supervisor-haishu").get(reverse("services:case_review", args=[review.pk])).status_code == 200

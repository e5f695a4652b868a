"""The finance demo (R21): books for the demo stations, prepared by the worker and posted by the township
officer, one reversal, last year's final accounts reviewed; seeding twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from finance.compliance import check_r21
from finance.models import Entry, FinalAccounts, Voucher
from ningbo_sws.lib.compliance import Status
from stations.demo import demo_station

pytestmark = pytest.mark.django_db


def test_finance_demo_is_idempotent_and_shows_maker_checker_and_a_reversal():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Voucher.objects.count(), Entry.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (Voucher.objects.count(), Entry.objects.count())
    nanmen = demo_station("nanmen")
    posted = Voucher.objects.filter(ledger__station=nanmen, status="posted")
    assert posted.exists()
    assert set(posted.values_list("prepared_by__username", flat=True)) == {"worker-nanmen"}
    assert set(posted.values_list("posted_by__username", flat=True)) == {"township-nanmen"}
    assert posted.filter(reverses__isnull=False).count() == 1
    assert Voucher.objects.filter(ledger__station=nanmen, status="draft").exists()
    assert FinalAccounts.objects.get(ledger__station=nanmen).status == "reviewed"
    assert check_r21([nanmen], year=timezone.localdate().year)[nanmen.pk].status == Status.MET

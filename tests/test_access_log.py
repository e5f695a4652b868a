"""The access log of reveals and exports of personal data is append-only: not by the application, and on
PostgreSQL not by SQL either."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from stations.actions import log_access
from stations.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    return log_access(actor=world.users["worker"], action=AccessLog.Action.REVEAL_ID, target=world.station("own"),
                      station=world.station("own"), detail="核对身份", ip_address="10.1.2.3")


def test_a_reveal_is_logged_with_who_what_and_where(entry, world):
    assert (entry.user, entry.target_type, entry.target_id) == (world.users["worker"], "stations.station",
                                                                str(world.station("own").pk))


def test_the_application_cannot_change_or_delete_an_entry(entry):
    entry.detail = "篡改"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert AccessLog.objects.get().detail == "核对身份"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_update_and_delete_by_raw_sql(entry):
    for sql in ("UPDATE stations_accesslog SET detail = 'x'", "DELETE FROM stations_accesslog"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AccessLog.objects.get().detail == "核对身份"


def test_only_the_auditor_reads_the_access_log(entry, world, client_for):
    response = client_for(world.users["auditor"]).get("/audit/access-log/")
    assert response.status_code == 200 and "核对身份" in response.content.decode()
    for persona in ("city", "district", "worker"):
        assert client_for(world.users[persona]).get("/audit/access-log/").status_code == 403

"""`/healthz`: is the application up and its database reachable (issue 15 item 8), for the proxy's and the
operators' checks. Public, says nothing about the data; 503 while the database cannot be reached, 200 as soon as
it can again (connections are checked before reuse: `CONN_HEALTH_CHECKS`), with no restart of the application."""

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .access import rule


@rule("public")
@require_GET
@never_cache
@transaction.non_atomic_requests  # ATOMIC_REQUESTS would open the database before the view could answer 503
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        connection.close()  # a broken connection is not reused by the next request
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

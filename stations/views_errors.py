"""Error pages (issue 15 item 4): 400, and 413 for a request body over DATA_UPLOAD_MAX_MEMORY_SIZE (Django raises
it as a bad request), in the reader's language like every page; 403/404/500 are the templates of those names."""

from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)

"""`@no_store`: a page that shows personal data in full (a revealed ID number) is never kept by the browser or a
proxy (issue 10: the staff reveal sent no `Cache-Control: no-store`, the services reveal did). The one way to
say it; every such view wears it."""

from functools import wraps

from django.utils.cache import add_never_cache_headers


def no_store(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
        return response

    return wrapped

"""Navigation by role: the shell's own entries plus those registered by the other apps, and the number of things
waiting for the user (the to-do registry, `ningbo_sws.lib.todo`)."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from ningbo_sws.lib.registry import shell

from .access import principal
from .todo import items_for, unread_count


def _items(request):
    if not request.user.is_authenticated:
        return []
    p = principal(request)
    items = []
    for item in shell.nav:
        if p.has_role(*item.roles):
            url = reverse(item.url_name)
            active = request.path == url if url == "/" else request.path.startswith(url)
            items.append({"label": item.label, "url": url, "active": active})
    return items


def _todo_count(request) -> int:
    if not request.user.is_authenticated:
        return 0
    return sum(item.count for item in items_for(request, principal(request)))


def _notice_count(request) -> int:
    # lane: todo — the unread notices, from the to-do list already computed for the count above
    if not request.user.is_authenticated:
        return 0
    return unread_count(request, principal(request))


def navigation(request):
    return {"nav_items": SimpleLazyObject(lambda: _items(request)),
            "todo_count": SimpleLazyObject(lambda: _todo_count(request)),
            "notice_count": SimpleLazyObject(lambda: _notice_count(request))}

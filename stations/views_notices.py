"""The notice list and mark-as-read (issue 13 item 2). Own notices only: another person's notice is never shown
nor touched (the action filters by recipient)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ningbo_sws.lib.caching import no_store

from .access import rule
from .actions_notices import mark_read
from .models_notices import Notice


@rule("signed_in")
@require_http_methods(["GET", "POST"])
@no_store
def notice_list(request):
    """GET: the user's notices, newest first. POST `notice=<id>`: mark that one read and follow its link;
    POST without it: mark all read."""
    if request.method == "POST":
        wanted = request.POST.get("notice", "")
        if wanted.isdigit():
            notice = Notice.objects.filter(pk=int(wanted), recipient=request.user).first()
            if notice is not None:
                mark_read(actor=request.user, notice_ids=[notice.pk])
                if notice.url.startswith("/") and not notice.url.startswith("//"):
                    return redirect(notice.url)
            return redirect("notice_list")
        mark_read(actor=request.user)
        return redirect("notice_list")
    notices = Notice.objects.filter(recipient=request.user).select_related("actor")
    page = Paginator(notices, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "stations/notice_list.html", {"page": page,
                                                         "unread": any(n.read_at is None for n in page)})

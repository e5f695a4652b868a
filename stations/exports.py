"""Tables a user may read, as .xlsx (issue 13 item 7): the one download helper every app's page calls.

A page offers `?format=xlsx`; its view builds the same rows it shows (the same scope, the same masking) as
`ningbo_sws.lib.export.Sheet`s and returns `xlsx_download(...)`, which writes the workbook through the one
exporter and logs the export in the access log (`actions.log_export`, as the register export is logged).
"""

from django.utils.translation import gettext as _

from ningbo_sws.lib import export
from ningbo_sws.lib.compliance import Status

from . import actions
from .access import Principal, principal
from .models import Division, Role


def status_label(status) -> str:
    """A report-card finding in words (a cell of an .xlsx)."""
    return {Status.MET: _("met"), Status.NOT_MET: _("not met"), Status.NOT_RECORDED: _("not recorded")}[status]


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def scope_target(p: Principal, division: Division | None = None):
    """What an export of a list is about, for the access log: the division chosen, else the user's widest scope
    (the city, a district, a station)."""
    if division is not None:
        return division
    if p.has_role(Role.CITY, Role.AUDITOR):
        return Division.objects.get(level=Division.Level.CITY)
    districts = [a.division for a in p.held(Role.DISTRICT)]
    if districts:
        return districts[0]
    return next((a.station or a.division for a in p.assignments), p.user)


def xlsx_download(request, *, filename: str, sheets: list[export.Sheet], table: str, target=None, station=None,
                  extra_sheets=()):
    """The workbook of `sheets` (and `extra_sheets`, not counted) as an attachment, the export logged first (who,
    what table, how many rows of the first sheets)."""
    response = export.xlsx_response(filename, [*sheets, *extra_sheets])
    rows = sum(len(sheet.rows) for sheet in sheets)
    actions.log_export(actor=request.user, target=target if target is not None else scope_target(principal(request)),
                       table=table, rows=rows, station=station, ip_address=request.META.get("REMOTE_ADDR"))
    response["Cache-Control"] = "no-store"
    return response


def station_list_xlsx(request, stations, *, district=None):
    """The station list as the page filters it (search, district, status), every page of it."""
    headers = [_("Station"), _("District"), _("Status"), _("Township code"), _("Phone")]
    rows = [[s.name, s.district.name, s.get_status_display(), s.township.code, s.phone or ""] for s in stations]
    title = _("Stations")
    return xlsx_download(request, filename=f"{title}.xlsx", sheets=[export.Sheet(title, headers, rows)],
                         table=_("station list"), target=scope_target(principal(request), district))

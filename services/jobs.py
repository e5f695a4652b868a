"""Background jobs of the services app (issue 11 item 7): the register of a whole station as a CSV file, made by
the worker — the first real job, beside the synchronous export of `views.recipient_export`."""

import tempfile

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib import export
from ningbo_sws.lib.jobs import CSV, JobFailed, Output, every, report_progress
from stations.jobs import job_task
from stations.models import Role

from . import actions
from .access import STATION_SERVICES_POLICY

PROGRESS_EVERY = 200  # rows between two progress reports


def _may_export(principal, *, station, division) -> bool:
    return station is not None and principal.can_station("export", station, policy=STATION_SERVICES_POLICY)


@job_task(kind="services.register_export", label=gettext_lazy("Register of recipients (CSV)"),
          may_start=_may_export,
          # the file holds personal data: besides its starter only the station's township officer sees it
          # (the district sees figures, not people: DESIGN.md)
          viewers={Role.TOWNSHIP})
def export_register(*, job):
    """The station's register as CSV for Excel (ID numbers masked), written row by row to a temporary file; the
    export is logged in the access log like the synchronous one, with the starter and the address they used."""
    station = job.station
    try:
        rows = actions.export_recipients(actor=job.started_by, station=station, ip_address=job.ip_address)
    except PermissionDenied:
        raise JobFailed(_("You may no longer export the register of %(station)s.") % {"station": station.name}) \
            from None
    header, records = rows[0], rows[1:]
    total = len(records)
    report_progress(0, total)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the runner, which stores and closes it

    def counted():  # progress as the rows are written
        yield header
        for done, record in enumerate(records, start=1):
            yield record
            every(PROGRESS_EVERY, done, total)

    # Through the one exporter, so a name written as a formula is inert here too (issue 9 item 9).
    for line in export.csv_lines(counted()):
        handle.write(line.encode("utf-8"))
    return Output(handle, f"recipients-{station.township.code}.csv", CSV)

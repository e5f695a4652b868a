"""Background jobs of the evaluation year (issue 12 item 6): a district's evaluation reports, one PDF per station,
as a zip built on disk with progress."""

import tempfile
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningbo_sws.lib.jobs import ZIP, JobFailed, Output, report_progress
from ningbo_sws.lib.pdf import render_template
from stations.access import Principal
from stations.jobs import job_task
from stations.models import Division, Role

KIND = "evaluation.district_reports"


def _may_start(principal, *, station, division) -> bool:
    return (division is not None and division.level == Division.Level.DISTRICT
            and division.pk in principal.districts())


@job_task(kind=KIND, label=gettext_lazy("Evaluation reports of a district (zip of PDFs)"), may_start=_may_start,
          viewers={Role.DISTRICT})
def district_reports(*, job, year: int):
    """Every station's evaluation report of `year` in the job's district, rendered one by one into a zip written
    to a temporary file (one PDF in memory at a time)."""
    from . import queries_cycle as queries
    from .models_cycle import Assessment, Subsidy

    district = job.division
    p = Principal(job.started_by)
    if not _may_start(p, station=None, division=district):
        raise JobFailed(_("You may no longer print the reports of %(district)s.") % {"district": district.name})
    assessments = list(Assessment.objects.filter(evaluation_year__year=year, station__district=district)
                       .select_related("station__township", "station__district", "evaluation_year__standard")
                       .order_by("station__township__code"))
    if not assessments:
        raise JobFailed(_("No evaluation of %(year)s is open.") % {"year": year})
    total = len(assessments)
    report_progress(0, total)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the runner, which stores and closes it
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as bundle:
        for done, assessment in enumerate(assessments, start=1):
            data = render_template("evaluation/cycle/pdf_report.html", {
                "assessment": assessment, "sheet": queries.sheet(p, assessment, with_suggestions=False),
                "rectifications": assessment.rectifications.select_related("indicator"),
                "printed_at": timezone.localtime(), "subsidy": Subsidy.objects.filter(assessment=assessment).first()})
            bundle.writestr(f"{assessment.station.township.code}-{assessment.station.name}.pdf", data)
            report_progress(done, total)
    handle.seek(0)
    return Output(handle, f"evaluation-{district.code}-{year}.zip", ZIP)

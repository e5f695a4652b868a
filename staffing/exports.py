"""Staffing figures as .xlsx (issue 13 item 7): the rows of `/figures/` and `/figures/<code>/`, counts only, through
the one download helper of `stations.exports` (the one exporter, the export logged)."""

from django.utils.translation import gettext as _

from ningbo_sws.lib.export import Percent, Sheet
from stations.exports import status_label, xlsx_download

from .models import CertificateLevel


def _headers(first: str, rules=()) -> list[str]:
    return [first, _("Social workers (R5)"), _("Professional"), _("Share of professional social workers"),
            _("Auxiliary"), *[str(label) for label in CertificateLevel.labels], _("Meetings per month (R20)"),
            _("Training hours this year"), _("Supervision hours this year"), *[r.rule_id for r in rules]]


def _cells(f) -> list:
    return [f.headcount, f.professional, Percent.of(f.professional, f.headcount), f.auxiliary,
            *[f.levels.get(level, 0) for level in CertificateLevel.values], f.meetings_per_month,
            f.training_hours, f.supervision_hours]


def districts_xlsx(request, rows):
    """`rows`: (district, Figures) as the page shows them."""
    title = _("Staffing figures")
    data = [[d.name, *_cells(f)] for d, f in rows]
    return xlsx_download(request, filename=f"{title}.xlsx", sheets=[Sheet(title, _headers(_("District")), data)],
                         table=_("staffing figures"))


def stations_xlsx(request, division, rows, rules):
    """`rows`: (station, Figures, findings) for every station under `division` (not only one page)."""
    title = _("Staffing figures")
    data = [[s.name, *_cells(f), *[status_label(finding.status) for finding in findings]] for s, f, findings in rows]
    return xlsx_download(request, filename=f"{title}-{division.name}.xlsx",
                         sheets=[Sheet(title, _headers(_("Station"), rules), data)],
                         table=_("staffing figures"), target=division)

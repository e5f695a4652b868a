"""The services figures of the bureaus grouped by district with subtotals, on the page and as .xlsx (issue 13
item 7); counts only, as the page shows them, through `stations.exports.xlsx_download` (the export logged)."""

from django.utils.translation import gettext as _

from ningbo_sws.lib.export import Sheet
from ningbo_sws.lib.subtotals import grouped
from stations.exports import status_label, xlsx_download

FIELDS = ("recipients", "key_group", "overdue", "times", "people", "visits", "volunteers", "volunteer_hours")


def numbers(row) -> dict:
    recipients, services = row["recipients"], row["services"]
    return {"recipients": recipients.get("all", 0), "key_group": recipients.get("key", 0),
            "overdue": recipients.get("overdue", 0), "times": services.get("times", 0),
            "people": services.get("people", 0), "visits": row["visits"], "volunteers": row["volunteers"],
            "volunteer_hours": row["volunteer_hours"]}


def by_district(rows):
    """Groups of rows per district with their subtotal, and the total of all shown."""
    return grouped(rows, key=lambda r: r["station"].district, values=numbers)


def overview_xlsx(request, groups, total, year: int):
    headers = [_("District"), _("Station"), _("Recipients"), _("Key-group files"), _("Overdue visits"),
               _("Services (times, 人次)"), _("People served (distinct)"), _("Visits"),
               _("Volunteers active at the end of the year"), _("Volunteer service hours"), "R17", "R18"]
    data = []
    for group in groups:
        for r in group.rows:
            values = numbers(r)
            data.append([group.key.name, r["station"].name, *[values[f] for f in FIELDS],
                         status_label(r["r17"].status), status_label(r["r18"].status)])
        data.append([group.key.name, _("Subtotal of %(district)s") % {"district": group.key.name},
                     *[group.subtotal.get(f, 0) for f in FIELDS], "", ""])
    title = _("Service figures of %(year)s") % {"year": year}
    return xlsx_download(request, filename=f"{title}.xlsx", table=_("service figures"), sheets=[Sheet(
        title, headers, data, total=[_("Total"), "", *[total.get(f, 0) for f in FIELDS], "", ""])])

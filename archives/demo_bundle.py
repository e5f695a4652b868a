"""Demo data of the archives' bundle part (part of `seed_demo`). Idempotent: looked up before made.

One finished bundle of 南门街道's previous year, built by its demo township officer through the job's own runner
(synchronously: no worker needed), so the bundle page lists one and the job page offers its download. Kept cheap:
the previous year holds few demo records."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from stations.demo import demo_station
from stations.models import Job

from .bundle import KIND, build_yearly_bundle


def seed(out):
    """Seed this part's demo data."""
    station = demo_station("nanmen")
    year = timezone.localdate().year - 1
    if Job.objects.filter(kind=KIND, station=station, arguments__year=year, status=Job.Status.DONE).exists():
        return
    township = get_user_model().objects.filter(username="township-nanmen").first()
    if township is None:
        return
    job = Job.objects.create(kind=KIND, task_path=build_yearly_bundle.module_path, arguments={"year": year},
                             started_by=township, station=station, language="zh-hans")
    build_yearly_bundle.call(job_id=job.pk, year=year)
    job.refresh_from_db()
    out.write(f"archives: bundle of {station.name} {year} ({job.get_status_display()}, {job.result_size or 0} bytes)")

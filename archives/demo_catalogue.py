"""Demo data of the archives' catalogue part (part of `seed_demo`). Idempotent: looked up before made.

Documents that exist only as files at each demo station (tiny real PDF and PNG files): 南门's archive of the
current year is complete (with the cases, groups, activities, visits, files, surveys and meetings that the
services and staffing demos record, topped up here with the meetings, phone follow-ups and community activities
of the months they leave out), 江厦's is
not (a single publicity leaflet), 外滩 has its community map only. 南门 also has a drafted disposal list for
the publicity of 2012, past its ten years.
"""

import datetime
from io import BytesIO

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ningbo_sws.lib.records import Category
from stations.demo import LIAISON_VILLAGE, demo_station
from stations.models import Division

from . import actions_catalogue as actions
from . import catalogue
from .models_catalogue import DisposalList, Document

REASON = "演示数据初始化"


def _pdf(title: str) -> bytes:
    """A plain one-page A4 PDF carrying its title in its metadata."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _png(colour) -> bytes:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (32, 24), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _file(name: str, title: str):
    content = _png((40, 120, 180)) if name.endswith(".png") else _pdf(title)
    return SimpleUploadedFile(name, content)


def _documents(station, worker, rows) -> int:
    made = 0
    for category, title, date, name, village, tags in rows:
        if Document.objects.filter(station=station, title=title).exists():
            continue
        actions.upload_document(actor=worker, station=station, category=category, title=title, date=date,
                                file=_file(name, title), village=village, tags=tags, reason=REASON)
        made += 1
    return made


def _meetings_topped_up(station, worker, year: int, today: datetime.date) -> int:
    """The regular meetings (R20) of the months of the year that have none yet, on the 5th of each month."""
    from staffing import actions as staffing_actions
    from staffing.models import Meeting, StaffMember

    attendees = list(StaffMember.objects.filter(station=station)[:3])
    if not attendees:
        return 0
    held = set(Meeting.objects.filter(station=station, held_on__year=year).values_list("held_on__month", flat=True))
    made = 0
    for month in range(1, today.month + 1):
        day = min(datetime.date(year, month, 5), today)
        if month in held or day.year != year:
            continue
        staffing_actions.record_meeting(
            actor=worker, station=station, held_on=day, title=f"{month}月工作例会", attendees=attendees,
            reason=REASON, problems_and_decisions="通报上月服务进展，部署本月探访和活动安排。",
            minutes=f"{month}月例会：回顾个案进展，讨论重点对象探访，布置社区活动。")
        made += 1
    return made


def _short(station, category: str, year: int) -> int:
    """How many records the category lacks of its minimum this year (0 when it has enough)."""
    state = catalogue.completeness([station.pk], year)[station.pk]
    return max(0, state.minimums.get(category, 0) - state.counts.get(category, 0))


def _visits_topped_up(station, worker, year: int, today: datetime.date) -> int:
    """Phone follow-ups in the months before each recipient's last visit (so that nobody's follow-up moves), as
    many as the year's minimum lacks."""
    from services import actions as services_actions
    from services.models import Recipient

    need = _short(station, Category.VISITS, year)
    made = 0
    people = list(Recipient.objects.filter(station=station, last_visit_on__gte=datetime.date(year, 2, 1))
                  .order_by("-last_visit_on", "id"))
    for month in range(1, today.month + 1):
        day = datetime.date(year, month, 8)
        person = next((p for p in people if p.last_visit_on > day), None)
        if made >= need or person is None:
            break
        services_actions.record_visit(actor=worker, recipient=person, visited_on=day, kind="phone",
                                      findings="电话回访：身体状况稳定，按时服药，近期无特殊需求。")
        made += 1
    return made


ACTIVITIES = [(2, "邻里写春联送福活动"), (3, "学雷锋志愿服务日"), (6, "端午邻里包粽子"), (9, "中秋邻里团圆会")]


def _activities_topped_up(station, worker, year: int, today: datetime.date, village) -> int:
    from services import actions as services_actions
    from services.models import CommunityActivity, Project

    project = Project.objects.filter(station=station, year=year).order_by("kind", "id").first()
    need = _short(station, Category.COMMUNITY, year)
    made = 0
    for month, title in ACTIVITIES:
        day = datetime.date(year, month, 15)
        if made >= need or project is None or day > today:
            break
        if CommunityActivity.objects.filter(station=station, title=title, held_on__year=year).exists():
            continue
        services_actions.create_activity(actor=worker, station=station, project=project, title=title,
                                         plan="社工联合志愿者开展节庆主题活动，增进邻里互助。", held_on=day,
                                         place=f"{village.name}居民活动室", participants=35, volunteers=6,
                                         village=village, evaluation="居民参与积极，满意度较高。")
        made += 1
    return made


@transaction.atomic
def seed(out):
    """Seed this part's demo data."""
    User = get_user_model()
    today = timezone.localdate()
    year = today.year
    nanmen, jiangxia, waitan = (demo_station(k) for k in ("nanmen", "jiangxia", "waitan"))
    chenglang = Division.objects.get(code=LIAISON_VILLAGE)
    worker = User.objects.get(username="worker-nanmen")
    early = datetime.date(year, 1, 10)
    made = _documents(nanmen, worker, [
        (Category.COMMUNITY_MAP, "南门街道社区服务地图", early, "南门街道社区服务地图.pdf", None, ["地图", "服务阵地"]),
        (Category.RESOURCE_LIST, "南门街道社区资源清单", early, "社区资源清单.pdf", None, ["资源", "合作单位"]),
        (Category.PUBLICITY, "社工站服务宣传折页", datetime.date(year, 2, 20), "宣传折页.pdf", None, ["宣传"]),
        (Category.PUBLICITY, "重阳敬老活动宣传照片", datetime.date(year, min(today.month, 10), 1), "重阳活动.png",
         chenglang, ["重阳", "照片"]),
        (Category.AWARDS, "优秀社会工作服务项目证书", datetime.date(year, 3, 18), "优秀项目证书.pdf", None, ["表彰"]),
        (Category.MAJOR_EVENTS, "防汛期间独居老人转移安置记录", datetime.date(year, 7, 28), "防汛安置记录.pdf",
         chenglang, ["防汛", "应急"]),
        (Category.SUMMARIES, f"南门街道社工站{year - 1}年度工作总结", datetime.date(year - 1, 12, 28),
         "年度工作总结.pdf", None, ["总结"]),
        (Category.PUBLICITY, "2012年社工宣传周海报", datetime.date(2012, 3, 20), "2012宣传海报.png", None, ["宣传"]),
    ])
    meetings = _meetings_topped_up(nanmen, worker, year, today)
    visits = _visits_topped_up(nanmen, worker, year, today)
    activities = _activities_topped_up(nanmen, worker, year, today, chenglang)
    made += _documents(jiangxia, User.objects.get(username="worker-jiangxia"), [
        (Category.PUBLICITY, "江厦社工站开放日宣传单", datetime.date(year, 4, 12), "开放日宣传单.pdf", None, ["宣传"]),
    ])
    made += _documents(waitan, User.objects.get(username="worker-waitan"), [
        (Category.COMMUNITY_MAP, "外滩街道社区分布图", early, "外滩社区分布图.png", None, ["地图"]),
    ])
    if not DisposalList.objects.filter(station=nanmen, year=2012).exists():
        old = Document.objects.get(station=nanmen, title="2012年社工宣传周海报")
        actions.draft_disposal_list(actor=worker, station=nanmen, year=2012, reason=REASON,
                                    basis="2012年宣传材料保管期限十年已满，经站内鉴定无继续保存价值，拟予销毁。",
                                    items=[f"{catalogue.DOCUMENT_SOURCE_PREFIX}{Category.PUBLICITY}:{old.pk}"])
    state = catalogue.completeness([nanmen.pk, jiangxia.pk], year)
    out.write(f"archives: {made} documents; {meetings} meetings, {visits} visits, {activities} activities topped up; "
              f"catalogue {year}: 南门 "
              f"{state[nanmen.pk].percent}% (empty: {', '.join(state[nanmen.pk].empty) or '-'}; thin: "
              f"{', '.join(state[nanmen.pk].thin) or '-'}), 江厦 {state[jiangxia.pk].percent}%\n")

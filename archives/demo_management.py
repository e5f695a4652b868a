"""Demo data of the archives' management part (part of `seed_demo`): written management systems (R19–R24).

南门街道: all five required systems approved, a newer version of the finance system awaiting approval, and one
system of its own (R24). 江厦街道: duties, meetings and finance approved; archives and disclosure missing, so its
report card says which two. 外滩街道: a duties system sent back to its author. Written through the actions (the
station's worker drafts, its township officer approves). Idempotent: a station's systems are looked up first.
"""

from django.contrib.auth import get_user_model

from stations.demo import demo_station

from . import actions_management as actions
from .models_management import ManagementSystem, SystemKind

REASON = "演示数据初始化"

TEXTS = {
    SystemKind.DUTIES: ("社会工作站岗位职责制度",
                        "一、站长：全面负责社工站运营管理，统筹服务计划与资源链接。\n"
                        "二、副站长：协助站长工作，分管项目执行与档案管理。\n"
                        "三、部门负责人：负责本部门服务计划的制定与督促落实。\n"
                        "四、项目负责人：负责项目的需求分析、计划、实施与评估。\n"
                        "五、项目社工：按专业流程开展个案、小组和社区工作，及时记录服务过程。\n"
                        "六、站点联络员：联系所在村（社区），收集居民需求，协助开展服务。"),
    SystemKind.MEETINGS: ("社会工作站例会制度",
                          "一、每月第一周召开全体例会，由站长主持。\n"
                          "二、例会内容：传达政策文件、研讨个案、解决工作问题、开展业务培训。\n"
                          "三、例会应有签到表和会议纪要，会后五个工作日内归档。"),
    SystemKind.FINANCE: ("社会工作站财务管理制度",
                         "一、项目资金专户管理、专款专用，不得挪作他用。\n"
                         "二、收入、支出均须取得合法凭证，经办人与审核人分离。\n"
                         "三、记账凭证、财务报表、预决算及审计资料作为会计档案永久保管。"),
    SystemKind.ARCHIVES: ("社会工作站档案管理制度",
                          "一、档案包括个案、小组、社区活动、走访、服务对象、志愿者、需求调研等资料。\n"
                          "二、档案按年度、类别整理，做到完整、真实、规范。\n"
                          "三、档案室专人管理，借阅须登记，销毁须经审批并造册。"),
    SystemKind.DISCLOSURE: ("社会工作站信息公开制度",
                            "一、每季度、每年度公开服务进展、资金使用和服务成效。\n"
                            "二、公开内容不含服务对象个人信息，人数少于3人的只公开为“<3”。\n"
                            "三、公开报告经乡镇（街道）审批后发布。"),
}
OWN = ("志愿者管理制度", "一、志愿者实行登记注册、培训上岗。\n二、服务时长按月统计，年度表彰优秀志愿者。")


def _users(key):
    User = get_user_model()
    return User.objects.get(username=f"worker-{key}"), User.objects.get(username=f"township-{key}")


def _approved(worker, officer, station, kind, title, text):
    version = actions.create_system(actor=worker, station=station, kind=kind, title=title, text=text,
                                    reason=REASON)
    actions.submit_version(actor=worker, version=version, reason="提交审批")
    return actions.approve_version(actor=officer, version=version, reason="同意施行")


def seed(out):
    """Seed this part's demo data."""
    made = 0
    for key in ("nanmen", "jiangxia", "waitan"):
        station = demo_station(key)
        if ManagementSystem.objects.filter(station=station).exists():
            continue
        worker, officer = _users(key)
        if key == "nanmen":
            for kind, (title, text) in TEXTS.items():
                _approved(worker, officer, station, kind, title, text)
                made += 1
            finance = ManagementSystem.objects.get(station=station, kind=SystemKind.FINANCE)
            version = actions.draft_version(
                actor=worker, system=finance, reason=REASON, change_note="增加备用金管理条款",
                text=TEXTS[SystemKind.FINANCE][1] + "\n四、备用金实行限额管理，每月核销。")
            actions.submit_version(actor=worker, version=version, reason="提交审批")
            _approved(worker, officer, station, SystemKind.OWN, *OWN)
            made += 1
        elif key == "jiangxia":
            for kind in (SystemKind.DUTIES, SystemKind.MEETINGS, SystemKind.FINANCE):
                _approved(worker, officer, station, kind, *TEXTS[kind])
                made += 1
        else:
            version = actions.create_system(actor=worker, station=station, kind=SystemKind.DUTIES,
                                            title=TEXTS[SystemKind.DUTIES][0], text="站长负责全面工作。",
                                            reason=REASON)
            actions.submit_version(actor=worker, version=version, reason="提交审批")
            actions.return_version(actor=officer, version=version, reason="请按《规范》第十九条写明六类岗位的职责")
            made += 1
    out.write(f"management systems: {made} new\n")

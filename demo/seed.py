"""The demo data: the CNAS 4th Executive Committee, 2nd meeting, and its issued notice.

Transcribed from ../shared/seed/000_c9de0890fcbccce7.txt. The prose is the secretariat's own
and is kept word for word; the spaces that PDF extraction put between Chinese and Latin
letters or digits are dropped. Everything is looked up by natural key first, so loading
twice changes nothing, and a meeting that already exists is never overwritten (a
secretary may have edited it).
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from attendees.models import Attendance, Membership
from circulation import services as circulation_services
from circulation.models import Reply
from meetings.models import (
    Committee,
    CommitteeTerm,
    Meeting,
    MeetingPhase,
    OtherBusiness,
    Report,
    Speech,
    SpeechParagraph,
    SpeechPoint,
)
from meetings.permissions import roles_ensure
from notices import services as notice_services
from notices.models import IssuingOffice, Notice, NumberSeries, Transition
from people.models import Organisation, Person, Post
from resolutions.models import Recommendation, Resolution

ORGANISATION = {
    "name": "中国合格评定国家认可委员会",
    "short_name": "CNAS",
    "doc_prefix": "认可委",
}
OFFICE = {"name": "秘书处", "code": "秘"}

# (name, kind, member_title), in the order the seed lists the specialised committees.
COMMITTEES = [
    ("全体委员会", Committee.Kind.PLENARY, "委员"),
    ("执行委员会", Committee.Kind.EXECUTIVE, "执委"),
    ("认证机构专门委员会", Committee.Kind.SPECIALISED, "委员"),
    ("实验室专门委员会", Committee.Kind.SPECIALISED, "委员"),
    ("检验机构专门委员会", Committee.Kind.SPECIALISED, "委员"),
    ("评定专门委员会", Committee.Kind.SPECIALISED, "委员"),
    ("申诉专门委员会", Committee.Kind.SPECIALISED, "委员"),
    ("最终用户专门委员会", Committee.Kind.SPECIALISED, "委员"),
]
TERM_NUMBER = 4

# name -> [(unit, title)], the posts as the minutes give them.
PEOPLE = {
    "唐军": [("国家市场监督管理总局", "副局长")],
    "王凤清": [("CNAS", "荣誉主任")],
    "刘卫军": [("市场监管总局", "认证监督管理司司长")],
    "许新建": [("市场监管总局", "认可与检验检测监督管理司司长")],
    "黄培惠": [("福建省市场监督管理局", "局长")],
    "肖建华": [("CNAS", "秘书长")],
    "乔东": [("市场监管总局", "认可与检验检测监督管理司副司长"), ("CNAS", "执行委员会副主任")],
    "郎志正": [],
    "李新实": [],
    "段宇宁": [],
    "陆梅": [],
    "黄飞": [],
    "刘三江": [],
    "次仁卓嘎": [("西藏自治区拉萨市市场监督管理局", "局长")],
    "徐德峰": [("中国认证认可协会", "副秘书长")],
    "南存辉": [],
    "林树青": [],
    "莫鉴辉": [],
    "喻子达": [],
    "杜旻": [],
    "马坚": [],
    "杨学桐": [],
}

PRESENT_MEMBERS = ["郎志正", "李新实", "段宇宁", "陆梅", "黄飞"]
ABSENT_MEMBERS = ["南存辉", "林树青", "莫鉴辉", "喻子达", "杜旻", "马坚", "杨学桐"]
MEMBER_ORGANISATIONS = ["中国特种设备检测研究院", "海尔集团"]
DEMO_MEMBER_PERSON = "郎志正"

MEETING = {
    "sitting": 2,
    "starts_on": datetime.date(2019, 12, 17),
    "place": "福建泉州",
    "joint_meeting_name": "第八届全国合格评定机构认可工作会议",
    "reports_conclusion": (
        "会议同意CNAS秘书处和六个专门委员会的年度工作报告，"
        "准备提交2020年召开的各专门委员会和全体委员会会议审议。"
    ),
    "recommendations_intro": (
        "各位执委结合唐军同志、王凤清同志的讲话，对2020年CNAS工作重点等内容进行了审议和讨论。"
        "执委们对认可工作发展提出了具体意见和建议："
    ),
}

PHASES = [
    ("上午", "与第八届全国合格评定机构认可工作会议合并召开"),
    ("下午", "为第四届执行委员会第二次会议专门会议"),
]

# (category, person or None, extra fields), in the order the minutes name them.
ATTENDANCE = [
    ("spoke", "唐军", {}),
    ("spoke", "王凤清", {}),
    ("present", "刘卫军", {}),
    ("present", "许新建", {}),
    ("present", "黄培惠", {}),
    ("reporter", "肖建华", {}),
    ("present", "乔东", {}),
    *[("present", name, {"designation": "执委"}) for name in PRESENT_MEMBERS],
    (
        "delegate",
        "刘三江",
        {"represented_organisation": "中国特种设备检测研究院", "designation": "执委代表"},
    ),
    # The minutes do not name Haier's delegate.
    ("delegate", None, {"represented_organisation": "海尔集团", "designation": "执委代表"}),
    ("observer", "次仁卓嘎", {}),
    ("observer", "徐德峰", {}),
    ("observer", None, {"group_name": "CNAS秘书处有关人员"}),
    *[
        (
            "absent",
            name,
            {
                "designation": "CNAS执委",
                "absence_kind": Attendance.AbsenceKind.UNABLE,
                "absence_reason": "因参加其他会议等事宜",
            },
        )
        for name in ABSENT_MEMBERS
    ],
]

# speaker -> [(lead, text, point_marker, points)]
SPEECHES = [
    (
        "唐军",
        [
            (
                "指出，",
                "今年是认证认可检验检测领域深化改革迈出重要步伐的一年，是认证认可检验检测强化监管取得重要成效的一年，"
                "是认证认可检验检测国际合作成果巩固深化的一年。CNAS积极服务国家发展大局，进一步提升认可约束效果。"
                "积极支持检验检测认证事中事后监管工作，为多项行政监管工作提供了技术支撑。"
                "积极应对技术性贸易措施，以实际行动服务对外贸易。",
                "",
                [],
            ),
            (
                "要求，",
                "新的一年，认证认可检验检测工作要围绕经济社会发展大局，找准定位，主动作为。"
                "认可作为与计量、标准化并列的国家质量基础设施公共机构，要继续走高质量发展之路，"
                "在大市场监管体制中更好地发挥基础作用。",
                "要",
                [
                    "加强认可制度建设。加快国家急需的新领域认可技术研发。加强前瞻性研究，在新兴制度研发、发展模式创新上下功夫。",
                    "加大对中小企业发展的支持力度。要提升对中小企业的服务水平，鼓励获认可的合格评定机构为中小企业提供一站式服务。",
                    "支持民营检验检测认证机构做大做强。营造公平竞争的市场环境，针对民营检验检测认证机构的特点，"
                    "为他们做大做强提供认可便利化服务。",
                    "推进“一带一路”认可国际互认。以多边互认为基础，以“一带一路”合作为突破，在国际认证认可领域积极争取话语权。",
                    "加强自身建设，提高认可工作能力。要发挥认可共治优势，深入推进认可改革，推进协同和联动，"
                    "加强认可队伍思想政治建设和工作作风建设。",
                ],
            ),
        ],
    ),
    (
        "王凤清",
        [
            (
                "强调，",
                "认可工作发展有两件“传家宝”，一是建立了集中统一的国家认可机构，二是建立了多方参与、共同治理的委员会工作平台，"
                "与党中央推进国家治理体系和治理能力现代化的精神相一致。她回顾了多年来认可工作的发展，"
                "认可制度范围更广，传递信任的作用更加突出；认可监督力度更大，逐步形成一整套认可约束“组合拳”；"
                "认可国际合作更多，互认成果不断提升。她强调，要把握新时代新形势新要求，进一步增强责任感使命感，"
                "继续推动认可工作健康发展、高质量发展。",
                "",
                [],
            ),
        ],
    ),
    (
        "肖建华",
        [
            (
                "通报了",
                "当前认可工作的主要进展和国际认可发展情况。他提出，2020年，认可工作将全面贯彻落实市场监管总局的部署，"
                "进一步提高认可能力，进一步提升认可效能，进一步加强国际合作，进一步夯实基础建设，"
                "为增强市场供给、服务市场监管、优化市场环境、促进对外开放作出更大贡献。",
                "",
                [],
            ),
        ],
    ),
]

REPORTS = [
    *[
        (Report.Kind.WORK, body)
        for body in [
            "秘书处",
            "认证机构专门委员会",
            "实验室专门委员会",
            "检验机构专门委员会",
            "评定专门委员会",
            "申诉专门委员会",
            "最终用户专门委员会",
        ]
    ],
    (Report.Kind.OTHER, "CNAS新认可制度研发进展报告"),
    (Report.Kind.OTHER, "2020年重点工作"),
]

RESOLUTIONS = [
    (
        "CNAS全体委员会和专门委员会委员调整的提案",
        "按照CNAS《章程》等对副主任选举和委员变更的要求，办理相关手续。",
        "",
    ),
    (
        "关于召开2020年CNAS全体委员会及各专门委员会会议的提案",
        "拟定2020年2月27日（星期四）或2月28日（星期五）召开CNAS第四届专门委员会第二次会议，"
        "包括认证机构专门委员会、实验室专门委员会、检验机构专门委员会、评定专门委员会、申诉专门委员会和最终用户专门委员会会议，"
        "会议采取集中大会和分会场形式；拟定2020年3月26日（星期四）或3月27日（星期五）召开CNAS第四届全体委员会第三次会议。",
        "执行委员会会议后，由于疫情防控要求，两个会议时间将延后，具体会议时间和形式等另文通知",
    ),
]

RECOMMENDATIONS = [
    "进一步服务市场监管。配合《国家认可机构监督管理办法》修订，配合政府“放管服”强化技术支持，不断提高认可服务水平和服务效率。",
    "进一步提升认可有效性。建议对检测和校准实验室等，实施认可分级管理。",
    "进一步加快认可技术创新。加强认可信息的沟通交流，不断推进新兴领域认可制度的研发，如推进生物样本库认可等新认可制度，服务市场经济发展。",
    "进一步推动国际互认。稳步推进和扩大互认范围，加强与“一带一路”沿线国家的认可合作，特别要推动双边互认，实现认可结果的采信和利用。",
    "进一步加强信息化建设。充分利用信息化手段，通过远程评审和互联网+大数据应用等减少现场评审工作量，提高认可工作效率。",
    "进一步加强对境外认可机构在国内认可的监督管理。目前获得国外认可机构认可的机构比较多，增加了市场监管风险，"
    "建议对华开展认证认可活动都纳入市场监管总局管理范围。",
]

OTHER_BUSINESS = [
    "会议期间，CNAS肖建华秘书长与西藏自治区拉萨市市场监督管理局局长次仁卓嘎就推进认可服务、加强技术交流、"
    "推进藏区检验检测认证机构“走出去”和促进认可结果采信等内容进行沟通，"
    "并与福建省市场监督管理局联动开展国际实验室认可合作组织（ILAC）举报内容调查等工作。",
]

NOTICE = {
    "title": "关于印发中国合格评定国家认可委员会第四届执行委员会第二次会议纪要的通知",
    "recipients": "CNAS执行委员会委员",
    "body": (
        "中国合格评定国家认可委员会（CNAS）第四届执行委员会第二次会议暨第八届全国合格评定机构认可工作会议"
        "于2019年12月17日在福建泉州召开。为了落实会议精神，现将第四届执行委员会第二次会议纪要印发执行委员会委员。"
    ),
    "closing_phrase": "特此通知。",
    "signatory": "中国合格评定国家认可委员会秘书处",
    "date_signed": datetime.date(2020, 3, 9),
    "copies_to": "本秘书处:存档(2)",
    "issued_by": "中国合格评定国家认可委员会秘书处",
}
NOTICE_NUMBER = {"year": 2020, "sequence": 20}
# When the seed package went through its steps (the timeline of a fresh install).
TIMELINE = {
    Transition.Action.CREATE: datetime.datetime(2020, 2, 24, 9, 30),
    Transition.Action.SUBMIT: datetime.datetime(2020, 3, 2, 16, 0),
    Transition.Action.SIGN_OFF: datetime.datetime(2020, 3, 9, 10, 0),
    Transition.Action.ISSUE: datetime.datetime(2020, 3, 9, 15, 0),
}
DRAFT_MEETING = {"sitting": 3, "starts_on": datetime.date(2020, 12, 15), "place": "北京"}
# A meeting being planned, four weeks after the demo is first loaded, with its invitation sent
# and one member's reply in (the demo member has not answered yet).
PLANNED_MEETING = {"sitting": 4, "place": "北京"}
PLANNED_IN_DAYS, REPLY_WITHIN_DAYS = 28, 14
INVITATION = {
    "time": "上午9:00",
    "place": "北京市朝阳区",
    "agenda": "审议秘书处2020年工作总结和2021年工作计划\n审议认可规范文件修订情况的报告\n其他事项",
}
DEMO_REPLY = ("李新实", {"answer": "leave", "reason": "因出差"})


def _save(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def demo_load() -> Meeting:
    """Load the seed package; return its meeting. Safe to call any number of times."""
    roles_ensure()  # the migration made them; a flushed test database has lost them
    org, _ = Organisation.objects.get_or_create(name=ORGANISATION["name"], defaults=ORGANISATION)
    office, _ = IssuingOffice.objects.get_or_create(
        organisation=org, code=OFFICE["code"], defaults={"name": OFFICE["name"]}
    )
    terms = {}
    for order, (name, kind, member_title) in enumerate(COMMITTEES):
        committee, _ = Committee.objects.get_or_create(
            organisation=org, name=name, defaults={"kind": kind, "member_title": member_title, "order": order}
        )
        terms[name], _ = CommitteeTerm.objects.get_or_create(committee=committee, number=TERM_NUMBER)
    term = terms["执行委员会"]

    people = {}
    for name, posts in PEOPLE.items():
        person = Person.objects.filter(name=name).order_by("id").first()
        if person is None:
            person = _save(Person(name=name))
            for order, (unit, title) in enumerate(posts):
                _save(Post(person=person, unit=unit, title=title, order=order))
        people[name] = person

    # The committee's seats as the minutes reveal them; nothing is assumed beyond them.
    seats = [("乔东", Membership.Role.VICE_CHAIR)] + [
        (name, Membership.Role.MEMBER) for name in PRESENT_MEMBERS + ABSENT_MEMBERS
    ]
    for order, (name, role) in enumerate(seats):
        if not Membership.objects.filter(term=term, person=people[name]).exists():
            title = Membership.title_default(role=role, committee=term.committee)
            _save(Membership(term=term, person=people[name], role=role, title=title, order=order))
    for order, organisation in enumerate(MEMBER_ORGANISATIONS, start=len(seats)):
        if not Membership.objects.filter(term=term, member_organisation=organisation).exists():
            title = Membership.title_default(role=Membership.Role.MEMBER, committee=term.committee)
            _save(Membership(term=term, member_organisation=organisation, title=title, order=order))

    meeting = Meeting.objects.filter(term=term, sitting=MEETING["sitting"]).first()
    if meeting is None:
        secretary, signatory = demo_user("secretary"), demo_user("signatory")
        meeting = _save(Meeting(term=term, created_by=secretary, **MEETING))
        _load_meeting_content(meeting, people)
        _issue_seed_notice(meeting, office, secretary, signatory)
    return meeting


def demo_user(username: str):
    """The demo account of a role (its password is set by seed_demo)."""
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=username))
    return user


def _issue_seed_notice(meeting: Meeting, office: IssuingOffice, secretary, signatory) -> Notice:
    """The seed notice goes the way every notice goes: drafted, submitted, signed off on
    2020-03-09 and issued the same day as number 20 of 2020 (numbers 1-19 were issued before
    the system); then the timeline gets the package's real dates."""
    notice = notice_services.notice_create(meeting=meeting, office=office, created_by=secretary, **NOTICE)
    notice_services.notice_submit(notice=notice, user=secretary)
    notice_services.notice_sign_off(notice=notice, user=signatory, date_signed=datetime.date(2020, 3, 9))
    series, _ = NumberSeries.objects.get_or_create(office=office, year=NOTICE_NUMBER["year"])
    series.last_sequence = NOTICE_NUMBER["sequence"] - 1
    series.save(update_fields=["last_sequence"])
    notice = notice_services.notice_issue(
        notice=notice, user=secretary, date_issued=datetime.date(2020, 3, 9)
    )
    for action, at in TIMELINE.items():
        notice.transitions.filter(action=action).update(at=timezone.make_aware(at))
    return notice


@transaction.atomic
def demo_draft_load() -> Meeting:
    """A second, empty draft meeting of the seed's committee term, ready for the whole flow."""
    seed = demo_load()
    meeting = Meeting.objects.filter(term=seed.term, sitting=DRAFT_MEETING["sitting"]).first()
    if meeting is None:
        meeting = _save(Meeting(term=seed.term, created_by=demo_user("secretary"), **DRAFT_MEETING))
    return meeting


@transaction.atomic
def demo_planned_load() -> Meeting:
    """The planned meeting with its invitation sent and one reply in."""
    seed = demo_load()
    meeting = Meeting.objects.filter(term=seed.term, sitting=PLANNED_MEETING["sitting"]).first()
    if meeting is not None:
        return meeting
    secretary = demo_user("secretary")
    today = timezone.localdate()
    starts_on = today + datetime.timedelta(days=PLANNED_IN_DAYS)
    meeting = _save(Meeting(term=seed.term, created_by=secretary, starts_on=starts_on, **PLANNED_MEETING))
    invitation = circulation_services.invitation_save(
        meeting=meeting,
        user=secretary,
        date=starts_on,
        reply_by=today + datetime.timedelta(days=REPLY_WITHIN_DAYS),
        **INVITATION,
    )
    circulation_services.invitation_send(invitation=invitation, user=secretary)
    name, answer = DEMO_REPLY
    reply = Reply.objects.select_related("invitation").get(invitation=invitation, person__name=name)
    circulation_services.reply_answer(reply=reply, **answer)
    return meeting


def _load_meeting_content(meeting: Meeting, people: dict[str, Person]) -> None:
    for order, (label, description) in enumerate(PHASES):
        _save(MeetingPhase(meeting=meeting, order=order, label=label, description=description))
    for order, (category, name, extra) in enumerate(ATTENDANCE):
        person = people[name] if name else None
        _save(Attendance(meeting=meeting, category=category, person=person, order=order, **extra))
    for order, (speaker, paragraphs) in enumerate(SPEECHES):
        speech = _save(Speech(meeting=meeting, speaker=people[speaker], order=order))
        for p_order, (lead, text, marker, points) in enumerate(paragraphs):
            paragraph = _save(
                SpeechParagraph(speech=speech, order=p_order, lead=lead, text=text, point_marker=marker)
            )
            for pt_order, point in enumerate(points):
                _save(SpeechPoint(paragraph=paragraph, order=pt_order, text=point))
    for order, (kind, title) in enumerate(REPORTS):
        _save(Report(meeting=meeting, order=order, kind=kind, title=title))
    for number, (proposal, text, note) in enumerate(RESOLUTIONS, start=1):
        _save(
            Resolution(
                meeting=meeting,
                number=number,
                proposal=proposal,
                text=text,
                note=note,
                outcome=Resolution.Outcome.PASSED_IN_PRINCIPLE,
            )
        )
    for number, text in enumerate(RECOMMENDATIONS, start=1):
        _save(Recommendation(meeting=meeting, number=number, text=text))
    for order, text in enumerate(OTHER_BUSINESS):
        _save(OtherBusiness(meeting=meeting, order=order, text=text))

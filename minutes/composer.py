"""Compose the text of a meeting's minutes from its structured records, in the seed's style.

Every generated paragraph has a key; the secretariat can replace the text of the keyed ones
(MinutesOverride) and return to the generated text by deleting the override.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from attendees.models import Attendance
from meetings.models import Meeting, Report, SpeechParagraph
from meetings.numerals import chinese_count, chinese_numeral, ordinal
from people.models import Person
from resolutions.models import Resolution

from .models import MinutesOverride


@dataclass
class Block:
    """One paragraph of the minutes."""

    key: str
    text: str
    kind: str = "paragraph"  # paragraph | item | attendance
    label: str = ""  # attendance lists: 出席 / 请假 / 列席
    generated: str = ""  # the generated text, also when an override replaced it
    overridden: bool = False

    @property
    def overridable(self) -> bool:
        return self.key in MinutesOverride.Key.values


@dataclass
class Minutes:
    meeting: Meeting
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


def meeting_for_minutes(pk: int) -> Meeting:
    """Load a meeting with everything its minutes need, in a fixed number of queries."""
    return meeting_minutes_queryset().get(pk=pk)


def meeting_minutes_queryset():
    people = Person.objects.prefetch_related("posts")
    return Meeting.objects.select_related("term__committee__organisation").prefetch_related(
        "phases",
        Prefetch(
            "attendances",
            queryset=Attendance.objects.prefetch_related(Prefetch("person", queryset=people)),
        ),
        "term__memberships",
        Prefetch(
            "speeches__paragraphs",
            queryset=SpeechParagraph.objects.prefetch_related("points"),
        ),
        "speeches__speaker",
        "reports",
        "resolutions",
        "recommendations",
        "other_business",
        "overrides",
    )


# --- attendance -----------------------------------------------------------------------


def _posts(row: Attendance) -> list[tuple[str, str]]:
    if row.designation or not row.person_id or row.category == Attendance.Category.DELEGATE:
        return []
    return [(p.unit, p.title) for p in row.person.posts.all() if p.is_current]


def _items(rows: list[Attendance]) -> list[tuple[str, bool]]:
    """Render rows as (text, named) items of one clause.

    Consecutive people sharing a designation are merged (执委郎志正、李新实); a unit the
    previous person's post already named is not repeated (市场监管总局A司司长甲、B司司长乙).
    """
    items: list[tuple[str, bool]] = []
    previous_unit = None
    previous_designation = None
    for row in rows:
        posts = _posts(row)
        if posts:
            first_unit, first_title = posts[0]
            head = first_title if first_unit and first_unit == previous_unit else first_unit + first_title
            prefix = "、".join([head] + [unit + title for unit, title in posts[1:]])
            previous_unit, previous_designation = first_unit, None
            items.append((prefix + row.name, row.is_named))
            continue
        previous_unit = None
        if row.designation and row.is_named and row.designation == previous_designation and items:
            text, named = items[-1]
            items[-1] = (f"{text}、{row.name}", named)
            continue
        previous_designation = row.designation if row.is_named else None
        items.append((row.display_name, row.is_named))
    return items


def _join(items: list[tuple[str, bool]]) -> str:
    """A、B、C; an unnamed last item (a group, an unnamed delegate) joins with 和; items
    that hold 、 themselves are separated by ，."""
    if not items:
        return ""
    out = items[0][0]
    for index, (text, named) in enumerate(items[1:], start=1):
        previous = items[index - 1][0]
        if index == len(items) - 1 and not named:
            sep = "和"
        elif "、" in text or "、" in previous:
            sep = "，"
        else:
            sep = "、"
        out += sep + text
    return out


def _absence_groups(rows: list[Attendance]) -> list[tuple[str, str, list[Attendance]]]:
    groups: dict[tuple[str, str], list[Attendance]] = {}
    for row in rows:
        groups.setdefault((row.absence_kind, row.absence_reason), []).append(row)
    return [(kind, reason, members) for (kind, reason), members in groups.items()]


def _absence_phrase(kind: str) -> str:
    return "请假" if kind == Attendance.AbsenceKind.LEAVE else "未能与会"


def _by_category(meeting: Meeting) -> dict[str, list[Attendance]]:
    member_ids = {m.person_id for m in meeting.term.memberships.all() if m.person_id}
    groups: dict[str, list[Attendance]] = {}
    for row in meeting.attendances.all():
        category = row.category
        if category == Attendance.Category.PRESENT:
            # Members 参加会议; everyone else present 出席会议.
            category = "member" if row.person_id in member_ids else "guest"
        groups.setdefault(category, []).append(row)
    return groups


def _sentence(clauses: list[str]) -> str:
    clauses = [c for c in clauses if c]
    return "，".join(clauses) + "。" if clauses else ""


def attendance_sentences(meeting: Meeting) -> str:
    """The narrative attendance sentences of the opening paragraph."""
    rows = _by_category(meeting)

    def clause(category: str, verb: str) -> str:
        items = _items(rows.get(category, []))
        return _join(items) + verb if items else ""

    participants = "以及".join(
        part for part in (_join(_items(rows.get(c, []))) for c in ("member", "delegate")) if part
    )
    sentences = [
        _sentence([clause("spoke", "出席会议并讲话")]),
        _sentence([clause("guest", "出席会议"), clause("reporter", "作工作报告")]),
        _sentence([participants + "参加会议" if participants else "", clause("observer", "列席会议")]),
    ]
    for kind, reason, members in _absence_groups(rows.get("absent", [])):
        names = _join(_items(members))
        sentences.append(
            f"{names}，{reason}{_absence_phrase(kind)}。" if reason else f"{names}{_absence_phrase(kind)}。"
        )
    return "".join(sentences)


def attendance_lists(meeting: Meeting) -> list[Block]:
    """The 出席 / 请假 / 列席 lists of the list style (GB/T 9704 clause 10.3)."""
    rows = _by_category(meeting)
    present = [
        row
        for category in ("spoke", "guest", "reporter", "member", "delegate")
        for row in rows.get(category, [])
    ]
    blocks = []
    if present:
        blocks.append(Block("attendance-present", _join(_items(present)), kind="attendance", label="出席"))
    absent_parts = []
    for kind, reason, members in _absence_groups(rows.get("absent", [])):
        note = f"（{reason}{_absence_phrase(kind)}）" if reason else ""
        absent_parts.append(_join(_items(members)) + note)
    if absent_parts:
        blocks.append(Block("attendance-absent", "；".join(absent_parts), kind="attendance", label="请假"))
    if rows.get("observer"):
        blocks.append(
            Block("attendance-observer", _join(_items(rows["observer"])), kind="attendance", label="列席")
        )
    return blocks


# --- paragraphs -----------------------------------------------------------------------


def _short_org(meeting: Meeting) -> str:
    organisation = meeting.organisation
    return organisation.short_name or organisation.name


def opening_sentences(meeting: Meeting) -> str:
    organisation = meeting.organisation
    name = organisation.name + (f"({organisation.short_name})" if organisation.short_name else "")
    joint = f"暨{meeting.joint_meeting_name}" if meeting.joint_meeting_name else ""
    text = f"{meeting.date_text}，{name}{meeting.name}{joint}在{meeting.place}召开。"
    phases = list(meeting.phases.all())
    if phases:
        parts = "，".join(f"{p.label}{p.description}" for p in phases)
        text += f"会议分为{chinese_count(len(phases))}个阶段，{parts}。"
    return text


def _enumerate_titles(titles: list[str]) -> str:
    if len(titles) <= 1:
        return "".join(titles)
    return "、".join(titles[:-1]) + "和" + titles[-1]


def reports_paragraph(meeting: Meeting) -> str:
    reports = list(meeting.reports.all())
    if not reports:
        return ""
    work = [r.title for r in reports if r.kind == Report.Kind.WORK]
    other = [r.title for r in reports if r.kind != Report.Kind.WORK]
    parts = []
    if work:
        parts.append(_enumerate_titles(work) + "的工作报告")
    if other:
        parts.append(_enumerate_titles(other))
    committee = meeting.term.committee.name
    text = f"{_short_org(meeting)}{committee}{ordinal(meeting.sitting)}次会议审议了{'，'.join(parts)}。"
    return text + meeting.reports_conclusion.strip()


_AGREEING = {Resolution.Outcome.PASSED, Resolution.Outcome.PASSED_IN_PRINCIPLE}


def resolutions_intro(resolutions: list[Resolution]) -> str:
    outcomes = {r.outcome for r in resolutions}
    if len(outcomes) == 1 and outcomes <= _AGREEING:
        return f"本次会议听取、审议并{resolutions[0].get_outcome_display()}了以下决议："
    return "本次会议听取、审议了以下决议："


def resolution_text(resolution: Resolution, mixed: bool) -> str:
    verb = {
        Resolution.Outcome.REJECTED: "不同意",
        Resolution.Outcome.DEFERRED: "暂缓审议",
    }.get(resolution.outcome, "同意")
    text = f"{verb}《{resolution.proposal}》。{resolution.text.strip()}"
    if mixed:
        text = text.rstrip("。") + f"（{resolution.get_outcome_display()}）。"
    if resolution.note.strip():
        text = text.rstrip("。") + f"（注：{resolution.note.strip().rstrip('。')}）。"
    return f"{resolution.number}. {text}"


def speech_paragraph_text(speaker: str, paragraph: SpeechParagraph) -> str:
    points = "".join(
        f"{chinese_numeral(index)}{paragraph.point_marker}{point.text}"
        for index, point in enumerate(paragraph.points.all(), start=1)
    )
    return f"{speaker}{paragraph.lead}{paragraph.text}{points}"


def closing_sentence(meeting: Meeting) -> str:
    return (
        f"{_short_org(meeting)}{meeting.name}在全体与会人员的共同努力下，完成了各项议程，会议取得了圆满成功。"
    )


def minutes_compose(meeting: Meeting) -> Minutes:
    """The minutes of a meeting as a title and an ordered list of paragraphs."""
    overrides = {o.key: o.text for o in meeting.overrides.all()}
    blocks: list[Block] = []

    def add(key: str, generated: str, kind: str = "paragraph") -> None:
        if key in overrides and overrides[key].strip():
            blocks.append(Block(key, overrides[key].strip(), kind, generated=generated, overridden=True))
        elif generated:
            blocks.append(Block(key, generated, kind, generated=generated))

    narrative = meeting.minutes_style == Meeting.MinutesStyle.NARRATIVE
    opening = opening_sentences(meeting) + (attendance_sentences(meeting) if narrative else "")
    add(MinutesOverride.Key.OPENING, opening)
    for speech in meeting.speeches.all():
        for paragraph in speech.paragraphs.all():
            add(f"speech-{paragraph.pk}", speech_paragraph_text(speech.speaker.name, paragraph))
    add(MinutesOverride.Key.REPORTS, reports_paragraph(meeting))
    resolutions = list(meeting.resolutions.all())
    if resolutions:
        mixed = len({r.outcome for r in resolutions}) > 1
        add(MinutesOverride.Key.RESOLUTIONS_INTRO, resolutions_intro(resolutions))
        for resolution in resolutions:
            add(f"resolution-{resolution.number}", resolution_text(resolution, mixed), kind="item")
    recommendations = list(meeting.recommendations.all())
    if recommendations:
        add("recommendations_intro", meeting.recommendations_intro.strip())
        for recommendation in recommendations:
            add(
                f"recommendation-{recommendation.number}",
                f"{recommendation.number}. {recommendation.text.strip()}",
                kind="item",
            )
    for item in meeting.other_business.all():
        add(f"other-{item.pk}", item.text.strip())
    add(MinutesOverride.Key.CLOSING, closing_sentence(meeting))
    if not narrative:
        blocks.extend(attendance_lists(meeting))
    return Minutes(meeting=meeting, title=meeting.minutes_title, blocks=blocks)

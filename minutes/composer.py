"""Compose the text of a meeting's minutes from its structured records, in the seed's style.

Every generated paragraph has a key; the secretariat can replace the text of the keyed ones
(MinutesOverride) and return to the generated text by deleting the override.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from attendees.models import Attendance, AttendanceClause, attendance_clause_order
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
    return Meeting.objects.select_related("organisation", "term__committee__organisation").prefetch_related(
        "phases",
        Prefetch(
            "attendances",
            queryset=Attendance.objects.prefetch_related(Prefetch("person", queryset=people)),
        ),
        "term__memberships",
        "joint_terms__committee",
        "joint_terms__memberships",
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
    return [(p.unit, p.title) for p in row.person.posts_on(row.meeting.starts_on)]


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
        # Each row carries its own title; a run of named rows with the same title (and unit
        # represented) prints it once, so reordering rows never hands a title to someone else.
        title = (row.represented_organisation, row.designation) if row.designation and row.is_named else None
        if title and title == previous_designation and items:
            text, named = items[-1]
            items[-1] = (f"{text}、{row.name}", named)
            continue
        previous_designation = title
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


def _by_clause(meeting: Meeting) -> dict[str, list[Attendance]]:
    """The meeting's attendees by AttendanceClause, each in the list's order."""
    member_ids = {
        m.person_id for term in meeting.terms_taking_part() for m in term.memberships.all() if m.person_id
    }
    groups: dict[str, list[Attendance]] = {}
    for row in meeting.attendances.all():
        clause = row.category
        if clause == Attendance.Category.PRESENT:
            # Members 参加会议; everyone else present (a group too) 出席会议.
            clause = AttendanceClause.MEMBER if row.person_id in member_ids else AttendanceClause.GUEST
        groups.setdefault(clause, []).append(row)
    return groups


def _sentence(clauses: list[str]) -> str:
    clauses = [c for c in clauses if c]
    return "，".join(clauses) + "。" if clauses else ""


def _reporters(rows: list[Attendance]) -> str:
    """ "甲作工作报告，乙、丙作主旨报告": consecutive reporters sharing a verb share it."""
    runs: list[tuple[str, list[Attendance]]] = []
    for row in rows:
        if runs and runs[-1][0] == row.verb:
            runs[-1][1].append(row)
        else:
            runs.append((row.verb, [row]))
    return "，".join(_join(_items(members)) + verb for verb, members in runs)


_VERBS = {
    AttendanceClause.SPOKE: "出席会议并讲话",
    AttendanceClause.GUEST: "出席会议",
    AttendanceClause.MEMBER: "参加会议",
    AttendanceClause.DELEGATE: "参加会议",
    AttendanceClause.OBSERVER: "列席会议",
}
# A clause continues the sentence of the clause printed before it rather than starting its own
# (the seed's "…出席会议，…作工作报告。" and "…参加会议，…列席会议。").
_CONTINUES = {
    (AttendanceClause.GUEST, AttendanceClause.REPORTER),
    (AttendanceClause.MEMBER, AttendanceClause.OBSERVER),
    (AttendanceClause.DELEGATE, AttendanceClause.OBSERVER),
}
_PARTICIPANTS = {AttendanceClause.MEMBER, AttendanceClause.DELEGATE}


def _clauses(meeting: Meeting, rows: dict[str, list[Attendance]]) -> list[tuple[str, str, str]]:
    """(first clause, last clause, text) of each clause printed, in the secretariat's order;
    members and delegates next to each other share one ("…以及…参加会议")."""
    order = [clause for clause in attendance_clause_order(meeting) if rows.get(clause)]
    units: list[tuple[str, str, str]] = []
    for clause in order:
        if clause == AttendanceClause.ABSENT:
            for kind, reason, members in _absence_groups(rows[clause]):
                ending = f"，{reason}{_absence_phrase(kind)}" if reason else _absence_phrase(kind)
                units.append((clause, clause, _join(_items(members)) + ending))
        elif clause == AttendanceClause.REPORTER:
            units.append((clause, clause, _reporters(rows[clause])))
        elif units and {units[-1][1], clause} == _PARTICIPANTS and units[-1][0] == units[-1][1]:
            first, _last, text = units.pop()
            participants = text.removesuffix(_VERBS[first])
            units.append((first, clause, f"{participants}以及{_join(_items(rows[clause]))}{_VERBS[clause]}"))
        else:
            units.append((clause, clause, _join(_items(rows[clause])) + _VERBS[clause]))
    return units


def attendance_sentences(meeting: Meeting) -> str:
    """The narrative attendance sentences of the opening paragraph, their clauses in the order
    the secretariat chose (attendance_clause_order)."""
    sentences: list[list[str]] = []
    previous = None
    for first, last, text in _clauses(meeting, _by_clause(meeting)):
        if sentences and (previous, first) in _CONTINUES:
            sentences[-1].append(text)
        else:
            sentences.append([text])
        previous = last
    return "".join(_sentence(clauses) for clauses in sentences)


_PRESENT = {
    AttendanceClause.SPOKE,
    AttendanceClause.GUEST,
    AttendanceClause.REPORTER,
    AttendanceClause.MEMBER,
    AttendanceClause.DELEGATE,
}


def attendance_lists(meeting: Meeting) -> list[Block]:
    """The 出席 / 请假 / 列席 lists of the list style (GB/T 9704 clause 10.3): the lists stand in
    the standard's order; the 出席 list names its people in the order of their clauses."""
    rows = _by_clause(meeting)
    order = [clause for clause in attendance_clause_order(meeting) if clause in _PRESENT]
    present = [row for clause in order for row in rows.get(clause, [])]
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
    """2020年1月6日，X(CNAS)第四届执行委员会第二次会议在福建泉州召开。 A meeting of the
    organisation's own is convened by it: 2013年11月19日至20日，X(CNAS)在北京召开了第八届全国
    合格评定机构认可工作会议。 A theme follows as official minutes state it: 会议主题为“……”。"""
    organisation = meeting.organisation
    name = organisation.name + (f"({organisation.short_name})" if organisation.short_name else "")
    joint = f"暨{meeting.joint_meeting_name}" if meeting.joint_meeting_name else ""
    if meeting.is_sitting:
        text = f"{meeting.date_text}，{name}{meeting.name}{joint}在{meeting.place}召开"
    else:
        text = f"{meeting.date_text}，{name}在{meeting.place}召开了{meeting.name}{joint}"
    text += f"，会议主题为“{meeting.theme}”。" if meeting.theme else "。"
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
    if meeting.is_sitting:
        committee = meeting.term.committee.name
        who = f"{_short_org(meeting)}{committee}{ordinal(meeting.sitting)}次会议"
    else:
        who = "会议"
    text = f"{who}审议了{'，'.join(parts)}。"
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

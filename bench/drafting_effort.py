"""Benchmark of the secretary's effort: the seed minutes entered through the editor (issue 15).

    python bench/drafting_effort.py [--headed] [--keep] [--no-write]

Prepares a fresh SQLite database in a temporary directory the way `make run` does (migrate,
seed_demo: the seed's committee term, its roster and people), serves it with gunicorn on a
free port of 127.0.0.1, and drives Debian's chromium (Playwright, zh-CN) as the demo
secretary: a new, empty meeting of the seed's term (the next sitting), then every part of the
seed's minutes (000_c9de0890fcbccce7.txt, the 纪要) through the editor, using the shortcuts the
product offers (从委员名单添加 with the roster's seat titles, 修改勾选的人员, the paste boxes, the
speaker carried to the next paragraph); then it downloads the minutes' PDF and checks that every
sentence of the seed's minutes is there, in order, with the sitting number mapped to the new one.
Then, in the same run, a second walk: the next sitting, started from the first with
从上次会议复制 (phases, reports, attendance copied; what differs corrected in place) and given
the same minutes, counted apart.
The editor works in place (htmx): after each submit the script waits for the server's answer
and for the page to settle, not for a navigation.

It counts only what the person does, through the helpers of `Secretary`: characters typed or
pasted (the meeting's prose — speeches, resolutions, recommendations, other business — apart
from everything else), clicks, selections (select options, checkbox ticks) and full page loads
(documents loaded in the main frame; an in-place swap is not one). It prints them and writes
them to docs/performance.md (its own section, replaced on every run).

The text typed is the seed's: the prose is parsed from the seed file at run time; the
structure the prose does not state in a parseable way (who sat in which category, the
speeches' leads) is the small table below, derived from the same file.
"""

import argparse
import datetime
import difflib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from meetings.numerals import chinese_numeral, ordinal  # noqa: E402
from tests.documents.pdfutil import missing_in_order, pdf_text, sentences  # noqa: E402

SEED = Path("/work/shared/seed/000_c9de0890fcbccce7.txt")
if not SEED.exists():
    SEED = ROOT / "tests" / "fixtures" / "seed_package.txt"  # the same file, kept with the tests
PERFORMANCE = ROOT / "docs" / "performance.md"
SECTION_TITLE = "# The secretary's effort (drafting benchmark)"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SEED_SITTING = 2
# A draft's PDF carries a large diagonal 草稿; its characters are not the minutes' text.
DRAFT_MARK_MIN_SIZE = 40

# What the benchmark counts as the meeting's prose; every other part is structure.
PROSE_PARTS = ("speeches", "resolutions", "recommendations", "other business")
TARGETS = {"loads": 5, "other_chars": 100, "clicks_and_selections": 50}

# --- what the seed states, as a table -------------------------------------------------
# The opening paragraph names everyone in sentences; who is in which category is read off it
# once, here (checked against the seed at run time by `attendance_check`).
SPOKE = ["唐军", "王凤清"]  # 出席会议并讲话
GUESTS = ["刘卫军", "许新建", "黄培惠"]  # 出席会议 (not on the roster)
REPORTER = ["肖建华"]  # 作工作报告
OBSERVERS = ["次仁卓嘎", "徐德峰"]  # 列席会议
OBSERVER_GROUP = "CNAS秘书处有关人员"
# The roster's seats as the minutes title them: the title printed once before each run.
MEMBER_TITLE = ("郎志正", "执委")  # 执委郎志正、李新实、段宇宁、陆梅、黄飞
DELEGATES = [("中国特种设备检测研究院", "刘三江", "执委代表"), ("海尔集团", "", "执委代表")]
ABSENT = ["南存辉", "林树青", "莫鉴辉", "喻子达", "杜旻", "马坚", "杨学桐"]
ABSENT_TITLE = "CNAS执委"
ABSENCE_KIND = "未能与会"
# (speaker, lead, point marker) of each paragraph of the speeches, in order.
SPEECHES = [
    ("唐军", "指出，", ""),
    ("唐军", "要求，", "要"),
    ("王凤清", "强调，", ""),
    ("肖建华", "通报了", ""),
]
PHASE_LABELS = ("上午", "下午")


# --- the seed's minutes, parsed -------------------------------------------------------


def seed_minutes(seed_text: str) -> str:
    """The minutes' body (after their title, before 抄送), as the rendering tests take it."""
    return seed_text.split("第二次会议纪要\n", 2)[-1].split("抄送")[0]


def sitting_map(text: str, sitting: int) -> str:
    """The seed's text for the new sitting: only this committee's own sitting is renamed
    (the 专门委员会第二次会议 of a resolution stays)."""
    return text.replace(f"执行委员会{ordinal(SEED_SITTING)}次会议", f"执行委员会{ordinal(sitting)}次会议")


def normalise(line: str) -> str:
    """A line as a person would type it: without the spaces PDF extraction put between Chinese
    and Latin letters or digits (CNAS 执行委员会 → CNAS执行委员会)."""
    line = line.strip()
    return re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", line)


def paragraphs(minutes: str) -> list[str]:
    """The minutes' paragraphs; a page break (a blank line inside a sentence) is mended."""
    out: list[str] = []
    for chunk in re.split(r"\n\s*\n", minutes):
        text = "".join(normalise(line) for line in chunk.splitlines())
        if not text:
            continue
        if out and out[-1][-1] not in "。：；":
            out[-1] += text
        else:
            out.append(text)
    return out


@dataclass
class Speech:
    speaker: str
    lead: str
    text: str
    marker: str = ""
    points: list[str] = field(default_factory=list)


@dataclass
class SeedMinutes:
    """What the secretary enters, read from the seed's minutes."""

    starts_on: datetime.date
    place: str
    joint_meeting_name: str
    phases: list[tuple[str, str]]
    speeches: list[Speech]
    work_reports: list[str]
    other_reports: list[str]
    reports_conclusion: str
    outcome: str  # as the intro says it: 原则通过
    resolutions: list[str]  # as printed, numbered
    recommendations_intro: str
    recommendations: list[str]  # as printed, numbered
    other_business: list[str]
    opening: str


def _points(body: str, marker: str) -> tuple[str, list[str]]:
    """Split 一要…二要… off a paragraph's text."""
    starts, position = [], 0
    for index in range(1, 100):
        found = body.find(f"{chinese_numeral(index)}{marker}", position)
        if found < 0:
            break
        starts.append(found)
        position = found + 1
    if not starts:
        return body, []
    ends = starts[1:] + [len(body)]
    points = [
        body[start + len(chinese_numeral(n)) + len(marker) : end]
        for n, (start, end) in enumerate(zip(starts, ends, strict=True), start=1)
    ]
    return body[: starts[0]], points


def seed_parse(minutes: str) -> SeedMinutes:
    paras = paragraphs(minutes)
    opening = paras[0]
    head = re.match(
        r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日，.*?会议暨(?P<joint>.+?)在(?P<place>.+?)召开。"
        r"会议分为.+?个阶段，(?P<phases>.+?)。",
        opening,
    )
    if head is None:
        raise ValueError("the seed's opening paragraph has an unexpected shape")
    phases = []
    for part in head["phases"].split("，"):
        label = next(label for label in PHASE_LABELS if part.startswith(label))
        phases.append((label, part[len(label) :]))

    speeches = []
    for speaker, lead, marker in SPEECHES:
        paragraph = next(p for p in paras if p.startswith(speaker + lead))
        body = paragraph[len(speaker + lead) :]
        text, points = _points(body, marker) if marker else (body, [])
        speeches.append(Speech(speaker, lead, text, marker, points))

    index = next(i for i, p in enumerate(paras) if "次会议审议了" in p)
    reports = re.search(r"审议了(?P<work>.+?)的工作报告，(?P<other>.+?)。(?P<conclusion>.*)$", paras[index])
    work = reports["work"].split("、")
    work[-1:] = work[-1].split("和")

    intro = next(i for i, p in enumerate(paras) if "以下决议：" in p)
    outcome = re.search(r"审议并(?P<outcome>.+?)了以下决议", paras[intro])["outcome"]
    numbered = re.compile(r"^\d+\.")
    position = intro + 1
    resolutions = []
    while numbered.match(paras[position]):
        resolutions.append(paras[position])
        position += 1
    recommendations_intro = paras[position]
    position += 1
    recommendations = []
    while numbered.match(paras[position]):
        recommendations.append(paras[position])
        position += 1
    other_business = paras[position:-1]  # the last paragraph is the generated closing sentence
    return SeedMinutes(
        starts_on=datetime.date(int(head["y"]), int(head["m"]), int(head["d"])),
        place=head["place"],
        joint_meeting_name=head["joint"],
        phases=phases,
        speeches=speeches,
        work_reports=work,
        other_reports=reports["other"].split("和"),
        reports_conclusion=reports["conclusion"],
        outcome=outcome,
        resolutions=resolutions,
        recommendations_intro=recommendations_intro,
        recommendations=recommendations,
        other_business=other_business,
        opening=opening,
    )


def attendance_check(seed: SeedMinutes) -> list[str]:
    """Names of the table that the seed's opening paragraph does not have (should be none)."""
    names = SPOKE + GUESTS + REPORTER + OBSERVERS + [OBSERVER_GROUP, MEMBER_TITLE[1] + MEMBER_TITLE[0]]
    names += [unit + title + person for unit, person, title in DELEGATES] + [ABSENT_TITLE + ABSENT[0]]
    names += ABSENT + [ABSENCE_KIND]
    return [name for name in names if name not in seed.opening]


def expected_sentences(seed_text: str, sitting: int) -> list[str]:
    """Every sentence of the seed's minutes, as the new sitting's minutes must say it."""
    return sentences(sitting_map(seed_minutes(seed_text), sitting))


def sentences_missing(seed_text: str, sitting: int, text: str) -> list[str]:
    """The seed's sentences not found in `text` (a PDF's, whitespace removed) in order."""
    return missing_in_order(expected_sentences(seed_text, sitting), text)


# --- counting what the person does ----------------------------------------------------


@dataclass
class Effort:
    chars: dict[str, int] = field(default_factory=dict)  # part -> characters typed or pasted
    clicks: int = 0
    selections: int = 0
    loads: int = 0
    step: str = ""  # the part of the walk being done
    by_step: dict[str, dict[str, int]] = field(default_factory=dict)  # step -> what -> count

    def add(self, what: str, n: int = 1) -> None:
        """Count a click, selection or load, overall and for the current step."""
        setattr(self, what, getattr(self, what) + n)
        self._step_add(what, n)

    def _step_add(self, what: str, n: int) -> None:
        counts = self.by_step.setdefault(self.step, {"chars": 0, "clicks": 0, "selections": 0, "loads": 0})
        counts[what] += n

    def typed(self, part: str, text: str) -> None:
        self.chars[part] = self.chars.get(part, 0) + len(text)
        self._step_add("chars", len(text))

    @property
    def prose_chars(self) -> int:
        return sum(n for part, n in self.chars.items() if part in PROSE_PARTS)

    @property
    def other_chars(self) -> int:
        return sum(n for part, n in self.chars.items() if part not in PROSE_PARTS)

    @property
    def clicks_and_selections(self) -> int:
        return self.clicks + self.selections

    def targets(self, missing: list[str]) -> list[tuple[str, str, bool]]:
        """(target, measured, met) for each of the issue's targets."""
        return [
            (f"full page loads ≤ {TARGETS['loads']}", str(self.loads), self.loads <= TARGETS["loads"]),
            (
                f"characters typed outside the prose ≤ {TARGETS['other_chars']}",
                str(self.other_chars),
                self.other_chars <= TARGETS["other_chars"],
            ),
            (
                f"clicks + selections ≤ {TARGETS['clicks_and_selections']}",
                f"{self.clicks} + {self.selections} = {self.clicks_and_selections}",
                self.clicks_and_selections <= TARGETS["clicks_and_selections"],
            ),
            ("every seed sentence reproduced, in order", f"{len(missing)} missing", not missing),
        ]

    def lines(self) -> list[str]:
        parts = sorted(self.chars, key=lambda part: (part not in PROSE_PARTS, part))
        out = [f"characters typed: {self.prose_chars + self.other_chars}"]
        out.append(f"  prose: {self.prose_chars}")
        out += [f"    {part}: {self.chars[part]}" for part in parts if part in PROSE_PARTS]
        out.append(f"  everything else: {self.other_chars}")
        out += [f"    {part}: {self.chars[part]}" for part in parts if part not in PROSE_PARTS]
        out += [f"clicks: {self.clicks}", f"selections: {self.selections}", f"full page loads: {self.loads}"]
        return out


def _next_sitting_table(walk) -> str:
    rows = "\n".join(
        f"| {target} | {measured} | {'met' if met else '**not met**'} |"
        for target, measured, met in walk.effort.targets(walk.missing)
    )
    steps = "\n".join(
        f"| {step} | {c['chars']} | {c['clicks']} | {c['selections']} | {c['loads']} |"
        for step, c in walk.effort.by_step.items()
    )
    parts = ", ".join(
        f"{part} {count}" for part, count in sorted(walk.effort.chars.items()) if part not in PROSE_PARTS
    )
    return f"""
Then, in the same run, {walk.title}: a new meeting of the same term with 从上次会议复制 ticked
(the default once the term has met) takes the first walk's phases, reports and attendance, and
is given the same minutes. {walk.total - len(walk.missing)} of {walk.total} sentences found in
order.

| target (issue 15) | measured | |
|---|---|---|
{rows}

| step | characters | clicks | selections | loads |
|---|---|---|---|---|
{steps}

Outside the prose: {parts}.
"""


def performance_section(
    effort: Effort,
    missing: list[str],
    *,
    total: int,
    command: str,
    when: str,
    notes: str,
    next_sittings=(),
) -> str:
    rows = "\n".join(
        f"| {target} | {measured} | {'met' if met else '**not met**'} |"
        for target, measured, met in effort.targets(missing)
    )
    parts = "\n".join(
        f"| {part} | {'prose' if part in PROSE_PARTS else 'other'} | {count} |"
        for part, count in sorted(
            effort.chars.items(), key=lambda item: (item[0] not in PROSE_PARTS, item[0])
        )
    )
    steps = "\n".join(
        f"| {step} | {c['chars']} | {c['clicks']} | {c['selections']} | {c['loads']} |"
        for step, c in effort.by_step.items()
    )
    found = total - len(missing)
    total_chars = effort.prose_chars + effort.other_chars
    missing_lines = "".join(f"\n- missing: {sentence}" for sentence in missing)
    return f"""{SECTION_TITLE}

Measured with

    {command}

on {when}: the seed minutes entered through the editor, from an empty meeting
of the seed's committee term, by the script driving chromium as the demo secretary (see the
script's docstring for what is counted). {found} of the seed's {total} sentences were found in
order in the downloaded PDF.{missing_lines}

| target (issue 15) | measured | |
|---|---|---|
{rows}

Where the effort goes, step by step (characters, clicks, selections, full page loads):

| step | characters | clicks | selections | loads |
|---|---|---|---|---|
{steps}

Characters typed or pasted, by part of the editor:

| part | counted as | characters |
|---|---|---|
{parts}
| **total** | | **{total_chars}** (prose {effort.prose_chars}, other {effort.other_chars}) |
{"".join(_next_sitting_table(walk) for walk in next_sittings)}
{notes}
"""


def section_replace(document: str, section: str) -> str:
    """`document` with the benchmark's section replaced by `section` (appended the first time).
    The section runs from its title to the next top-level heading."""
    lines = document.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip("\n") == SECTION_TITLE), None)
    if start is None:
        return document.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("# ")), len(lines))
    tail = "".join(lines[end:])
    return "".join(lines[:start]) + section.rstrip("\n") + "\n" + ("\n" + tail if tail else "")


NOTES = """How the parts were entered, and what the editor could not express as the seed has it:

- In place: after 新建会议 and the editor it opens (the two full page loads), every add, paste,
  bulk change and row edit is answered by swapping its section in (htmx); the script waits
  for that answer, never for a navigation.
- Attendance: 从委员名单添加 (the roster: 乔东 with his posts, the twelve members each with
  their seat's title 执委, the two member organisations as 执委代表 rows), one paste of the
  eight people who are not on the roster (all as 出席), then 修改勾选的人员 three times
  (出席并讲话, 作报告, 列席) and once for the seven absentees: 未能与会, their shared reason and
  the title CNAS执委 (the seed titles its absent members so, where the present are 执委) in
  one change; neighbouring rows are ticked with a click and a Shift+click. The observers'
  group (CNAS秘书处有关人员) through the single 添加出席人员 form.
- Still edited in its row (编辑, type, 保存): the delegate of 中国特种设备检测研究院, 刘三江, whom
  the roster does not name (the seat has no contact).
- Speeches: the new paragraph carries the last paragraph's speaker, so a speaker is typed only
  when the speech changes (唐军's second paragraph types none).
- The reports' conclusion and the recommendations' introduction are typed in their sections and
  saved with 保存对报告的审议意见 and 保存意见和建议导语: sentences of the minutes which the
  issue counts outside the prose (only speeches, resolutions, recommendations and other
  business are prose).
- Resolutions: pasted as printed (1. 同意《…》。…); the second resolution's final （注：…）
  goes to its 注 field.
- The 原则通过 outcome is chosen once for the pasted resolutions.
- 从上次会议复制 is unticked for the first walk, which starts from an empty meeting, and left
  ticked for the second (the next sitting): its phases, reports and attendance come from the
  first walk; the absentees, listed as present again by the copy, are marked absent in one
  bulk change. The minutes' own sentences (the reports' conclusion, the recommendations'
  introduction) are never copied.
- Signing in is not counted; counting starts at the dashboard. Pasted text counts as typed.
  A date counts its eight digits. A button pressed counts as a click (Enter in a box would do
  the same). Every paste is Ctrl+V into the box, which previews it at once, then 保存这 N 项
  (one click; two when the list already has items and its box must be opened).
- What is left outside the prose is what the system cannot know of a first sitting: the date,
  place and joint conference's name, the phases' description, which reports were reviewed,
  the sentences concluding the reports and introducing the recommendations (the meeting's
  own words, which the issue counts outside the prose), the guests' names, the absentees'
  reason and title, the speakers' names. Each is typed once; nothing the app could derive is
  typed. A next sitting starts from the last one's phases, reports and attendance
  (从上次会议复制): the second table.
- The two sentences the issue counts outside the prose — the reports' conclusion and the
  recommendations' introduction, 123 characters — exceed the target of 100 by themselves:
  they are the meeting's own words (“会议同意…的年度工作报告…”, “各位执委结合…的讲话…提出了具体意见和
  建议：”), which no shortcut can supply. Counted with the prose, the rest is the structure.
- Before these (2026-11-25 02:15 UTC): 385 characters outside the prose, 49 clicks + 21
  selections; before the in-place editor, the roster's titles and the carried speaker
  (2026-11-25 00:59 UTC): 34 full page loads, 361 characters outside the prose, 40 clicks + 21
  selections.
"""


# --- the browser ----------------------------------------------------------------------


class Secretary:
    """A person at the editor: every action goes through here and is counted."""

    def __init__(self, page, effort: Effort):
        self.page, self.effort = page, effort
        self.inflight: set = set()
        page.on("request", lambda request: self.inflight.add(request))
        page.on("requestfinished", lambda request: self.inflight.discard(request))
        page.on("requestfailed", lambda request: self.inflight.discard(request))
        page.on("domcontentloaded", lambda _page: self._loaded())
        # A confirmation (删除, leaving with unsaved input) is accepted; none is expected.
        page.on("dialog", lambda dialog: dialog.accept())

    def _loaded(self) -> None:
        self.effort.add("loads")

    def type(self, locator, text: str, part: str) -> None:
        locator.fill(text)
        self.effort.typed(part, text)

    def retype(self, locator, text: str, part: str) -> None:
        """Correct a box's text to `text`: only the characters that differ count as typed."""
        before = locator.input_value()
        locator.fill(text)
        matcher = difflib.SequenceMatcher(a=before, b=text, autojunk=False)
        changed = "".join(text[j1:j2] for tag, _i1, _i2, j1, j2 in matcher.get_opcodes() if tag != "equal")
        self.effort.typed(part, changed)

    def paste(self, locator, text: str, part: str) -> None:
        """Paste `text` into a box as the secretary does (Ctrl+V from the clipboard: the page
        sees a real paste event)."""
        self.page.evaluate("text => navigator.clipboard.writeText(text)", text)
        locator.focus()
        self.page.keyboard.press("ControlOrMeta+V")
        self.effort.typed(part, text)

    def tick_range(self, first, last) -> None:
        """Tick `first`, then Shift+click `last`: the rows between are ticked too."""
        self.tick(first)
        last.click(modifiers=["Shift"])
        self.effort.add("selections")

    def type_date(self, locator, value: datetime.date, part: str) -> None:
        # Chromium's date field takes the digits; the separators are its own.
        locator.fill(value.isoformat())
        self.effort.typed(part, value.strftime("%Y%m%d"))

    def click(self, locator) -> None:
        locator.click()
        self.effort.add("clicks")

    def select(self, locator, label: str) -> None:
        if locator.evaluate("(el, label) => el.selectedOptions[0]?.label === label", label):
            return  # already the choice: nothing to do
        locator.select_option(label=label)
        self.effort.add("selections")

    def tick(self, locator, on: bool = True) -> None:
        if locator.is_checked() != on:
            locator.set_checked(on)
            self.effort.add("selections")

    def submit(self, locator, method: str = "POST") -> None:
        """Press a button (or an htmx link: method GET) and wait for the server's answer — swapped
        into the page by htmx in the editor, a new page only for 新建会议 — then until the page
        has settled (the swap, the preview's refresh); then make sure it reported no error."""

        def answer(response) -> bool:
            request = response.request
            return request.method == method and (method == "POST" or request.headers.get("hx-request"))

        with self.page.expect_response(answer):
            self.click(locator)
        self.settle()
        self.no_errors()

    def settle(self, quiet_ms: int = 300, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        quiet_since = None
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(50)
            try:
                ready = self.page.evaluate("document.readyState") == "complete"
            except Exception:  # the document is being replaced
                ready = False
            if ready and not self.inflight:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= quiet_ms / 1000:
                    return
            else:
                quiet_since = None
        raise TimeoutError(f"the page did not settle: {[r.url for r in self.inflight]}")

    def no_errors(self) -> None:
        problems = self.page.locator(".invalid-feedback:visible, .alert-danger:visible, #conflict:visible")
        if problems.count():
            raise RuntimeError(f"the editor refused the input: {' | '.join(problems.all_inner_texts())}")


def expect_value(locator, text: str) -> None:
    """The field shows `text` after its section was swapped in again (what was saved)."""
    from playwright.sync_api import expect

    expect(locator).to_have_value(text)


def by_name(page, name: str):
    return page.locator(f"[name='{name}']")


def attendance_row(page, label: str):
    """The attendance list's row whose name ends with `label` (or starts with it: ^unit)."""
    pattern = re.compile(label if label.startswith("^") else re.escape(label) + "$")
    return page.locator("tr", has=page.locator("label", has_text=pattern))


def meeting_create(me: Secretary, seed: SeedMinutes, *, copy_previous: bool = False) -> int:
    page = me.page
    me.click(page.get_by_role("link", name="新建会议").first)
    me.settle()
    term = page.locator("[name='term']")
    label = term.evaluate("el => el.selectedOptions[0]?.label || ''")
    if "第四届执行委员会" not in label:
        me.select(term, next(o for o in term.locator("option").all_inner_texts() if "第四届执行委员会" in o))
        me.settle()
    sitting = int(by_name(page, "sitting").input_value())
    me.type_date(by_name(page, "starts_on"), seed.starts_on, "meeting")
    me.type(by_name(page, "place"), seed.place, "meeting")
    me.type(by_name(page, "joint_meeting_name"), seed.joint_meeting_name, "meeting")
    # The first pass starts from an empty meeting; the next sitting from the last one (the
    # box is ticked by default when the term met before).
    me.tick(by_name(page, "copy_previous"), on=copy_previous)
    me.submit(page.get_by_role("button", name="创建并开始起草"))
    page.get_by_role("heading", name=f"执行委员会{ordinal(sitting)}次会议纪要").wait_for()
    return sitting


def _copied(me: Secretary, slug: str) -> bool:
    """Whether the section's list came with the meeting (从上次会议复制)."""
    return me.page.locator(f"#sec-{slug} [data-move-url]").count() > 0


def phases_enter(me: Secretary, seed: SeedMinutes) -> None:
    page = me.page
    if _copied(me, "phase"):
        # The last sitting's phases: a description naming that sitting is corrected in its row
        # (编辑, the characters that differ, 保存).
        for label, description in seed.phases:
            row = page.locator("#sec-phase li[data-move-url]", has_text=label).first
            if description in row.inner_text():
                continue
            me.submit(row.get_by_role("link", name="编辑", exact=True), method="GET")
            box = by_name(page, "edit-phase-description")
            me.retype(box, description, "phases")
            me.submit(page.locator("#sec-phase").get_by_role("button", name="保存", exact=True))
        return
    for label, description in seed.phases:
        me.type(by_name(page, "phase-label"), label, "phases")
        me.type(by_name(page, "phase-description"), description, "phases")
        me.submit(page.get_by_role("button", name="添加到“会议阶段”"))


def paste(me: Secretary, slug: str, lines: list[str], part: str, choice: str = "") -> None:
    """One paste box (open already when its list is empty): the choice made once, the block
    pasted — which previews it at once — then 保存这 N 项."""
    page = me.page
    box = page.locator(f"#paste-{slug}")
    if not box.evaluate("el => el.open"):
        me.click(box.locator("summary"))
    if choice:
        me.select(by_name(page, f"paste-{slug}-choice"), choice)
    with page.expect_response(lambda r: r.request.method == "POST" and "/paste/" in r.url):
        me.paste(by_name(page, f"paste-{slug}-items"), "\n".join(lines), part)
    me.settle()
    me.no_errors()
    me.submit(page.get_by_role("button", name=re.compile(r"保存这 \d+ 项")))


def attendance_bulk(
    me: Secretary,
    names: list[str],
    category: str,
    *,
    kind: str = "",
    reason: str = "",
    designation: str = "",
) -> None:
    page = me.page
    labels = page.locator("[name='bulk-rows']").evaluate_all(
        "boxes => boxes.map(b => b.getAttribute('aria-label'))"
    )
    wanted = sorted(next(i for i, label in enumerate(labels) if label.endswith(name)) for name in names)
    # Runs of three or more neighbouring rows: the first ticked, the last Shift+clicked.
    runs: list[list[int]] = []
    for index in wanted:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    boxes = page.locator("[name='bulk-rows']")
    for run in runs:
        if len(run) >= 3:
            me.tick_range(boxes.nth(run[0]), boxes.nth(run[-1]))
        else:
            for index in run:
                me.tick(boxes.nth(index))
    me.select(by_name(page, "bulk-category"), category)
    if kind:
        me.select(by_name(page, "bulk-absence_kind"), kind)
    if reason:
        me.type(by_name(page, "bulk-absence_reason"), reason, "attendance")
    if designation:
        me.type(by_name(page, "bulk-designation"), designation, "attendance")
    me.submit(page.get_by_role("button", name="修改勾选的人员"))


def attendance_edit(me: Secretary, label: str, *, person: str = "", designation: str = "") -> None:
    page = me.page
    row = attendance_row(page, label)
    # The row's 编辑 swaps its form into the list in place (htmx).
    me.submit(row.get_by_role("link", name="编辑", exact=True), method="GET")
    # Only what the row does not already say is typed (the roster gave the delegate its title).
    for name, value in (("person_name", person), ("designation", designation)):
        box = by_name(page, f"edit-attendance-{name}")
        if value and box.input_value() != value:
            me.type(box, value, "attendance")
    me.submit(page.locator("#sec-attendance").get_by_role("button", name="保存", exact=True))


def attendance_enter(me: Secretary, seed: SeedMinutes) -> None:
    page = me.page
    reason = re.search(rf"{re.escape(ABSENT[-1])}，(?P<reason>.+?){ABSENCE_KIND}", seed.opening)["reason"]
    if _copied(me, "attendance"):
        # The last sitting's list, everyone in their category and with their title, the
        # absentees listed as present again: only who is absent this time is said.
        attendance_bulk(me, ABSENT, "缺席", kind=ABSENCE_KIND, reason=reason)
        return
    me.submit(page.get_by_role("button", name=re.compile(r"从委员名单添加")))
    # Everyone not on the roster in one paste, then the categories in bulk.
    paste(me, "attendance", SPOKE + GUESTS + REPORTER + OBSERVERS, "attendance", "出席")
    attendance_bulk(me, SPOKE, "出席并讲话")
    attendance_bulk(me, REPORTER, "作报告")
    attendance_bulk(me, OBSERVERS, "列席")
    # The absentees' category, reason and title (CNAS执委, where the present are 执委) at once.
    attendance_bulk(me, ABSENT, "缺席", kind=ABSENCE_KIND, reason=reason, designation=ABSENT_TITLE)
    # The group of observers.
    me.type(by_name(page, "attendance-group_name"), OBSERVER_GROUP, "attendance")
    me.select(by_name(page, "attendance-category"), "列席")
    me.submit(page.get_by_role("button", name="添加出席人员"))
    # 从委员名单添加 gave every member the roster's seat title (执委) and each member
    # organisation's seat a delegate row (执委代表). Left to a row's 编辑 form: the delegate the
    # roster does not name (no contact on the seat).
    for unit, person, title in DELEGATES:
        if not attendance_row(page, "^" + re.escape(unit + title + person)).count():
            attendance_edit(me, "^" + re.escape(unit), person=person, designation=title)


def speeches_enter(me: Secretary, seed: SeedMinutes) -> None:
    page = me.page
    for speech in seed.speeches:
        # The form carries the last paragraph's speaker: typed only when it changes.
        if by_name(page, "paragraph-speaker").input_value() != speech.speaker:
            me.type(by_name(page, "paragraph-speaker"), speech.speaker, "speech structure")
        if by_name(page, "paragraph-lead").input_value() != speech.lead:
            me.type(by_name(page, "paragraph-lead"), speech.lead, "speeches")
        me.type(by_name(page, "paragraph-text"), speech.text, "speeches")
        if speech.points:
            me.type(by_name(page, "paragraph-point_marker"), speech.marker, "speech structure")
            me.type(by_name(page, "paragraph-points"), "\n".join(speech.points), "speeches")
        me.submit(page.get_by_role("button", name="添加讲话段落"))


def section_text_save(me: Secretary, slug: str, name: str, text: str, button: str) -> None:
    """The sentence a section's list starts or ends with (the reports' conclusion, the
    recommendations' introduction), typed and saved in that section."""
    section = me.page.locator(f"#sec-{slug}")
    me.type(section.locator(f"#id_{name}"), text, name.replace("_", " "))
    me.submit(section.get_by_role("button", name=button))
    expect_value(section.locator(f"#id_{name}"), text)


def reports_enter(me: Secretary, seed: SeedMinutes) -> None:
    if not _copied(me, "report"):  # the same bodies report every year
        paste(me, "report", seed.work_reports, "reports", "工作报告")
        paste(me, "report", seed.other_reports, "reports", "其他报告或事项")
    section_text_save(me, "report", "reports_conclusion", seed.reports_conclusion, "保存对报告的审议意见")


def resolutions_enter(me: Secretary, seed: SeedMinutes) -> None:
    paste(me, "resolution", seed.resolutions, "resolutions", seed.outcome)


def recommendations_enter(me: Secretary, seed: SeedMinutes) -> None:
    section_text_save(
        me, "recommendation", "recommendations_intro", seed.recommendations_intro, "保存意见和建议导语"
    )
    paste(me, "recommendation", seed.recommendations, "recommendations")


def other_business_enter(me: Secretary, seed: SeedMinutes) -> None:
    page = me.page
    for text in seed.other_business:
        me.type(by_name(page, "other-text"), text, "other business")
        me.submit(page.get_by_role("button", name="添加到“其他事项”"))


def pdf_download(me: Secretary, path: Path) -> bytes:
    with me.page.expect_download() as downloaded:
        me.click(me.page.get_by_role("link", name="下载 PDF"))
    downloaded.value.save_as(path)
    return path.read_bytes()


# --- the server -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(tmp: Path, port: int, password: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        DOCUMENT_CACHE_DIR=str(tmp / "cache"),
        DJANGO_BEHIND_TLS_PROXY="0",
        DEMO_PASSWORD=password,
        HOST="127.0.0.1",
        PORT=str(port),
        GUNICORN_WORKERS="2",
    )
    env.pop("DJANGO_DEBUG", None)
    if not env.get("DJANGO_SECRET_KEY") and not env.get("DJANGO_SECRET_KEY_FILE"):
        env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def server_start(tmp: Path, port: int, password: str) -> subprocess.Popen:
    """`make prepare` against the throwaway database, then gunicorn as `make run` starts it
    (without the e-mail worker: nothing here sends mail)."""
    env = server_environment(tmp, port, password)
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    manage = [python, str(ROOT / "manage.py")]
    for command in (
        ["compilemessages", "--ignore=.venv", "--ignore=node_modules", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["prepare_fonts"],
        ["prepare_signing"],
        ["migrate", "--noinput", "-v0"],
        ["seed_demo"],
    ):
        started = time.monotonic()
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"prepared: {command[0]} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    log = open(tmp / "server.log", "w")  # noqa: SIM115 (open for the server's lifetime)
    server = subprocess.Popen(
        [python, "-m", "gunicorn"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.1)
        if server.poll() is not None:
            break
    server.terminate()
    raise RuntimeError(f"the server did not start; see {tmp / 'server.log'}")


# --- the run --------------------------------------------------------------------------


@dataclass
class Pass:
    """One walk through the editor: its effort and what the PDF lacked."""

    title: str
    effort: Effort
    missing: list[str]
    total: int
    sitting: int


def _walk(me: Secretary, seed_text: str, pdf: Path, *, copy_previous: bool) -> tuple[int, bytes]:
    """New meeting, every part of the seed's minutes, the PDF: (the sitting, the PDF's bytes)."""
    me.effort.step = "new meeting (新建会议)"
    sitting = meeting_create(me, seed_parse(seed_minutes(seed_text)), copy_previous=copy_previous)
    # The secretary types the new sitting where the seed names its own.
    seed = seed_parse(sitting_map(seed_minutes(seed_text), sitting))
    unknown = attendance_check(seed)
    if unknown:
        raise RuntimeError(f"the attendance table does not match the seed: {unknown}")
    for me.effort.step, enter in [
        ("phases", phases_enter),
        ("attendance", attendance_enter),
        ("speeches", speeches_enter),
        ("reports", reports_enter),
        ("resolutions", resolutions_enter),
        ("recommendations", recommendations_enter),
        ("other business", other_business_enter),
    ]:
        enter(me, seed)
    me.effort.step = "download the PDF"
    return sitting, pdf_download(me, pdf)


def run(*, headed: bool, tmp: Path) -> list[Pass]:
    """The first sitting entered from an empty meeting, then the next sitting started from it
    (从上次会议复制: phases, reports, attendance) and given the same minutes."""
    from playwright.sync_api import sync_playwright

    seed_text = SEED.read_text(encoding="utf-8")
    port, password = _free_port(), secrets.token_urlsafe(16)
    server = server_start(tmp, port, password)
    base = f"http://127.0.0.1:{port}"
    passes = []
    try:
        with sync_playwright() as playwright:
            args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=not headed,
                args=(["--headless"] if not headed else []) + args,
            )
            context = browser.new_context(
                locale="zh-CN",
                viewport={"width": 1400, "height": 1000},
                accept_downloads=True,
                permissions=["clipboard-read", "clipboard-write"],
            )
            context.set_default_timeout(30_000)
            page = context.new_page()
            # Signing in is not drafting: the counting starts at the dashboard.
            page.goto(base + "/")
            page.fill("#id_username", "secretary")
            page.fill("#id_password", password)
            page.get_by_role("button", name="登录").click()
            page.get_by_role("heading", name="工作台").wait_for()
            me = Secretary(page, Effort())
            walks = [
                ("an empty meeting (nothing to copy)", False),
                ("the next sitting (从上次会议复制)", True),
            ]
            for number, (title, copy_previous) in enumerate(walks, start=1):
                if number > 1:
                    me.effort = Effort()  # back at the dashboard: not counted
                    page.goto(base + "/")
                    page.get_by_role("heading", name="工作台").wait_for()
                    me.effort = Effort()
                sitting, data = _walk(
                    me, seed_text, tmp / f"minutes-{number}.pdf", copy_previous=copy_previous
                )
                expected = expected_sentences(seed_text, sitting)
                missing = missing_in_order(expected, pdf_text(data, max_size=DRAFT_MARK_MIN_SIZE))
                passes.append(Pass(title, me.effort, missing, len(expected), sitting))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return passes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--headed", action="store_true", help="show the browser")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (database, PDF, log)"
    )
    parser.add_argument("--no-write", action="store_true", help="do not write docs/performance.md")
    options = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="bench-drafting-"))
    try:
        first, *others = run(headed=options.headed, tmp=tmp)
    except Exception:
        print(f"failed; the server's log and the database are kept in {tmp}", file=sys.stderr)
        raise
    for walk in [first, *others]:
        print(f"== {walk.title}")
        print(
            f"new meeting: sitting {walk.sitting}; {walk.total - len(walk.missing)} of {walk.total}"
            " seed sentences found in order"
        )
        for sentence in walk.missing:
            print(f"  missing: {sentence}")
        print("\n".join(walk.effort.lines()))
        for target, measured, met in walk.effort.targets(walk.missing):
            print(f"{'met    ' if met else 'NOT MET'}  {target}: {measured}")
    if not options.no_write:
        section = performance_section(
            first.effort,
            first.missing,
            total=first.total,
            command=".venv/bin/python bench/drafting_effort.py",
            when=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            notes=NOTES,
            next_sittings=others,
        )
        PERFORMANCE.write_text(
            section_replace(PERFORMANCE.read_text(encoding="utf-8"), section), encoding="utf-8"
        )
        print(f"written to {PERFORMANCE.relative_to(ROOT)}")
    if options.keep:
        print(f"kept: {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if not any(walk.missing for walk in [first, *others]) else 1


if __name__ == "__main__":
    sys.exit(main())

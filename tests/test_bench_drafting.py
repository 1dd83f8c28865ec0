"""The pure parts of bench/drafting_effort.py: reading the seed, counting, checking sentences and
writing the figures. The benchmark itself drives a browser and is not a test; these parts are
what its figures rest on."""

import re

from bench import drafting_effort as bench
from meetings.numerals import chinese_numeral

from .documents.pdfutil import SEED, squash

SEED_TEXT = SEED.read_text(encoding="utf-8")


def _seed(sitting: int = 5) -> bench.SeedMinutes:
    return bench.seed_parse(bench.sitting_map(bench.seed_minutes(SEED_TEXT), sitting))


def test_the_seed_parses_into_the_parts_the_secretary_enters():
    seed = _seed()
    assert seed.starts_on.isoformat() == "2019-12-17"
    assert (seed.place, seed.joint_meeting_name) == ("福建泉州", "第八届全国合格评定机构认可工作会议")
    assert seed.phases == [
        ("上午", "与第八届全国合格评定机构认可工作会议合并召开"),
        ("下午", "为第四届执行委员会第五次会议专门会议"),  # the new sitting, typed as such
    ]
    assert [(s.speaker, s.lead, len(s.points)) for s in seed.speeches] == [
        ("唐军", "指出，", 0),
        ("唐军", "要求，", 5),
        ("王凤清", "强调，", 0),
        ("肖建华", "通报了", 0),
    ]
    assert len(seed.work_reports) == 7 and seed.work_reports[0] == "秘书处"
    assert seed.other_reports == ["CNAS新认可制度研发进展报告", "2020年重点工作"]
    assert seed.outcome == "原则通过"
    assert [r[:2] for r in seed.resolutions] == ["1.", "2."]
    assert len(seed.recommendations) == 6
    assert seed.other_business[0].startswith("会议期间，")
    assert bench.attendance_check(seed) == []


def test_what_is_typed_is_exactly_the_seeds_prose():
    seed = _seed(sitting=2)
    minutes = squash(bench.seed_minutes(SEED_TEXT))
    for speech in seed.speeches:
        points = "".join(
            f"{chinese_numeral(n)}{speech.marker}{point}" for n, point in enumerate(speech.points, start=1)
        )
        assert speech.speaker + speech.lead + speech.text + points in minutes
    for typed in [seed.reports_conclusion, seed.recommendations_intro, *seed.other_business]:
        assert typed in minutes
    for numbered in seed.resolutions + seed.recommendations:
        assert numbered in minutes
    # A page break inside a sentence is mended, and no PDF-extraction space is typed.
    assert any("会议采取集中大会" in r for r in seed.resolutions)
    assert not any(re.search(r"\s", text) for text in seed.resolutions + seed.recommendations)


def test_only_this_committees_sitting_is_renamed():
    mapped = bench.sitting_map(bench.seed_minutes(SEED_TEXT), 5)
    assert "执行委员会第二次会议" not in mapped
    assert mapped.count("执行委员会第五次会议") == 4  # opening, phase, reports, closing
    assert "第四届专门委员会第二次会议" in mapped  # a resolution's own text


def test_the_sentence_check_finds_a_missing_or_misplaced_sentence():
    expected = bench.expected_sentences(SEED_TEXT, 5)
    assert len(expected) > 50
    whole = "".join(expected)
    assert bench.sentences_missing(SEED_TEXT, 5, "标题" + whole + "出席：…") == []
    assert bench.sentences_missing(SEED_TEXT, 5, whole.replace(expected[10], "")) == [expected[10]]
    swapped = whole.replace(expected[3] + expected[4], expected[4] + expected[3])
    assert bench.sentences_missing(SEED_TEXT, 5, swapped) == [expected[4]]
    # The seed's own sitting number is not the new meeting's.
    assert bench.sentences_missing(SEED_TEXT, 5, squash(bench.seed_minutes(SEED_TEXT)))


def test_effort_counts_prose_apart_from_everything_else_and_judges_the_targets():
    effort = bench.Effort()
    effort.typed("speeches", "唐军指出，")
    effort.typed("resolutions", "1.同意")
    effort.typed("attendance", "执委")
    effort.typed("attendance", "CNAS执委")
    effort.typed("meeting info", "x" * 95)
    effort.clicks, effort.selections, effort.loads = 30, 20, 5
    assert (effort.prose_chars, effort.other_chars) == (9, 103)
    assert effort.chars["attendance"] == 8
    verdicts = {target.split(" ≤")[0]: met for target, _measured, met in effort.targets([])}
    assert verdicts == {
        "full page loads": True,
        "characters typed outside the prose": False,
        "clicks + selections": True,
        "every seed sentence reproduced, in order": True,
    }
    effort.selections += 1
    effort.loads += 1
    assert not any(met for _t, _m, met in effort.targets(["a sentence"])[::2])
    assert "  prose: 9" in effort.lines() and "full page loads: 6" in effort.lines()


def test_the_figures_replace_their_own_section_and_nothing_else():
    effort = bench.Effort(chars={"speeches": 10, "phases": 4}, clicks=3, selections=1, loads=7)
    section = bench.performance_section(effort, [], total=55, command="cmd", when="today", notes="notes")
    assert section.startswith(bench.SECTION_TITLE + "\n")
    assert "| full page loads ≤ 5 | 7 | **not met** |" in section
    before = "# Renderer performance\n\ntext\n\n# Downloading\n\nmore\n"
    once = bench.section_replace(before, section)
    assert once.startswith(before) and once.count(bench.SECTION_TITLE) == 1
    again = bench.section_replace(once, section.replace("| 7 |", "| 3 |"))
    assert again.count(bench.SECTION_TITLE) == 1 and "| 3 |" in again and "| 7 |" not in again
    # A section in the middle keeps what follows it.
    middle = bench.section_replace(
        "# A\n\na\n\n" + section + "\n# B\n\nb\n", section.replace("| 7 |", "| 2 |")
    )
    assert middle.startswith("# A\n") and middle.endswith("# B\n\nb\n") and "| 2 |" in middle


def test_effort_is_also_counted_per_step():
    effort = bench.Effort()
    effort.step = "attendance"
    effort.add("clicks")
    effort.add("loads", 2)
    effort.typed("attendance", "执委")
    effort.step = "speeches"
    effort.add("selections")
    assert effort.by_step == {
        "attendance": {"chars": 2, "clicks": 1, "selections": 0, "loads": 2},
        "speeches": {"chars": 0, "clicks": 0, "selections": 1, "loads": 0},
    }
    assert (effort.clicks, effort.selections, effort.loads) == (1, 1, 2)
    section = bench.performance_section(effort, [], total=1, command="c", when="w", notes="")
    assert "| attendance | 2 | 1 | 0 | 2 |" in section


def test_the_next_sitting_has_its_own_table():
    first = bench.Effort(chars={"speeches": 10, "phases": 4}, clicks=3)
    following = bench.Effort(chars={"speeches": 10, "meeting": 12}, clicks=2, selections=1, loads=2)
    following.by_step = {"attendance": {"chars": 0, "clicks": 1, "selections": 1, "loads": 0}}
    walk = bench.Pass("the next sitting (从上次会议复制)", following, ["a sentence"], 55, 6)
    section = bench.performance_section(
        first, [], total=55, command="c", when="w", notes="", next_sittings=[walk]
    )
    table = section.split("Then, in the same run, the next sitting (从上次会议复制)")[1]
    assert "54 of 55 sentences" in table
    assert "| characters typed outside the prose ≤ 100 | 12 | met |" in table
    assert "| clicks + selections ≤ 50 | 2 + 1 = 3 | met |" in table
    assert "| attendance | 0 | 1 | 1 | 0 |" in table
    assert "Outside the prose: meeting 12." in table

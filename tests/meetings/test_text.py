"""Pasted lists split into items, and what the minutes add taken off typed text."""

import pytest
from django.core.exceptions import ValidationError

from meetings.text import (
    ending_strip,
    note_unwrap,
    numbering_strip,
    paste_split,
    point_lead_strip,
    resolution_split,
    title_unwrap,
    trailing_note_split,
)


@pytest.mark.parametrize(
    "line",
    [
        "1. 甲",
        "1.甲",
        "1．甲",
        "1、甲",
        "(1)甲",
        "（1）甲",
        "（1） 甲",
        "①甲",
        "一、甲",
        "（一）甲",
        "(一)甲",
        "十二、甲",
    ],
)
def test_every_numbering_style_is_taken_off(line):
    assert numbering_strip(line) == "甲"
    assert [item.text for item in paste_split(line)] == ["甲"]


@pytest.mark.parametrize("text", ["1.5亿元的投入", "2020年重点工作", "一带一路", "一是建立", "1."])
def test_what_is_not_a_list_number_stays(text):
    assert numbering_strip(text) == text


def test_blank_lines_are_skipped_and_lines_are_numbered_as_pasted():
    items = paste_split("\n甲\n\n  乙  \r\n丙\n\n")
    assert [(item.line, item.text) for item in items] == [(2, "甲"), (4, "乙"), (5, "丙")]


def test_in_a_numbered_block_a_line_without_number_continues_the_item_above():
    block = "1. 会议采取集\n中大会和分会场形式。\n2、第二项\nISO\nIEC 17025\n（三）第三项"
    items = paste_split(block)
    assert [(item.line, item.text) for item in items] == [
        (1, "1. 会议采取集中大会和分会场形式。".removeprefix("1. ")),
        (3, "第二项ISO IEC 17025"),
        (6, "第三项"),
    ]


def test_speech_points_lose_their_ordinal_lead():
    items = paste_split("一要加强监管。\n二要提升能力。\n三是改进作风。", ordinal_leads=True)
    assert [item.text for item in items] == ["加强监管。", "提升能力。", "改进作风。"]
    # Without ordinal leads (a recommendation) "一要" is the text itself.
    assert paste_split("一要加强监管。")[0].text == "一要加强监管。"


@pytest.mark.parametrize("block", ["", "   ", "\n\n \n"])
def test_an_empty_paste_is_refused(block):
    with pytest.raises(ValidationError) as refused:
        paste_split(block)
    assert refused.value.messages == ["请粘贴至少一行内容。"]


def test_a_line_too_long_is_refused_by_its_line_number_never_cut():
    with pytest.raises(ValidationError) as refused:
        paste_split("甲\n\n1. " + "乙" * 201 + "\n2. 丙", max_length=200)
    assert refused.value.messages == ["第 3 行有 201 个字，超过了 200 个字的上限，请缩短或拆分。"]


def test_too_many_items_are_refused():
    with pytest.raises(ValidationError, match="最多"):
        paste_split("\n".join("甲" for _ in range(201)))


def test_the_normalisations():
    assert point_lead_strip("一要加强", "要") == "加强"
    assert point_lead_strip("十二要加强", "要") == "加强"
    assert point_lead_strip("一带一路", "要") == "一带一路"
    assert note_unwrap("（注：会后发布）") == "会后发布"
    assert note_unwrap("(注:会后发布)。") == "会后发布"
    assert note_unwrap("注：会后发布") == "会后发布"
    assert note_unwrap("（见附件）") == "（见附件）"
    assert title_unwrap("《关于A的提案》") == "关于A的提案"
    assert title_unwrap("关于《章程》的提案") == "关于《章程》的提案"
    assert ending_strip("秘书处的工作报告", ("的工作报告", "工作报告")) == "秘书处"
    assert ending_strip("的工作报告", ("的工作报告",)) == "的工作报告"  # never empty
    assert resolution_split("2. 同意《关于A的提案》。拟定……") == ("关于A的提案", "拟定……")
    assert resolution_split("关于B的提案") == ("关于B的提案", "")


@pytest.mark.parametrize(
    ("pasted", "split"),
    [
        # The seed's second resolution: the note printed last goes to its own field.
        (
            "拟定3月召开会议（注：由于疫情防控要求，会议时间将延后，另文通知）。",
            ("拟定3月召开会议。", "由于疫情防控要求，会议时间将延后，另文通知"),
        ),
        ("拟定3月召开会议(注:另文通知)", ("拟定3月召开会议。", "另文通知")),
        # Brackets inside the note are the note's own.
        (
            "拟定召开会议。（注：会议形式（线上或线下）另定）。",
            ("拟定召开会议。", "会议形式（线上或线下）另定"),
        ),
        # Brackets that are not a note, a note alone, unbalanced brackets: left whole.
        ("拟定召开会议（线上）。", ("拟定召开会议（线上）。", "")),
        ("（注：另文通知）", ("（注：另文通知）", "")),
        ("拟定召开会议注：另文通知）。", ("拟定召开会议注：另文通知）。", "")),
        ("拟定召开会议。", ("拟定召开会议。", "")),
        # A question keeps its mark; a half-width note with a half-width stop is a note too.
        ("是否延期召开？（注：另文通知）", ("是否延期召开？", "另文通知")),
        ("拟定召开会议(注:另文通知).", ("拟定召开会议。", "另文通知")),
    ],
)
def test_trailing_note_split(pasted, split):
    assert trailing_note_split(pasted) == split

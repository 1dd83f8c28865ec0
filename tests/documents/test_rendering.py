import io
import re
import subprocess

import pytest
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader

from meetings.models import Meeting
from minutes.composer import meeting_for_minutes, minutes_compose
from minutes.document import render_minutes_pdf
from minutes.models import MinutesOverride
from notices.document import render_notice_pdf

from .pdfutil import LINE, MM, SEED, em_bottom, em_top, missing_in_order, open_pdf, pdf_text, sentences

pytestmark = pytest.mark.django_db


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def _seed_minutes() -> str:
    return _seed_text().split("第二次会议纪要\n", 2)[-1].split("抄送")[0]


def test_composed_minutes_equal_the_seed_minutes(seed_meeting):
    minutes = minutes_compose(meeting_for_minutes(seed_meeting.pk))
    assert re.sub(r"\s+", "", minutes.text) == re.sub(r"\s+", "", _seed_minutes())


def test_package_pdf_reproduces_every_seed_sentence_in_order(package_pdf):
    expected = sentences(_seed_text())
    assert len(expected) > 60
    assert missing_in_order(expected, pdf_text(package_pdf)) == []


def test_minutes_only_pdf_carries_the_minutes(seed_meeting):
    text = pdf_text(render_minutes_pdf(seed_meeting))
    assert text.startswith("中国合格评定国家认可委员会第四届执行委员会第二次会议纪要")
    assert missing_in_order(sentences(_seed_minutes()), text) == []


def test_header_positions_follow_gbt9704(package_pdf):
    with open_pdf(package_pdf) as pdf:
        page = pdf.pages[0]
        height = page.height
        assert (round(page.width * MM), round(height * MM)) == (210, 297)
        chars = page.chars
        mark = [c for c in chars if c["size"] > 24]
        number = [c for c in chars if abs(c["size"] - 16) < 0.5 and c["text"] == "认"][0]
        title = [c for c in chars if abs(c["size"] - 22) < 0.5]
        rule = [r for r in page.rects if r["non_stroking_color"] and r["non_stroking_color"][0] > 0.8][0]
        # The red issuer mark: top edge 35 mm below the type area (37 mm), centred, same red as the rule.
        assert em_top(mark[0], height) == pytest.approx(37 + 35, abs=1)
        mark_centre = (mark[0]["x0"] + mark[-1]["x1"]) / 2 * MM
        assert mark_centre == pytest.approx(28 + 156 / 2, abs=1)
        assert {c["non_stroking_color"] for c in mark} == {rule["non_stroking_color"]}
        # The number two blank grid lines below the mark.
        expected = em_bottom(mark[0], height) + 2 * LINE + (LINE - 16 * MM) / 2
        assert em_top(number, height) == pytest.approx(expected, abs=1)
        # The red rule 4 mm under the number, as wide as the type area.
        assert rule["top"] * MM == pytest.approx(em_bottom(number, height) + 4, abs=1)
        assert rule["x0"] * MM == pytest.approx(28, abs=0.5)
        assert rule["x1"] * MM == pytest.approx(184, abs=0.5)
        # The title two blank lines below the red rule.
        title_line = 22 * 1.4 * MM
        expected = rule["bottom"] * MM + 2 * LINE + (title_line - 22 * MM) / 2
        assert em_top(title[0], height) == pytest.approx(expected, abs=1)
        # 主送 flush left.
        recipients = [w for w in page.extract_words() if w["text"].startswith("CNAS执行委员会委员：")][0]
        assert recipients["x0"] * MM == pytest.approx(28, abs=0.5)


def _page_number_chars(page):
    return sorted((c for c in page.chars if c["top"] * MM > 262.5), key=lambda c: c["x0"])


def test_page_numbers_alternate_sides_seven_mm_below_the_type_area(package_pdf):
    with open_pdf(package_pdf) as pdf:
        assert len(pdf.pages) >= 4
        for number, page in enumerate(pdf.pages, start=1):
            chars = _page_number_chars(page)
            assert "".join(c["text"] for c in chars).replace(" ", "") == f"—{number}—"
            digit = next(c for c in chars if c["text"].isdigit())
            assert em_top(digit, page.height) == pytest.approx(262 + 7, abs=1)
            if number % 2:  # odd: right, one character (14 pt) in from the type area's right edge
                assert chars[-1]["x1"] * MM == pytest.approx(184 - 14 * MM, abs=1)
            else:  # even pages are mirrored (type area 26–182 mm): left, one character in
                assert chars[0]["x0"] * MM == pytest.approx(26 + 14 * MM, abs=1)


def test_end_block_sits_on_the_bottom_of_the_last_page(package_pdf):
    with open_pdf(package_pdf) as pdf:
        last = pdf.pages[-1]
        rules = sorted(
            {
                (round(r["top"] * MM, 2), round(r["bottom"] * MM, 2))
                for r in last.rects
                if r["height"] * MM < 0.5
            }
        )
        assert [round(bottom - top, 2) for top, bottom in rules] == [0.35, 0.25, 0.35]
        assert rules[-1][1] == pytest.approx(
            37 + 225, abs=0.3
        )  # the last rule on the type area's bottom edge
        words = last.extract_words()
        left = 28 if len(pdf.pages) % 2 else 26
        copies = next(w for w in words if w["text"].startswith("抄送"))
        assert copies["x0"] * MM == pytest.approx(left + 14 * MM, abs=0.6)  # 4号, one character in
        issued = next(w for w in words if w["text"].endswith("印发"))
        assert issued["x1"] * MM == pytest.approx(left + 156 - 14 * MM, abs=0.6)
        for page in pdf.pages[:-1]:
            assert "抄送" not in (page.extract_text() or "")


def test_a_page_holding_only_the_end_block_has_no_number(seed_notice, thaw):
    filler = seed_notice.meeting.other_business.get()
    original = filler.text
    for extra_lines in range(23):
        filler.text = original + "填" * 28 * extra_lines
        with thaw(seed_notice.meeting):
            filler.save()
        with open_pdf(render_notice_pdf(seed_notice)) as doc:
            last = doc.pages[-1]
            if (last.extract_text() or "").lstrip().startswith("抄送"):
                assert _page_number_chars(last) == []
                assert _page_number_chars(doc.pages[-2])  # the page before keeps its number
                return
    pytest.fail("no text length put the end block on a page of its own")


def test_every_font_is_embedded_and_subset(package_pdf):
    reader = PdfReader(io.BytesIO(package_pdf))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            holder = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = holder["/FontDescriptor"]
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            assert re.match(r"^/[A-Z]{6}\+", font["/BaseFont"]), font["/BaseFont"]
            seen.add(font["/BaseFont"].split("+", 1)[1])
    # The faces `prepare_fonts` installs (make test runs it) carry the whole seed: the body in
    # FandolFang, titles and page numbers (and 旻, which GB 2312 lacks) in the serif cut to size;
    # the 65,000-glyph collection is not subset on every render.
    assert seen == {"FandolFang", "CNAS-Serif-SC", "CNAS-Serif-SC-Bold"}


def _cmap(family: str) -> set[int]:
    out = subprocess.check_output(["fc-match", "-f", "%{file}|%{index}", family], text=True)
    path, index = out.split("|")
    font = TTCollection(path).fonts[int(index)] if path.endswith(".ttc") else TTFont(path)
    return set(font.getBestCmap())


def test_no_character_of_the_seed_lacks_a_glyph(settings):
    """Every character of the seed is in the installed face of the body and the title roles,
    both in the full fallback face and in the prepared one."""
    needed = {ord(c) for c in _seed_text() if not c.isspace()} | {ord(c) for c in "—〔〕"}
    for family in settings.DOCUMENT_FONTS["body"][-2:]:
        assert needed - _cmap(family) == set(), family
        assert needed - _cmap(family + ":bold") == set(), family
    assert fc_family(settings.DOCUMENT_FONTS["body"][-2]) == "CNAS Serif SC"


def fc_family(pattern: str) -> str:
    return subprocess.check_output(["fc-match", "-f", "%{family}", pattern], text=True).split(",")[0]


def test_pdfs_are_tagged_with_language_and_title(package_pdf):
    reader = PdfReader(io.BytesIO(package_pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "zh-CN"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "关于印发中国合格评定国家认可委员会第四届执行委员会第二次会议纪要的通知"


def test_archive_variant_is_pdfa_2b_with_xmp(seed_notice):
    reader = PdfReader(io.BytesIO(render_notice_pdf(seed_notice, archive=True)))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "<dc:identifier>认可委（秘）〔2020〕20号</dc:identifier>" in xmp
    assert "<rdf:li>中国合格评定国家认可委员会</rdf:li>" in xmp  # dc:publisher
    assert "<rdf:li>2020-03-09</rdf:li>" in xmp  # dc:date, signed and issued
    assert "关于印发中国合格评定国家认可委员会第四届执行委员会第二次会议纪要的通知" in xmp
    assert "/OutputIntents" in root and root["/Lang"] == "zh-CN"


def test_list_style_puts_attendance_where_clause_10_3_says(seed_meeting, thaw):
    with thaw(seed_meeting):
        Meeting.objects.filter(pk=seed_meeting.pk).update(minutes_style=Meeting.MinutesStyle.LIST)
    data = render_minutes_pdf(seed_meeting)
    text = pdf_text(data)
    assert "出席会议并讲话" not in text  # no narrative attendance sentences
    closing = text.index("会议取得了圆满成功。")
    present, absent, observer = (text.index(label) for label in ("出席：", "请假：", "列席："))
    assert closing < present < absent < observer
    assert "出席：国家市场监督管理总局副局长唐军、CNAS荣誉主任王凤清" in text
    assert (
        "请假：CNAS执委南存辉、林树青、莫鉴辉、喻子达、杜旻、马坚、杨学桐（因参加其他会议等事宜未能与会）"
        in text
    )
    assert (
        "列席：西藏自治区拉萨市市场监督管理局局长次仁卓嘎、中国认证认可协会副秘书长徐德峰和CNAS秘书处有关人员"
        in text
    )
    labels_seen = 0
    with open_pdf(data) as pdf:
        for page in pdf.pages:
            left = 28 if page.page_number % 2 else 26
            lines = page.extract_text_lines()
            for index, line in enumerate(lines):
                if not line["text"].startswith(("出席：", "请假：", "列席：")):
                    continue
                labels_seen += 1
                label = line["chars"][0]
                assert label["x0"] * MM == pytest.approx(left + 2 * 16 * MM, abs=0.6)  # two characters in
                assert {c["fontname"].split("+")[1] for c in line["chars"][:3]} == {"FandolHei"}  # 黑体
                assert line["chars"][4]["fontname"].endswith("+FandolFang")  # names in the body face
                following = lines[index + 1] if index + 1 < len(lines) else None
                if following and not following["text"].startswith(("请假", "列席", "—")):
                    # A wrapped line aligns after the colon.
                    assert following["chars"][0]["x0"] == pytest.approx(line["chars"][3]["x0"], abs=2)
    assert labels_seen == 3


def test_override_replaces_a_paragraph_and_can_be_undone(seed_meeting, thaw):
    with thaw(seed_meeting):
        override = MinutesOverride.objects.create(meeting=seed_meeting, key="closing", text="会议圆满结束。")
    closing = [b for b in minutes_compose(meeting_for_minutes(seed_meeting.pk)).blocks if b.key == "closing"][
        0
    ]
    assert (closing.text, closing.overridden) == ("会议圆满结束。", True)
    assert closing.generated.endswith("会议取得了圆满成功。")
    assert "会议圆满结束。" in pdf_text(render_minutes_pdf(seed_meeting))
    with thaw(seed_meeting):
        override.delete()
    closing = [b for b in minutes_compose(meeting_for_minutes(seed_meeting.pk)).blocks if b.key == "closing"][
        0
    ]
    assert closing.text.endswith("会议取得了圆满成功。") and not closing.overridden

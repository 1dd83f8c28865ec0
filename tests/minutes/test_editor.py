"""The minutes editor, driven through its views as a secretary would."""

import datetime
import html
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse

from attendees.models import Attendance
from meetings.models import CommitteeTerm, Meeting
from minutes.composer import meeting_for_minutes, minutes_compose
from minutes.models import MinutesOverride
from people.models import Person
from resolutions.models import Resolution

from ..factories import CommitteeTermFactory, MeetingFactory, PersonFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def _text(meeting) -> str:
    return minutes_compose(meeting_for_minutes(meeting.pk)).text


def _version(meeting) -> int:
    return Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)


@pytest.fixture
def editor(client, secretary):
    client.force_login(secretary)
    return client


# --- dashboard, list, create ------------------------------------------------------------


def test_dashboard_shows_my_drafts_by_committee_and_notices(editor, draft):
    page = editor.get(reverse("home")).content.decode()
    assert "我的草稿" in page and draft.full_name in page
    assert "各委员会的会议" in page and "执行委员会" in page
    assert "最近印发" in page and "认可委（秘）〔2020〕20号" in page


def test_create_meeting_titles_it_from_the_data(editor, seed_meeting, secretary):
    page = editor.get(reverse("meetings:create")).content.decode()
    assert 'value="3"' in page  # the next sitting of the term that met last
    response = editor.post(
        reverse("meetings:create"),
        {
            "term": seed_meeting.term_id,
            "sitting": 3,
            "starts_on": "2020-06-18",
            "place": "北京",
            "minutes_style": "narrative",
        },
    )
    meeting = Meeting.objects.get(term=seed_meeting.term, sitting=3)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("minutes:editor", args=[meeting.pk])
    )
    assert meeting.created_by == secretary and meeting.status == Meeting.Status.DRAFT
    page = editor.get(response["Location"]).content.decode()
    assert "中国合格评定国家认可委员会第四届执行委员会第三次会议纪要" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sitting": 2}, "第四届执行委员会已有第二次会议，请改用其他次序（下一次为第三次）。"),
        ({"ends_on": "2020-06-01"}, "结束日期不能早于会议日期。"),
        ({"place": ""}, "这个字段是必填项。"),
        ({"starts_on": "2020-13-45"}, "输入一个有效的日期。"),
        ({"sitting": 0}, "确保该值大于或等于1。"),
        ({"place": "京" * 101}, "最多 100 字，已超出 1 字。"),
    ],
)
def test_create_meeting_rejects_bad_input_and_keeps_it(editor, seed_meeting, change, message):
    data = {
        "term": seed_meeting.term_id,
        "sitting": 3,
        "starts_on": "2020-06-18",
        "place": "北京市海淀区",
        "joint_meeting_name": "我刚输入的合并会议名称",
        "minutes_style": "narrative",
        **change,
    }
    response = editor.post(reverse("meetings:create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "我刚输入的合并会议名称" in page
    assert Meeting.objects.count() == 1


def test_meeting_list_filters_by_committee_and_status(editor, draft, seed_meeting):
    page = editor.get(reverse("meetings:list"), {"status": "draft"}).content.decode()
    assert draft.full_name in page and seed_meeting.full_name not in page
    page = editor.get(reverse("meetings:list"), {"committee": "x", "status": "bogus"}).content.decode()
    assert draft.full_name in page and seed_meeting.full_name in page


def test_meeting_list_query_count_does_not_grow_with_rows(editor, draft, django_assert_num_queries):
    # session, user, (groups/permissions for has_perm) x2, meetings, committees
    url = reverse("meetings:list")
    with django_assert_num_queries(6):
        assert editor.get(url).status_code == 200
    for _ in range(15):
        MeetingFactory(term=draft.term)
    with django_assert_num_queries(6):
        assert editor.get(url).status_code == 200


# --- attendance -------------------------------------------------------------------------


def test_members_in_one_click_then_two_absent_with_a_shared_reason(editor, draft):
    url = reverse("minutes:attendance_from_members", args=[draft.pk])
    assert (
        "从委员名单添加（15 人）" in editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    )
    page = editor.post(url, follow=True).content.decode()
    assert "已从委员名单添加 15 人" in page
    assert "从委员名单添加（0 人）" in page  # the button counts the seats not listed yet
    assert draft.attendances.filter(category="present").count() == 13
    assert draft.attendances.filter(category="delegate", person=None).count() == 2
    assert "委员名单中的人员都已在出席名单中" in editor.post(url, follow=True).content.decode()
    assert draft.attendances.count() == 15

    absent = list(draft.attendances.filter(person__name__in=["南存辉", "林树青"]))
    response = editor.post(
        reverse("minutes:attendance_bulk", args=[draft.pk]),
        {
            "version": _version(draft),
            "bulk-rows": [row.pk for row in absent],
            "bulk-category": "absent",
            "bulk-absence_kind": "leave",
            "bulk-absence_reason": "因参加其他会议等事宜",
        },
    )
    assert response.status_code == 302
    text = _text(draft)
    assert "南存辉、林树青，因参加其他会议等事宜请假。" in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bulk-category": "absent"}, "请先勾选要修改的人员。"),
        ({"bulk-category": "absent", "pick": 1}, "请选择缺席方式（请假或未能与会）。"),
        ({"bulk-category": "present", "pick": 1, "bulk-absence_reason": "出差"}, "只有缺席的人员需要填写"),
        ({"bulk-category": "delegate", "pick": 1}, "选择一个有效的选项"),
        # No default category: ticking absentees and pressing the button changes nothing.
        ({"pick": 2}, "请选择要改为的类别（只改称谓请选“类别不变”）。"),
        (
            {
                "bulk-category": "absent",
                "bulk-absence_kind": "leave",
                "pick": 1,
                "bulk-absence_reason": "因" * 201,
            },
            "最多 200 字，已超出 1 字。",
        ),
    ],
)
def test_bulk_change_explains_what_is_wrong(editor, draft, data, message):
    editor.post(reverse("minutes:attendance_from_members", args=[draft.pk]))
    rows = list(draft.attendances.filter(person__isnull=False)[: data.pop("pick", 0)])
    response = editor.post(
        reverse("minutes:attendance_bulk", args=[draft.pk]),
        {"version": _version(draft), "bulk-rows": [r.pk for r in rows], **data},
    )
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    for row in rows:  # the ticks survive the error
        assert f'value="{row.pk}" form="bulk-form" id="pick-{row.pk}" aria-label' in page
        assert page.split(f'id="pick-{row.pk}"')[1].split(">")[0].rstrip().endswith("checked")
    assert not draft.attendances.filter(category="absent").exists()


def test_unnamed_delegate_cannot_be_bulk_changed_to_present(editor, draft):
    editor.post(reverse("minutes:attendance_from_members", args=[draft.pk]))
    seat = draft.attendances.get(represented_organisation="海尔集团")
    response = editor.post(
        reverse("minutes:attendance_bulk", args=[draft.pk]),
        {"version": _version(draft), "bulk-rows": [seat.pk], "bulk-category": "present"},
    )
    assert response.status_code == 400 and "不能改为该类别" in response.content.decode()
    seat.refresh_from_db()
    assert seat.category == "delegate" and seat.represented_organisation == "海尔集团"


def test_bulk_change_sets_a_title_with_or_without_the_category(editor, draft):
    """The seed titles its absent members CNAS执委 where the present are 执委: one bulk change
    sets the category, the reason and the title; 类别不变 sets a title alone."""
    editor.post(reverse("minutes:attendance_from_members", args=[draft.pk]))
    absent = list(draft.attendances.filter(person__name__in=["南存辉", "林树青"]))
    response = editor.post(
        reverse("minutes:attendance_bulk", args=[draft.pk]),
        {
            "version": _version(draft),
            "bulk-rows": [row.pk for row in absent],
            "bulk-category": "absent",
            "bulk-absence_kind": "unable",
            "bulk-absence_reason": "因参加其他会议等事宜",
            "bulk-designation": " CNAS执委 ",
        },
        follow=True,
    )
    assert "已修改 2 人的出席类别和称谓。" in response.content.decode()
    assert {
        (row.category, row.designation) for row in draft.attendances.filter(pk__in=[r.pk for r in absent])
    } == {("absent", "CNAS执委")}
    assert "CNAS执委南存辉、林树青，因参加其他会议等事宜未能与会。" in _text(draft)

    # 类别不变: only the title changes, each row keeps its own category.
    present = draft.attendances.filter(category="present", person__isnull=False).first()
    response = editor.post(
        reverse("minutes:attendance_bulk", args=[draft.pk]),
        {
            "version": _version(draft),
            "bulk-rows": [present.pk, absent[0].pk],
            "bulk-category": "keep",
            "bulk-designation": "副主任",
        },
        follow=True,
    )
    assert "已修改 2 人的称谓。" in response.content.decode()
    present.refresh_from_db()
    absent[0].refresh_from_db()
    assert (present.category, present.designation) == ("present", "副主任")
    assert (absent[0].category, absent[0].designation, absent[0].absence_kind) == (
        "absent",
        "副主任",
        "unable",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bulk-category": "keep"}, "类别不变时，请填写要改为的称谓。"),
        ({"bulk-category": "keep", "bulk-designation": "执委\u202e"}, "U+202E"),
        ({"bulk-category": "keep", "bulk-designation": "执" * 201}, "最多 200 字，已超出 1 字。"),
        (
            {"bulk-category": "keep", "bulk-designation": "执委", "bulk-absence_reason": "出差"},
            "类别不变时只改称谓；要修改缺席方式或原因，请选“缺席”。",
        ),
    ],
)
def test_bulk_title_refusals_change_nothing(editor, draft, data, message):
    editor.post(reverse("minutes:attendance_from_members", args=[draft.pk]))
    rows = list(draft.attendances.filter(person__isnull=False)[:2])
    before = [(r.category, r.designation) for r in rows]
    response = editor.post(
        reverse("minutes:attendance_bulk", args=[draft.pk]),
        {"version": _version(draft), "bulk-rows": [r.pk for r in rows], **data},
    )
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    if "bulk-designation" in data:  # a title refused by its own checks is not also "missing"
        assert "类别不变时，请填写要改为的称谓。" not in page
    for row in rows:
        row.refresh_from_db()
    assert [(r.category, r.designation) for r in rows] == before


def _add_attendee(client, meeting, **fields):
    data = {f"attendance-{key}": value for key, value in fields.items()}
    data.setdefault("attendance-category", "present")
    return client.post(reverse("minutes:section_add", args=[meeting.pk, "attendance"]), data)


def test_add_an_existing_person_by_name_with_their_posts(editor, draft):
    response = _add_attendee(editor, draft, person_name="乔东", category="spoke")
    assert response.status_code == 302
    assert "乔东出席会议并讲话" in _text(draft)
    assert "市场监管总局认可与检验检测监督管理司副司长、CNAS执行委员会副主任乔东" in _text(draft)


def test_unknown_name_is_not_silently_created(editor, draft):
    response = _add_attendee(editor, draft, person_name="王小二", designation="嘉宾")
    page = response.content.decode()
    assert response.status_code == 400 and "系统中没有名为“王小二”的人员" in page
    assert 'value="王小二"' in page and 'value="嘉宾"' in page
    assert not Person.objects.filter(name="王小二").exists()

    response = _add_attendee(
        editor,
        draft,
        person_name="王小二",
        create_person="on",
        new_person_unit="某省市场监管局",
        new_person_title="局长",
    )
    assert response.status_code == 302
    person = Person.objects.get(name="王小二")
    assert person.posts_text == "某省市场监管局局长"
    assert "某省市场监管局局长王小二出席会议" in _text(draft)


def test_a_shared_name_must_be_picked_with_its_note(editor, draft):
    PersonFactory(name="李明", note="北京")
    PersonFactory(name="李明", note="上海")
    page = _add_attendee(editor, draft, person_name="李明").content.decode()
    assert "有 2 位名为“李明”的人员" in page
    assert _add_attendee(editor, draft, person_name="李明（上海）").status_code == 302
    assert draft.attendances.get().person.note == "上海"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "请填写姓名，或填写群体名称。"),
        ({"category": "absent", "group_name": "有关人员"}, "请选择缺席方式"),
        ({"group_name": "有关人员", "absence_reason": "出差"}, "只有缺席的人员需要填写缺席方式和原因。"),
        ({"category": "delegate"}, "代表出席的须填写所代表的单位（一组代表可只填群体名称）。"),
        (
            {"group_name": "有关人员", "represented_organisation": "海尔集团"},
            "只有“代表出席”需要填写所代表的单位。",
        ),
        ({"person_name": "乔东", "group_name": "有关人员"}, "已选择人员时不填群体名称。"),
        ({"category": "nonsense", "group_name": "有关人员"}, "选择一个有效的选项"),
        ({"group_name": "组" * 101}, "最多 100 字，已超出 1 字。"),
    ],
)
def test_attendee_form_explains_what_is_wrong(editor, draft, fields, message):
    response = _add_attendee(editor, draft, **fields)
    assert response.status_code == 400 and message in response.content.decode()
    assert not draft.attendances.exists()


def test_the_same_person_cannot_be_listed_twice(editor, draft):
    assert _add_attendee(editor, draft, person_name="乔东").status_code == 302
    page = _add_attendee(editor, draft, person_name="乔东", category="observer").content.decode()
    assert "乔东 已在本次会议的出席名单中。" in page
    assert draft.attendances.count() == 1


def test_groups_and_delegates_are_added_without_names(editor, draft):
    assert (
        _add_attendee(editor, draft, group_name="CNAS秘书处有关人员", category="observer").status_code == 302
    )
    assert (
        _add_attendee(editor, draft, category="delegate", represented_organisation="海尔集团").status_code
        == 302
    )
    text = _text(draft)
    assert "海尔集团代表参加会议" in text and "CNAS秘书处有关人员列席会议" in text


def test_attendees_reorder(editor, draft):
    editor.post(reverse("minutes:attendance_from_members", args=[draft.pk]))
    second = draft.attendances.order_by("order")[1]
    editor.post(
        reverse("minutes:section_move", args=[draft.pk, "attendance", second.pk, "up"]),
        {"version": _version(draft)},
    )
    assert draft.attendances.order_by("order").first() == second
    assert list(draft.attendances.order_by("order").values_list("order", flat=True)) == list(range(1, 16))


def test_person_search_suggests_people_with_their_posts(editor, draft):
    page = editor.get(reverse("attendees:person_search"), {"attendance-person_name": "乔"}).content.decode()
    assert '<option value="乔东">' in page and "认可与检验检测监督管理司副司长" in page
    assert editor.get(reverse("attendees:person_search"), {"q": ""}).content.decode().strip() == ""


# --- numbered and ordered sections -------------------------------------------------------


def _add_resolution(client, meeting, proposal, **extra):
    data = {"resolution-proposal": proposal, "resolution-outcome": "passed", **extra}
    return client.post(reverse("minutes:section_add", args=[meeting.pk, "resolution"]), data)


def test_resolutions_stay_consecutively_numbered(editor, draft):
    for name in ["甲", "《乙》", "丙"]:
        assert _add_resolution(editor, draft, name).status_code == 302
    numbers = lambda: list(draft.resolutions.values_list("number", "proposal"))  # noqa: E731
    assert numbers() == [(1, "甲"), (2, "乙"), (3, "丙")]

    third = draft.resolutions.get(proposal="丙")
    editor.post(
        reverse("minutes:section_move", args=[draft.pk, "resolution", third.pk, "up"]),
        {"version": _version(draft)},
    )
    assert numbers() == [(1, "甲"), (2, "丙"), (3, "乙")]

    first = draft.resolutions.get(proposal="甲")
    editor.post(
        reverse("minutes:section_delete", args=[draft.pk, "resolution", first.pk]),
        {"version": _version(draft)},
    )
    assert numbers() == [(1, "丙"), (2, "乙")]
    assert "1. 同意《丙》。" in _text(draft) and "2. 同意《乙》。" in _text(draft)

    top = draft.resolutions.get(number=1)
    editor.post(
        reverse("minutes:section_move", args=[draft.pk, "resolution", top.pk, "up"]),
        {"version": _version(draft)},
    )
    assert numbers() == [(1, "丙"), (2, "乙")]


def test_a_new_resolution_starts_with_the_outcome_of_the_last(editor, draft):
    def preset():
        page = editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
        select = page.split('name="resolution-outcome"')[1].split("</select>")[0]
        return select.split(" selected")[0].rsplit('value="', 1)[1].split('"')[0]

    assert preset() == "passed"
    _add_resolution(editor, draft, "甲", **{"resolution-outcome": "passed_in_principle"})
    assert preset() == "passed_in_principle"


def test_resolution_and_recommendation_reach_the_minutes(editor, draft):
    _add_resolution(editor, draft, "关于修订认可规则的提案", **{"resolution-note": "已于会后发布"})
    editor.post(
        reverse("minutes:section_add", args=[draft.pk, "recommendation"]),
        {"recommendation-text": "1. 进一步加强能力验证工作。", "recommendation-status": "open"},
    )
    text = _text(draft)
    assert "本次会议听取、审议并通过了以下决议：" in text
    assert "1. 同意《关于修订认可规则的提案》（注：已于会后发布）。" in text
    assert "1. 进一步加强能力验证工作。" in text and "1. 1." not in text


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("resolution", {"resolution-outcome": "passed"}, "这个字段是必填项。"),
        ("resolution", {"resolution-proposal": "甲", "resolution-outcome": "maybe"}, "选择一个有效的选项"),
        (
            "resolution",
            {"resolution-proposal": "甲" * 201, "resolution-outcome": "passed"},
            "最多 200 字，已超出 1 字。",
        ),
        ("recommendation", {"recommendation-status": "open"}, "这个字段是必填项。"),
        ("phase", {"phase-label": "上午"}, "这个字段是必填项。"),
        ("report", {"report-kind": "work"}, "这个字段是必填项。"),
        ("other", {"other-text": "   "}, "这个字段是必填项。"),
        (
            "paragraph",
            {"paragraph-speaker": "不存在的人", "paragraph-lead": "指出，", "paragraph-text": "要点"},
            "系统中没有名为“不存在的人”的人员",
        ),
        (
            "paragraph",
            {"paragraph-speaker": "乔东", "paragraph-lead": "指" * 21, "paragraph-text": "要点"},
            "最多 20 字，已超出 1 字。",
        ),
    ],
)
def test_sections_explain_what_is_wrong_and_keep_input(editor, draft, slug, data, message):
    response = editor.post(reverse("minutes:section_add", args=[draft.pk, slug]), data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    for value in data.values():
        if value.strip() and len(value) < 100 and value not in {"passed", "open", "work", "maybe"}:
            assert value in page
    assert _version(draft) == 1


def test_unknown_section_is_404(editor, draft):
    assert editor.post(reverse("minutes:section_add", args=[draft.pk, "nonsense"])).status_code == 404


def test_speeches_group_paragraphs_by_speaker_with_points(editor, draft):
    add = reverse("minutes:section_add", args=[draft.pk, "paragraph"])
    editor.post(
        add, {"paragraph-speaker": "乔东", "paragraph-lead": "指出，", "paragraph-text": "认可工作成绩显著。"}
    )
    editor.post(
        add, {"paragraph-speaker": "肖建华", "paragraph-lead": "通报了", "paragraph-text": "工作情况。"}
    )
    editor.post(
        add,
        {
            "paragraph-speaker": "乔东",
            "paragraph-lead": "强调，",
            "paragraph-text": "下一步：",
            "paragraph-point_marker": "要",
            "paragraph-points": "加强监管；\n\n提升能力。",
        },
    )
    speeches = list(draft.speeches.order_by("order"))
    assert [s.speaker.name for s in speeches] == ["乔东", "肖建华"]
    assert speeches[0].paragraphs.count() == 2
    text = _text(draft)
    assert "乔东强调，下一步：一要加强监管；二要提升能力。" in text
    assert text.index("乔东指出") < text.index("乔东强调") < text.index("肖建华通报了")

    editor.post(
        reverse("minutes:speech_move", args=[draft.pk, speeches[1].pk, "up"]), {"version": _version(draft)}
    )
    assert _text(draft).index("肖建华通报了") < _text(draft).index("乔东指出")

    paragraph = speeches[1].paragraphs.get()
    editor.post(
        reverse("minutes:section_delete", args=[draft.pk, "paragraph", paragraph.pk]),
        {"version": _version(draft)},
    )
    assert [s.speaker.name for s in draft.speeches.all()] == ["乔东"]


def test_edit_a_row_in_place(editor, draft):
    _add_resolution(editor, draft, "甲")
    row = draft.resolutions.get()
    response = editor.get(reverse("minutes:section_edit", args=[draft.pk, "resolution", row.pk]))
    page = editor.get(response["Location"]).content.decode()
    assert 'name="edit-resolution-proposal"' in page and 'value="甲"' in page
    response = editor.post(
        reverse("minutes:section_edit", args=[draft.pk, "resolution", row.pk]),
        {"version": _version(draft), "edit-resolution-proposal": "乙", "edit-resolution-outcome": "deferred"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.proposal, row.outcome, row.number) == ("乙", Resolution.Outcome.DEFERRED, 1)


# --- overrides --------------------------------------------------------------------------


def test_override_a_generated_paragraph_and_go_back(editor, draft):
    generated = _text(draft).splitlines()[-1]
    url = reverse("minutes:override_save", args=[draft.pk, "closing"])
    editor.post(url, {"version": _version(draft), "override-closing-text": "会议圆满结束。"})
    assert _text(draft).splitlines()[-1] == "会议圆满结束。"
    page = editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    assert "已改写" in page and generated in page  # the generated text stays visible beside it

    response = editor.post(url, {"version": _version(draft), "override-closing-text": "  "})
    assert response.status_code == 400 and "改写的文字不能为空" in response.content.decode()

    editor.post(reverse("minutes:override_revert", args=[draft.pk, "closing"]), {"version": _version(draft)})
    assert _text(draft).splitlines()[-1] == generated
    assert not MinutesOverride.objects.exists()
    assert editor.post(reverse("minutes:override_save", args=[draft.pk, "bogus"])).status_code == 404


# --- nothing lost -----------------------------------------------------------------------


def test_second_save_gets_a_conflict_and_keeps_its_input(client, secretary, draft, django_user_model):
    from django.test import Client

    first, second = client, Client()
    first.force_login(secretary)
    second.force_login(django_user_model.objects.create_user("bea"))
    second.force_login(secretary)
    seen = _version(draft)
    base = {"term": draft.term_id, "sitting": 3, "starts_on": "2020-06-18", "minutes_style": "narrative"}

    assert (
        first.post(
            reverse("minutes:editor", args=[draft.pk]), {**base, "version": seen, "place": "上海"}
        ).status_code
        == 302
    )
    response = second.post(
        reverse("minutes:editor", args=[draft.pk]), {**base, "version": seen, "place": "广州"}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "其他人修改了这次会议" in page
    assert '<th scope="row">会议地点</th><td class="row-text">上海</td><td class="row-text">广州</td>' in page
    assert 'value="广州"' in page  # their input, kept to merge
    draft.refresh_from_db()
    assert draft.place == "上海"

    current = _version(draft)
    assert f'name="version" value="{current}"' in page
    assert (
        second.post(
            reverse("minutes:editor", args=[draft.pk]), {**base, "version": current, "place": "广州"}
        ).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.place == "广州"


def test_row_edit_conflict_shows_both_texts(editor, draft):
    _add_resolution(editor, draft, "甲")
    row = draft.resolutions.get()
    seen = _version(draft)
    url = reverse("minutes:section_edit", args=[draft.pk, "resolution", row.pk])
    editor.post(
        url, {"version": seen, "edit-resolution-proposal": "他人改的", "edit-resolution-outcome": "passed"}
    )
    response = editor.post(
        url, {"version": seen, "edit-resolution-proposal": "我改的", "edit-resolution-outcome": "passed"}
    )
    page = response.content.decode()
    assert response.status_code == 409 and "他人改的" in page and 'value="我改的"' in page
    row.refresh_from_db()
    assert row.proposal == "他人改的"


def test_stale_delete_and_move_are_refused(editor, draft):
    _add_resolution(editor, draft, "甲")
    _add_resolution(editor, draft, "乙")
    row = draft.resolutions.get(number=2)
    for url in [
        reverse("minutes:section_move", args=[draft.pk, "resolution", row.pk, "up"]),
        reverse("minutes:section_delete", args=[draft.pk, "resolution", row.pk]),
    ]:
        page = editor.post(url, {"version": 1}, follow=True).content.decode()
        assert "其他人修改了这次会议" in page
    assert list(draft.resolutions.values_list("proposal", flat=True)) == ["甲", "乙"]
    assert (
        editor.post(
            reverse("minutes:section_delete", args=[draft.pk, "resolution", row.pk]), {"version": "garbage"}
        ).status_code
        == 302
    )
    assert draft.resolutions.count() == 2


def test_failed_validation_keeps_the_version_the_page_was_loaded_at(editor, draft):
    seen = _version(draft)
    data = {
        "term": draft.term_id,
        "sitting": 3,
        "starts_on": "2020-06-18",
        "minutes_style": "narrative",
        "place": "",
        "version": seen,
    }
    Meeting.objects.filter(pk=draft.pk).update(version=seen + 5)  # someone else saved meanwhile
    page = editor.post(reverse("minutes:editor", args=[draft.pk]), data).content.decode()
    assert f'name="version" value="{seen}"' in page


def test_user_text_is_escaped_in_the_editor(editor, draft):
    _add_resolution(editor, draft, "<script>alert(1)</script>")
    page = editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# session, user, the user's and the group's permissions, the meeting (may this user see it),
# the meeting again with its term, then one query each for phases, attendances, their people,
# the people's posts, memberships, speeches, paragraphs, points, speakers, reports,
# resolutions, recommendations, other business, overrides, the terms of a joint meeting; the
# notices; the choices of the term, of the organisation and of a joint meeting's terms.
EDITOR_QUERIES = 25


def test_editor_query_count_does_not_grow_with_rows(editor, draft, django_assert_num_queries):
    editor.post(reverse("minutes:attendance_from_members", args=[draft.pk]))
    editor.post(
        reverse("minutes:section_add", args=[draft.pk, "paragraph"]),
        {
            "paragraph-speaker": "乔东",
            "paragraph-lead": "指出，",
            "paragraph-text": "甲",
            "paragraph-points": "乙",
        },
    )
    for number in range(1, 4):
        ResolutionFactory(meeting=draft, number=number)
    url = reverse("minutes:editor", args=[draft.pk])
    with django_assert_num_queries(EDITOR_QUERIES):
        assert editor.get(url).status_code == 200
    for number in range(4, 30):
        ResolutionFactory(meeting=draft, number=number)
    for index in range(20):
        Attendance.objects.create(
            meeting=draft, person=PersonFactory(), category="observer", order=100 + index
        )
    with django_assert_num_queries(EDITOR_QUERIES):
        assert editor.get(url).status_code == 200


def test_dates_are_checked_against_each_other(editor, draft):
    data = {
        "term": draft.term_id,
        "sitting": 3,
        "starts_on": "2020-06-18",
        "ends_on": "2020-06-17",
        "minutes_style": "narrative",
        "place": "北京",
        "version": _version(draft),
    }
    response = editor.post(reverse("minutes:editor", args=[draft.pk]), data)
    assert response.status_code == 400 and "结束日期不能早于会议日期。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.ends_on is None and draft.starts_on == datetime.date(2020, 6, 18)


# --- issue 13: the server's Chinese messages speak, not the browser's -----------------------


_REQUIRED_ATTRIBUTE = re.compile(r"<[^>]*\srequired(\s|>|=)")


def _form_html(page: str, action: str) -> str:
    start = page.index(f'action="{action}"')
    return page[page.rindex("<form", 0, start) : page.index("</form>", start)]


def test_new_speech_form_carries_the_default_lead_and_no_browser_side_blocking(editor, draft):
    page = editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    form = _form_html(page, reverse("minutes:section_add", args=[draft.pk, "paragraph"]))
    assert 'name="paragraph-lead"' in form and 'value="指出，"' in form
    assert "novalidate" in form
    assert not _REQUIRED_ATTRIBUTE.search(form)


def test_no_editor_form_asks_the_browser_to_block_a_post(editor, draft):
    page = editor.get(reverse("minutes:editor", args=[draft.pk])).content.decode()
    assert not _REQUIRED_ATTRIBUTE.search(page)
    # every form one types into (those that warn of unsaved input) leaves checking to the server
    typed_into = re.findall(r"<form [^>]*data-unsaved-warning[^>]*>", page)
    assert typed_into and all("novalidate" in tag for tag in typed_into)


def test_an_empty_lead_is_refused_in_chinese_by_the_server(editor, draft):
    response = editor.post(
        reverse("minutes:section_add", args=[draft.pk, "paragraph"]),
        {"paragraph-speaker": "乔东", "paragraph-lead": "", "paragraph-text": "要点"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "这个字段是必填项。" in page
    assert not draft.speeches.exists()


def test_editing_a_paragraph_keeps_its_own_lead(editor, draft):
    editor.post(
        reverse("minutes:section_add", args=[draft.pk, "paragraph"]),
        {"paragraph-speaker": "乔东", "paragraph-lead": "强调，", "paragraph-text": "要点"},
    )
    paragraph = draft.speeches.get().paragraphs.get()
    page = editor.get(
        reverse("minutes:editor", args=[draft.pk]) + f"?edit=paragraph-{paragraph.pk}"
    ).content.decode()
    form = _form_html(page, reverse("minutes:section_edit", args=[draft.pk, "paragraph", paragraph.pk]))
    assert 'value="强调，"' in form and 'value="指出，"' not in form


# --- issue 13: 新建会议 follows the chosen term's sitting ------------------------------------


def test_next_sittings_suggests_the_next_free_number_of_every_term(seed_meeting):
    from meetings.services import next_sitting, next_sittings

    other = CommitteeTermFactory(committee=seed_meeting.term.committee, number=5)
    MeetingFactory(term=other, sitting=1)
    MeetingFactory(term=other, sitting=4)
    empty = CommitteeTermFactory(committee=seed_meeting.term.committee, number=6)
    suggestions = next_sittings()
    assert suggestions[other.pk] == 5 and suggestions[empty.pk] == 1
    assert suggestions[seed_meeting.term_id] == next_sitting(seed_meeting.term) == 3
    assert set(suggestions) == set(CommitteeTerm.objects.values_list("pk", flat=True))


def test_create_page_offers_the_sitting_of_each_term(editor, seed_meeting):
    other = CommitteeTermFactory(committee=seed_meeting.term.committee, number=5)
    MeetingFactory(term=other, sitting=7)
    page = editor.get(reverse("meetings:create")).content.decode()
    found = re.search(r'<select name="term"[^>]*data-next-sittings="([^"]*)"', page)
    assert found, "the term select carries each term's next sitting"
    offered = json.loads(html.unescape(found.group(1)))
    assert offered[str(other.pk)] == 8 and offered[str(seed_meeting.term_id)] == 3
    # the page's own script (no inline script: CSP) follows the chosen term
    assert "<script>" not in page
    script = (settings.BASE_DIR / "static" / "app" / "app.js").read_text()
    assert "data-next-sittings" in script and 'namedItem("sitting")' in script


def test_create_meeting_refuses_a_sitting_the_chosen_term_already_has(editor, seed_meeting):
    other = CommitteeTermFactory(committee=seed_meeting.term.committee, number=5)
    MeetingFactory(term=other, sitting=1)
    data = {"sitting": 1, "starts_on": "2020-06-18", "place": "北京", "minutes_style": "narrative"}
    response = editor.post(reverse("meetings:create"), {**data, "term": other.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "已有第一次会议，请改用其他次序（下一次为第二次）。" in page
    assert 'name="sitting" value="1"' in page and "is-invalid" in page
    assert Meeting.objects.filter(term=other).count() == 1
    # the same number in a term that has no such sitting is fine
    empty = CommitteeTermFactory(committee=seed_meeting.term.committee, number=6)
    assert editor.post(reverse("meetings:create"), {**data, "term": empty.pk}).status_code == 302


# --- issue 13: a row deleted in one window and saved in another ------------------------------


def test_saving_a_row_deleted_in_another_window_keeps_the_input_for_a_new_row(editor, draft):
    _add_resolution(editor, draft, "甲")
    _add_resolution(editor, draft, "乙")
    row = draft.resolutions.get(proposal="甲")
    seen = _version(draft)  # both windows loaded the page at this version
    editor.post(reverse("minutes:section_delete", args=[draft.pk, "resolution", row.pk]), {"version": seen})
    assert not draft.resolutions.filter(pk=row.pk).exists()

    url = reverse("minutes:section_edit", args=[draft.pk, "resolution", row.pk])
    response = editor.post(
        url,
        {
            "version": seen,
            "edit-resolution-proposal": "第二个窗口的修改",
            "edit-resolution-outcome": "deferred",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409, "not a bare 404"
    assert "已被他人删除" in page and "可另存为新条目" in page
    add = _form_html(page, reverse("minutes:section_add", args=[draft.pk, "resolution"]))
    assert 'name="resolution-proposal"' in add and "第二个窗口的修改" in add
    assert '<option value="deferred" selected>' in add
    assert list(draft.resolutions.values_list("proposal", flat=True)) == ["乙"]

    # the kept input saves as a new row
    response = editor.post(
        reverse("minutes:section_add", args=[draft.pk, "resolution"]),
        {"resolution-proposal": "第二个窗口的修改", "resolution-outcome": "deferred"},
    )
    assert response.status_code == 302
    assert list(draft.resolutions.values_list("number", "proposal")) == [(1, "乙"), (2, "第二个窗口的修改")]


def test_a_deleted_speech_paragraph_keeps_speaker_and_text(editor, draft):
    add = reverse("minutes:section_add", args=[draft.pk, "paragraph"])
    editor.post(add, {"paragraph-speaker": "乔东", "paragraph-lead": "强调，", "paragraph-text": "原文"})
    paragraph = draft.speeches.get().paragraphs.get()
    seen = _version(draft)
    editor.post(
        reverse("minutes:section_delete", args=[draft.pk, "paragraph", paragraph.pk]), {"version": seen}
    )
    response = editor.post(
        reverse("minutes:section_edit", args=[draft.pk, "paragraph", paragraph.pk]),
        {
            "version": seen,
            "edit-paragraph-speaker": "乔东",
            "edit-paragraph-lead": "强调，",
            "edit-paragraph-text": "另一窗口写的正文",
            "edit-paragraph-points": "一点\n两点",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409 and "已被他人删除" in page
    form = _form_html(page, add)
    assert (
        'value="乔东"' in form and 'value="强调，"' in form and "另一窗口写的正文" in form and "两点" in form
    )


def test_opening_the_edit_form_of_a_deleted_row_explains_instead_of_404(editor, draft):
    _add_resolution(editor, draft, "甲")
    row = draft.resolutions.get()
    editor.post(
        reverse("minutes:section_delete", args=[draft.pk, "resolution", row.pk]), {"version": _version(draft)}
    )
    response = editor.get(reverse("minutes:section_edit", args=[draft.pk, "resolution", row.pk]), follow=True)
    assert response.status_code == 200 and "已被他人删除" in response.content.decode()

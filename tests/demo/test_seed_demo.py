import io
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from attendees.models import Attendance, Membership
from meetings.models import Meeting
from notices.models import Notice
from people.models import Person

pytestmark = pytest.mark.django_db


def _snapshot():
    """Every row of every model of the project, as plain values."""
    rows = {}
    for label in ["meetings", "attendees", "resolutions", "auth"]:
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return rows


def test_counts_per_attendance_category_match_the_seed(seed_meeting):
    counts = Counter(seed_meeting.attendances.values_list("category", flat=True))
    assert counts == {
        "spoke": 2,  # 唐军, 王凤清 出席会议并讲话
        "present": 9,  # 刘卫军, 许新建, 黄培惠 (guests) + 乔东 and five 执委
        "reporter": 1,  # 肖建华 作工作报告
        "delegate": 2,  # 中国特种设备检测研究院 刘三江, 海尔集团 (unnamed)
        "observer": 3,  # 次仁卓嘎, 徐德峰, CNAS秘书处有关人员
        "absent": 7,  # 南存辉 … 杨学桐, 未能与会
    }


def test_seed_keeps_the_order_and_details_of_attendance(seed_meeting):
    rows = list(seed_meeting.attendances.select_related("person").prefetch_related("person__posts"))
    assert [r.display_name for r in rows[:2]] == ["国家市场监督管理总局副局长唐军", "CNAS荣誉主任王凤清"]
    qiao = next(r for r in rows if r.name == "乔东")
    assert qiao.display_name == "市场监管总局认可与检验检测监督管理司副司长、CNAS执行委员会副主任乔东"
    haier = next(r for r in rows if r.represented_organisation == "海尔集团")
    assert haier.person is None and haier.display_name == "海尔集团执委代表"
    group = next(r for r in rows if r.group_name)
    assert (group.category, group.display_name) == ("observer", "CNAS秘书处有关人员")
    absent = [r for r in rows if r.category == "absent"]
    assert [r.name for r in absent] == ["南存辉", "林树青", "莫鉴辉", "喻子达", "杜旻", "马坚", "杨学桐"]
    assert {(r.absence_kind, r.absence_reason) for r in absent} == {("unable", "因参加其他会议等事宜")}


def test_seed_holds_the_whole_package(seed_meeting):
    assert seed_meeting.minutes_title == "中国合格评定国家认可委员会第四届执行委员会第二次会议纪要"
    assert seed_meeting.joint_meeting_name == "第八届全国合格评定机构认可工作会议"
    assert [p.label for p in seed_meeting.phases.all()] == ["上午", "下午"]
    assert [s.speaker.name for s in seed_meeting.speeches.all()] == ["唐军", "王凤清", "肖建华"]
    points = seed_meeting.speeches.get(speaker__name="唐军").paragraphs.get(lead="要求，").points
    assert points.count() == 5
    assert seed_meeting.reports.count() == 9
    resolutions = list(seed_meeting.resolutions.all())
    assert [r.number for r in resolutions] == [1, 2]
    assert {r.outcome for r in resolutions} == {"passed_in_principle"}
    assert resolutions[1].note.startswith("执行委员会会议后")
    assert list(seed_meeting.recommendations.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert seed_meeting.other_business.get().text.startswith("会议期间，")
    notice = Notice.objects.get()
    assert notice.number == "认可委（秘）〔2020〕20号"
    assert notice.meeting == seed_meeting
    assert (notice.copies_to, notice.issued_by) == ("本秘书处:存档(2)", "中国合格评定国家认可委员会秘书处")
    qiao = Person.objects.get(name="乔东")
    assert [p.text for p in qiao.posts.all()] == [
        "市场监管总局认可与检验检测监督管理司副司长",
        "CNAS执行委员会副主任",
    ]
    assert Membership.objects.filter(term=seed_meeting.term).count() == 15


def test_seed_demo_twice_changes_nothing(monkeypatch, tmp_path, settings):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", stdout=io.StringIO())
    before = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert _snapshot() == before
    assert Attendance.objects.count() == 24


def test_seed_demo_keeps_a_meeting_someone_edited(seed_meeting):
    # The issued seed meeting cannot be edited at all; the demo's draft can, and stays edited.
    call_command("seed_demo", "--no-accounts", stdout=io.StringIO())
    draft = Meeting.objects.get(term=seed_meeting.term, sitting=3)
    draft.place = "上海"
    draft.save()
    call_command("seed_demo", "--no-accounts", stdout=io.StringIO())
    draft.refresh_from_db()
    assert draft.place == "上海"


def test_demo_accounts_use_demo_password(monkeypatch, tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", "correct-horse-battery")
    call_command("seed_demo")
    users = get_user_model().objects.in_bulk(field_name="username")
    assert {"secretary", "signatory", "member", "archivist"} <= set(users)
    assert all(users[u].check_password("correct-horse-battery") for u in ["secretary", "member"])
    # The archivist reads and keeps the archive; a separate admin account is the superuser.
    assert users["admin"].is_superuser and not users["archivist"].is_superuser
    assert not users["secretary"].is_superuser
    assert users["member"].person.name == "郎志正"
    assert users["member"].person.memberships.filter(term__committee__name="执行委员会").exists()
    assert "correct-horse-battery" in capsys.readouterr().out


def test_generated_password_is_made_once_and_printed(monkeypatch, tmp_path, settings, capsys):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo")
    password = (tmp_path / "demo_password").read_text()
    assert len(password) >= 12 and oct((tmp_path / "demo_password").stat().st_mode)[-3:] == "600"
    call_command("seed_demo")
    assert (tmp_path / "demo_password").read_text() == password
    assert capsys.readouterr().out.count(password) == 10  # five accounts, printed on both runs
    assert get_user_model().objects.get(username="signatory").check_password(password)


@pytest.mark.parametrize("weak", ["1234", "password", "12345678901"])
def test_a_weak_demo_password_is_refused_before_anything_is_loaded(monkeypatch, db, weak):
    monkeypatch.setenv("DEMO_PASSWORD", weak)
    with pytest.raises(CommandError, match="DEMO_PASSWORD 太弱，未建演示账号"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Meeting.objects.exists() and not get_user_model().objects.exists()

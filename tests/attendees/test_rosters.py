"""The secretariat keeps committee terms and rosters in the app: 换届 from the previous roster,
seats added (known or new people, organisations), titled, reordered and removed."""

import datetime

import pytest
from django.urls import reverse

from attendees.models import Membership
from meetings.models import CommitteeTerm
from people.models import Person


@pytest.fixture
def term(seed_meeting):
    return seed_meeting.term


@pytest.fixture
def keeper(client, secretary):
    client.force_login(secretary)
    return client


def _roster(term) -> list[tuple[str, str, str]]:
    return [
        (seat.person.name if seat.person_id else seat.member_organisation, seat.role, seat.title)
        for seat in term.memberships.select_related("person").order_by("order", "pk")
    ]


def test_the_new_term_form_ticks_every_seat_of_the_previous_roster(keeper, term):
    page = keeper.get(reverse("rosters:term_create", args=[term.committee_id])).content.decode()
    assert 'name="number" value="5"' in page
    seats = list(term.memberships.all())
    assert len(seats) == 15
    for seat in seats:
        assert f'value="{seat.pk}"' in page
    assert page.count('name="carried"') == 15 and page.count("checked") == 15


def test_a_new_term_carries_the_roster_over_with_some_dropped_and_some_added(keeper, term):
    dropped = (
        term.memberships.filter(person__name="南存辉").get(),
        term.memberships.get(member_organisation="海尔集团"),
    )
    kept = term.memberships.exclude(pk__in=[seat.pk for seat in dropped])
    response = keeper.post(
        reverse("rosters:term_create", args=[term.committee_id]),
        {
            "number": "5",
            "starts_on": "2021-01-01",
            "ends_on": "2025-12-31",
            "carried": [seat.pk for seat in kept],
            "joining": "徐德峰\n\n新委员甲\n新委员甲",
        },
    )
    new = CommitteeTerm.objects.get(committee=term.committee, number=5)
    assert response.status_code == 302 and response["Location"] == reverse("rosters:term", args=[new.pk])
    assert (new.starts_on, new.ends_on) == (datetime.date(2021, 1, 1), datetime.date(2025, 12, 31))
    roster = _roster(new)
    assert roster[0] == ("乔东", "vice_chair", "")  # his posts print, as before
    assert ("南存辉", "member", "执委") not in roster and "海尔集团" not in [name for name, *_ in roster]
    assert ("中国特种设备检测研究院", "member", "执委") in roster
    assert roster[-2:] == [("徐德峰", "member", "执委"), ("新委员甲", "member", "执委")]
    assert len(roster) == 15 - 2 + 2
    assert Person.objects.filter(name="新委员甲").count() == 1
    assert [seat.order for seat in new.memberships.order_by("order")] == list(range(1, 16))
    assert len(_roster(term)) == 15  # the previous term keeps its roster


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "4"}, "该委员会已有第4届。"),
        ({"number": "5", "starts_on": "2021-01-02", "ends_on": "2021-01-01"}, "终止日期不能早于起始日期。"),
        ({"number": "5", "starts_on": "1900-01-01"}, "不早于1949年"),
        ({"number": "5", "joining": "郎志正"}, "郎志正 已在沿用的成员中。"),
        ({"number": "5", "joining": "名" * 51}, "超过 50 个字"),
        ({"number": ""}, "这个字段是必填项。"),
    ],
)
def test_a_bad_new_term_is_refused_with_a_message_and_nothing_saved(keeper, term, data, message):
    data.setdefault("carried", list(term.memberships.values_list("pk", flat=True)))
    response = keeper.post(reverse("rosters:term_create", args=[term.committee_id]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not CommitteeTerm.objects.filter(committee=term.committee, number=5).exists()


def test_namesakes_must_be_told_apart(keeper, term):
    Person.objects.create(name="郎志正", note="另一位")
    response = keeper.post(
        reverse("rosters:term_create", args=[term.committee_id]), {"number": "5", "joining": "郎志正"}
    )
    assert response.status_code == 400 and "有 2 位名为“郎志正”的人员" in response.content.decode()
    response = keeper.post(
        reverse("rosters:term_create", args=[term.committee_id]),
        {"number": "5", "joining": "郎志正（另一位）"},
    )
    assert response.status_code == 302
    assert _roster(CommitteeTerm.objects.get(committee=term.committee, number=5)) == [
        ("郎志正", "member", "执委")
    ]


def test_seats_are_added_titled_reordered_and_removed(keeper, term):
    url = reverse("rosters:seat_add", args=[term.pk])
    response = keeper.post(
        url,
        {
            "seat-person_name": "新委员乙",
            "seat-create_person": "on",
            "seat-new_person_unit": "某研究院",
            "seat-new_person_title": "院长",
            "seat-new_person_since": "2020-01-01",
            "seat-role": "member",
            "seat-title": "执委",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(name="新委员乙")
    post = person.posts.get()
    assert (post.text, post.starts_on) == ("某研究院院长", datetime.date(2020, 1, 1))
    assert (
        keeper.post(
            url, {"seat-member_organisation": "某集团", "seat-contact_name": "徐德峰", "seat-role": "member"}
        ).status_code
        == 302
    )
    organisation = term.memberships.get(member_organisation="某集团")
    assert organisation.contact.name == "徐德峰" and organisation.title == "执委"  # defaulted

    seat = term.memberships.get(person=person)
    response = keeper.post(
        reverse("rosters:seat_edit", args=[term.pk, seat.pk]),
        {f"seat-{seat.pk}-role": "vice_chair", f"seat-{seat.pk}-title": "副主任"},
    )
    assert response.status_code == 302
    keeper.post(reverse("rosters:seat_move", args=[term.pk, seat.pk, "up"]))
    assert _roster(term)[-3:] == [
        ("新委员乙", "vice_chair", "副主任"),
        ("海尔集团", "member", "执委"),
        ("某集团", "member", "执委"),
    ]
    keeper.post(reverse("rosters:seat_move", args=[term.pk, seat.pk, "down"]))
    keeper.post(reverse("rosters:seat_move", args=[term.pk, seat.pk, "down"]))
    keeper.post(reverse("rosters:seat_move", args=[term.pk, seat.pk, "down"]))  # already last
    assert [name for name, *_ in _roster(term)[-3:]] == ["海尔集团", "某集团", "新委员乙"]
    keeper.post(reverse("rosters:seat_delete", args=[term.pk, seat.pk]))
    assert not term.memberships.filter(person=person).exists()
    assert [seat.order for seat in term.memberships.order_by("order")] == list(range(1, 17))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"seat-person_name": "查无此人", "seat-role": "member"}, "系统中没有名为“查无此人”的人员"),
        ({"seat-role": "member"}, "请填写姓名，或填写成员单位。"),
        ({"seat-person_name": "郎志正", "seat-role": "member"}, "郎志正 已是该届委员会成员。"),
        (
            {"seat-person_name": "徐德峰", "seat-member_organisation": "某集团", "seat-role": "member"},
            "请填写人员或成员单位，二者只填其一。",
        ),
        (
            {"seat-member_organisation": "某集团", "seat-contact_name": "无名", "seat-role": "member"},
            "联系人须是系统中已有的人员",
        ),
        (
            {"seat-person_name": "徐德峰", "seat-role": "member", "seat-title": "称" * 21},
            "最多 20 字，已超出 1 字。",
        ),
    ],
)
def test_a_bad_seat_is_refused_with_a_message_and_nothing_saved(keeper, term, data, message):
    response = keeper.post(reverse("rosters:seat_add", args=[term.pk]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert term.memberships.count() == 15


def test_only_the_secretariat_changes_rosters(client, term, member, outsider, signatory):
    seat = term.memberships.get(person__name="郎志正")
    for user, refused in ((member, 404), (outsider, 404), (signatory, 403)):
        client.force_login(user)
        assert (
            client.post(reverse("rosters:term_create", args=[term.committee_id]), {"number": "5"}).status_code
            == refused
        )
        assert (
            client.post(
                reverse("rosters:seat_add", args=[term.pk]),
                {"seat-member_organisation": "某集团", "seat-role": "member"},
            ).status_code
            == refused
        )
        assert (
            client.post(
                reverse("rosters:seat_edit", args=[term.pk, seat.pk]), {f"seat-{seat.pk}-role": "chair"}
            ).status_code
            == refused
        )
        assert client.post(reverse("rosters:seat_move", args=[term.pk, seat.pk, "up"])).status_code == refused
        assert client.post(reverse("rosters:seat_delete", args=[term.pk, seat.pk])).status_code == refused
    assert not CommitteeTerm.objects.filter(number=5).exists()
    assert (
        term.memberships.count() == 15 and not term.memberships.filter(member_organisation="某集团").exists()
    )
    seat.refresh_from_db()
    assert (seat.role, seat.order) == ("member", 1)
    # Members and outsiders do not even see the rosters; the signatory reads them only.
    for user in (member, outsider):
        client.force_login(user)
        assert client.get(reverse("rosters:committees")).status_code == 404
        assert client.get(reverse("rosters:term", args=[term.pk])).status_code == 404
    client.force_login(signatory)
    page = client.get(reverse("rosters:term", args=[term.pk])).content.decode()
    assert "郎志正" in page and "rosters:seat_add" not in page and "添加成员" not in page


def test_the_secretary_finds_the_rosters_in_the_menu(keeper, term):
    page = keeper.get(reverse("home")).content.decode()
    assert f'href="{reverse("rosters:committees")}"' in page
    page = keeper.get(reverse("rosters:committees")).content.decode()
    assert reverse("rosters:term", args=[term.pk]) in page and "第四届执行委员会" in page


def test_the_roster_page_query_count_does_not_grow_with_seats(keeper, term, django_assert_num_queries):
    url = reverse("rosters:term", args=[term.pk])
    # session, user, the term with committee and organisation, the seats with people and
    # contacts, the people's posts, and the user's permissions (the groups' and the user's own).
    with django_assert_num_queries(7) as first:
        assert keeper.get(url).status_code == 200
    for index in range(10):
        Membership.objects.create(term=term, member_organisation=f"单位{index}", order=100 + index)
    with django_assert_num_queries(len(first.captured_queries)):
        assert keeper.get(url).status_code == 200


def test_a_roster_change_that_would_reword_issued_minutes_is_refused(keeper, term, seed_meeting):
    # The issued seed minutes say 执委郎志正…参加会议 (a member) and 刘卫军…出席会议 (a guest).
    seat = term.memberships.get(person__name="郎志正")
    page = keeper.post(reverse("rosters:seat_delete", args=[term.pk, seat.pk]), follow=True).content.decode()
    assert "郎志正 在本届已印发的“第四届执行委员会第二次会议”出席名单中" in page
    assert term.memberships.filter(pk=seat.pk).exists()
    response = keeper.post(
        reverse("rosters:seat_add", args=[term.pk]), {"seat-person_name": "刘卫军", "seat-role": "member"}
    )
    assert response.status_code == 400 and "刘卫军 在本届已印发的" in response.content.decode()
    assert not term.memberships.filter(person__name="刘卫军").exists()


# --- committees created and term dates corrected in the app --------------------------------


def test_the_secretariat_creates_a_committee_and_then_its_first_term(keeper, term):
    from meetings.models import Committee

    organisation = term.committee.organisation
    page = keeper.get(reverse("rosters:committees")).content.decode()
    assert reverse("rosters:committee_create") in page
    response = keeper.post(
        reverse("rosters:committee_create"),
        {"organisation": organisation.pk, "name": "认证认可标准化技术委员会", "kind": "specialised"},
    )
    committee = Committee.objects.get(name="认证认可标准化技术委员会")
    assert response.status_code == 302 and response["Location"].endswith(f"#committee-{committee.pk}")
    assert committee.organisation == organisation and committee.order > term.committee.order
    # Its first term starts with an empty roster.
    response = keeper.post(
        reverse("rosters:term_create", args=[committee.pk]), {"number": "1", "joining": "徐德峰"}
    )
    first = CommitteeTerm.objects.get(committee=committee, number=1)
    assert response.status_code == 302 and _roster(first) == [("徐德峰", "member", "委员")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "执行委员会", "kind": "executive"}, "该机构已有同名委员会。"),
        ({"name": "", "kind": "other"}, "这个字段是必填项。"),
        ({"name": "委员会\u202e", "kind": "other"}, "U+202E"),
        ({"name": "委" * 61, "kind": "other"}, "已超出 1 字"),
        ({"name": "新委员会", "kind": "nonsense"}, "nonsense"),
    ],
)
def test_a_bad_committee_is_refused_with_a_message_and_nothing_saved(keeper, term, data, message):
    from meetings.models import Committee

    before = Committee.objects.count()
    response = keeper.post(
        reverse("rosters:committee_create"), {"organisation": term.committee.organisation_id, **data}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert Committee.objects.count() == before


def test_a_terms_dates_are_corrected_on_its_roster_page(keeper, term):
    url = reverse("rosters:term_dates", args=[term.pk])
    assert url in keeper.get(reverse("rosters:term", args=[term.pk])).content.decode()
    response = keeper.post(url, {"dates-starts_on": "2017-01-01", "dates-ends_on": "2021-12-31"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (datetime.date(2017, 1, 1), datetime.date(2021, 12, 31))
    # An end before the start, or a date out of range: refused with the reason, nothing changed.
    for data, message in (
        ({"dates-starts_on": "2017-01-01", "dates-ends_on": "2016-01-01"}, "终止日期不能早于起始日期。"),
        ({"dates-starts_on": "1900-01-01", "dates-ends_on": ""}, "不早于1949年"),
    ):
        response = keeper.post(url, data)
        assert response.status_code == 400 and message in response.content.decode()
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (datetime.date(2017, 1, 1), datetime.date(2021, 12, 31))


def test_only_the_secretariat_creates_committees_and_corrects_terms(
    client, term, member, outsider, signatory
):
    from meetings.models import Committee

    before = Committee.objects.count()
    for user, refused in ((member, 404), (outsider, 404), (signatory, 403)):
        client.force_login(user)
        data = {"organisation": term.committee.organisation_id, "name": "某委员会", "kind": "other"}
        assert client.post(reverse("rosters:committee_create"), data).status_code == refused
        assert client.get(reverse("rosters:committee_create")).status_code == refused
        dates = {"dates-starts_on": "2000-01-01"}
        assert client.post(reverse("rosters:term_dates", args=[term.pk]), dates).status_code == refused
    assert Committee.objects.count() == before
    term.refresh_from_db()
    assert term.starts_on != datetime.date(2000, 1, 1)

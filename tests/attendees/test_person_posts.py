"""The secretariat keeps people's posts in the app, with the days each was held; minutes past
drafting keep printing the posts they were signed with."""

import datetime

import pytest
from django.urls import reverse

from people.models import Person, Post


@pytest.fixture
def keeper(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def wang(seed_meeting):
    """王凤清 spoke at the issued seed meeting (2019-12-17), printed as CNAS荣誉主任."""
    return Person.objects.get(name="王凤清")


def _posts(person) -> list[tuple]:
    return [
        (p.unit, p.title, p.starts_on and p.starts_on.isoformat(), p.ends_on and p.ends_on.isoformat())
        for p in person.posts.order_by("order", "pk")
    ]


def _post_data(prefix="post", **values):
    data = {"unit": "", "title": "", "starts_on": "", "ends_on": ""} | values
    return {f"{prefix}-{name}": value for name, value in data.items()}


def test_the_roster_links_each_person_to_their_posts(keeper, seed_meeting, wang):
    roster = keeper.get(reverse("rosters:term", args=[seed_meeting.term_id])).content.decode()
    chair = seed_meeting.term.memberships.filter(person__isnull=False).first().person
    assert f'href="{reverse("attendees:person", args=[chair.pk])}"' in roster
    page = keeper.get(reverse("attendees:person", args=[chair.pk])).content.decode()
    assert "所在名单" in page and seed_meeting.term.name in page


def test_a_post_changes_as_the_minutes_need_it(keeper, secretary):
    person = Person.objects.create(name="新委员甲")
    url = reverse("attendees:post_add", args=[person.pk])
    response = keeper.post(url, _post_data(unit="市场监管总局", title="司长", starts_on="2018-03-01"))
    assert response.status_code == 302
    post = person.posts.get()
    # The post ended; a new one began the next day.
    response = keeper.post(
        reverse("attendees:post_edit", args=[person.pk, post.pk]),
        _post_data(
            f"post-{post.pk}", unit="市场监管总局", title="司长", starts_on="2018-03-01", ends_on="2021-06-30"
        ),
    )
    assert response.status_code == 302
    keeper.post(url, _post_data(unit="CNAS", title="副主任", starts_on="2021-07-01"))
    assert _posts(person) == [
        ("市场监管总局", "司长", "2018-03-01", "2021-06-30"),
        ("CNAS", "副主任", "2021-07-01", None),
    ]
    assert person.posts_text_on(datetime.date(2020, 1, 1)) == "市场监管总局司长"
    page = keeper.get(reverse("attendees:person", args=[person.pk])).content.decode()
    assert "现任" in page
    # A post entered by mistake is deleted.
    mistake = person.posts.get(title="副主任")
    response = keeper.post(reverse("attendees:post_delete", args=[person.pk, mistake.pk]), follow=True)
    assert "已删除职务“CNAS副主任”。" in response.content.decode()
    assert [title for _, title, _, _ in _posts(person)] == ["司长"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": ""}, "这个字段是必填项。"),
        (
            {"title": "司长", "starts_on": "2021-01-01", "ends_on": "2020-01-01"},
            "任职终止日期不能早于起始日期。",
        ),
        ({"title": "司长", "starts_on": "1900-01-01"}, "不早于1949年"),
        ({"title": "司" * 101}, "最多 100 字，已超出 1 字。"),
        ({"title": "司长\u202e"}, "双向控制字符"),
        ({"title": "司长", "starts_on": "去年"}, "输入一个有效的日期。"),
    ],
)
def test_a_refused_post_says_why_and_saves_nothing(keeper, values, message):
    person = Person.objects.create(name="新委员乙")
    response = keeper.post(reverse("attendees:post_add", args=[person.pk]), _post_data(**values))
    assert response.status_code == 400 and message in response.content.decode()
    assert not person.posts.exists()


def test_posts_printed_in_issued_minutes_do_not_change(keeper, wang, seed_meeting):
    post = wang.posts.get()
    edit = reverse("attendees:post_edit", args=[wang.pk, post.pk])
    # Ended before the issued meeting: its minutes would lose her post. Refused, naming it.
    response = keeper.post(
        edit, _post_data(f"post-{post.pk}", unit="CNAS", title="荣誉主任", ends_on="2019-06-30")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f"此改动会改变已印发的“{seed_meeting.name}”中王凤清的职务（“CNAS荣誉主任”将变为“无”）" in page
    # A new post from before that day would print beside the old one: refused too.
    add = reverse("attendees:post_add", args=[wang.pk])
    assert keeper.post(add, _post_data(unit="CNAS", title="顾问", starts_on="2019-01-01")).status_code == 400
    assert _posts(wang) == [("CNAS", "荣誉主任", None, None)]
    # After the meeting, the post may end and another begin; the issued minutes read the same.
    response = keeper.post(
        edit, _post_data(f"post-{post.pk}", unit="CNAS", title="荣誉主任", ends_on="2021-12-31")
    )
    assert response.status_code == 302
    assert keeper.post(add, _post_data(unit="CNAS", title="顾问", starts_on="2022-01-01")).status_code == 302
    assert wang.posts_text_on(seed_meeting.starts_on) == "CNAS荣誉主任"
    # Nor may the post be deleted.
    response = keeper.post(reverse("attendees:post_delete", args=[wang.pk, post.pk]), follow=True)
    assert "该纪要已不能修改" in response.content.decode()
    assert wang.posts.filter(pk=post.pk).exists()


def test_only_the_secretariat_changes_posts_and_only_insiders_read_them(
    client, wang, secretary, signatory, archivist, member, outsider
):
    page = reverse("attendees:person", args=[wang.pk])
    add = reverse("attendees:post_add", args=[wang.pk])
    for user, read, write in [
        (signatory, 200, 403),
        (archivist, 200, 403),
        (member, 404, 404),
        (outsider, 404, 404),
    ]:
        client.force_login(user)
        assert client.get(page).status_code == read, user
        assert client.post(add, _post_data(title="顾问", starts_on="2022-01-01")).status_code == write, user
    client.force_login(archivist)
    assert "添加职务" not in client.get(page).content.decode()
    client.logout()
    assert client.get(page).status_code == 302
    assert Post.objects.filter(person=wang).count() == 1
    # Another person's post is not reached through this person's address.
    other = Person.objects.exclude(pk=wang.pk).filter(posts__isnull=False).first()
    client.force_login(secretary)
    other_post = other.posts.first()
    assert client.post(reverse("attendees:post_delete", args=[wang.pk, other_post.pk])).status_code == 404
    assert other.posts.filter(pk=other_post.pk).exists()


def test_the_people_list_finds_anyone_by_name(client, secretary, archivist, member, seed_meeting):
    client.force_login(secretary)
    url = reverse("attendees:people")
    page = client.get(url, {"q": "唐"}).content.decode()
    tang = Person.objects.get(name="唐军")  # a guest, on no roster: reached from here
    assert f'href="{reverse("attendees:person", args=[tang.pk])}"' in page
    assert "国家市场监督管理总局副局长" in page and "王凤清" not in page
    assert "没有姓名中含“无此人”的人员。" in client.get(url, {"q": "无此人"}).content.decode()
    # Hostile input: NUL, too long, markup — a plain answer, escaped.
    for typed in ["\x00唐", "唐" * 500, "<script>x</script>"]:
        response = client.get(url, {"q": typed})
        assert response.status_code == 200 and "<script>x" not in response.content.decode()
    assert client.get(url, {"page": "999"}).status_code == 200
    client.force_login(archivist)
    assert client.get(url).status_code == 200
    client.force_login(member)
    assert client.get(url).status_code == 404

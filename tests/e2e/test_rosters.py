"""A secretary starts the committee's next term in a real browser: 换届 from the previous
roster, some members dropped, one added, a title set and a seat moved."""

import pytest

from attendees.models import Membership
from meetings.models import Committee, CommitteeTerm

from .conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_secretary_starts_the_next_term_from_the_roster(page, seeded_secretary, tmp_path):
    page.goto(page.base_url + "/")
    page.fill("#id_username", seeded_secretary.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="委员会", exact=True).click()
    page.get_by_role("heading", name="委员会与名单").wait_for()
    committee = Committee.objects.get(name="执行委员会")
    section = page.locator(f"#committee-{committee.pk}")
    assert section.get_by_role("heading").inner_text() == "CNAS 执行委员会"
    section.get_by_role("link", name="新建届次（换届）").click()

    assert page.input_value("#id_number") == "5"
    boxes = page.locator('input[name="carried"]')
    assert boxes.count() == 15 and all(boxes.nth(i).is_checked() for i in range(15))
    page.get_by_label("南存辉（执委）").uncheck()
    page.get_by_label("海尔集团（执委）").uncheck()
    page.fill("#id_starts_on", "2021-01-01")
    page.fill("#id_joining", "新委员甲")
    page.screenshot(path=str(tmp_path / "term-create.png"), full_page=True)
    page.get_by_role("button", name="新建届次").click()
    page.get_by_text("已新建“第五届执行委员会”，名单共 14 个席位。").wait_for()

    term = CommitteeTerm.objects.get(number=5, committee__name="执行委员会")
    newcomer = term.memberships.get(person__name="新委员甲")
    row = page.locator(f"#seat-{newcomer.pk}")
    row.get_by_label("席位称谓").fill("副主任")
    row.get_by_role("button", name="保存").click()
    page.get_by_text("已保存").wait_for()
    with page.expect_navigation():
        page.locator(f"#seat-{newcomer.pk}").get_by_role("button", name="上移").click()
    page.screenshot(path=str(tmp_path / "roster.png"), full_page=True)

    seats = list(term.memberships.select_related("person").order_by("order"))
    names = [seat.person.name if seat.person_id else seat.member_organisation for seat in seats]
    assert names[-2:] == ["新委员甲", "中国特种设备检测研究院"]
    assert "南存辉" not in names and "海尔集团" not in names
    assert Membership.objects.get(pk=newcomer.pk).title == "副主任"

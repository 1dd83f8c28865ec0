"""Searching the archive: Chinese substrings (no spaces to split words on) in the titles, the
minutes, the resolutions, the recommendations and the names; the passage found shown with the
hit marked and everything escaped; filters; pages that keep the query; and each user finding
only what they may read. Runs on SQLite and, with DATABASE_URL, on PostgreSQL (pg_trgm)."""

import datetime
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from archive.index import archive_text_compose
from archive.models import ArchiveRecord, ArchiveText
from archive.search import containing, highlight, snippet
from meetings.models import Committee
from people.models import Person

from ..http import close_response
from ..security.hostile import RAW_MARKERS, hostile_text, no_nul_reaches_the_database

pytestmark = pytest.mark.django_db

SEED_TITLE = "关于印发中国合格评定国家认可委员会第四届执行委员会第二次会议纪要的通知"


def _search(client, **params) -> str:
    response = client.get(reverse("archive:list"), params)
    assert response.status_code == 200
    return response.content.decode()


def _titles(page: str) -> list[str]:
    """The titles listed, without their marks."""
    items = re.findall(r'<a class="archive-title" href="[^"]*">(.*?)</a>', page, flags=re.S)
    return [re.sub(r"</?mark>", "", item) for item in items]


def _member_is(member, name="郎志正"):
    """`member` signs in as `name`, a member of the seed's committee term (its notice was
    circulated to them)."""
    Person.objects.filter(name=name).update(user=member)


# --- the index ----------------------------------------------------------------------------


def test_archiving_indexes_the_notice_its_minutes_and_names(archived):
    text = ArchiveText.objects.get(record=archived).text
    assert text == archive_text_compose(archived.notice)
    for words in [
        "认可委（秘）〔2020〕20号",  # the number
        SEED_TITLE,
        "现将第四届执行委员会第二次会议纪要印发",  # the notice's body
        "生物样本库",  # the minutes (a recommendation)
        "南存辉",  # an absent member's name
        "次仁卓嘎",  # an observer's name
        "《关于",  # a resolution's proposal
    ]:
        assert words in text, words


def test_indexing_trouble_never_blocks_archiving(seed_meeting, monkeypatch, caplog):
    from archive import index
    from notices.models import Notice
    from notices.services import issued_copy_store

    def broken(notice):
        raise RuntimeError("index down")

    monkeypatch.setattr(index, "archive_text_compose", broken)
    notice = Notice.objects.get(meeting=seed_meeting)
    from archive.services import archive_record_create

    record = archive_record_create(notice=notice, copy=issued_copy_store(notice=notice))
    assert ArchiveRecord.objects.filter(pk=record.pk).exists()
    assert not ArchiveText.objects.exists()
    assert "indexing the archive record" in caplog.text

    monkeypatch.undo()
    call_command("archive_missing")  # fills the index it finds missing
    assert ArchiveText.objects.get(record=record).text == archive_text_compose(notice)


def test_archive_reindex_rebuilds_the_index(archived, capsys):
    ArchiveText.objects.filter(record=archived).update(text="旧的索引")
    call_command("archive_reindex", "--missing")
    assert ArchiveText.objects.get().text == "旧的索引"  # it has one: left alone
    call_command("archive_reindex")
    assert ArchiveText.objects.get().text == archive_text_compose(archived.notice)
    assert "已为 1 份归档记录建立检索索引" in capsys.readouterr().out


# --- searching ------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["生物样本库", "南存辉", "互认"])
def test_chinese_queries_find_the_seed(client, archivist, archived, query):
    client.force_login(archivist)
    page = _search(client, q=query)
    assert _titles(page) == [SEED_TITLE]
    assert "找到 1 份。" in page
    assert f"<mark>{query}</mark>" in page  # the passage found, the hit marked


def test_a_query_not_in_the_text_finds_nothing(client, archivist, archived):
    client.force_login(archivist)
    page = _search(client, q="量子纠缠")
    assert _titles(page) == [] and "没有找到符合条件的归档记录。" in page


def test_every_word_of_a_query_must_occur(client, archivist, archived):
    client.force_login(archivist)
    page = _search(client, q="南存辉　互认")  # an ideographic space separates words too
    assert _titles(page) == [SEED_TITLE]
    assert "<mark>南存辉</mark>" in page and "<mark>互认</mark>" in page  # a passage for each
    assert _titles(_search(client, q="南存辉 量子纠缠")) == []


def test_wildcards_in_a_query_are_plain_characters(client, archivist, archived):
    client.force_login(archivist)
    for query in ["%", "_", "南%辉", "\\"]:
        assert _titles(_search(client, q=query)) == [], query


def test_a_query_matches_ascii_letters_in_any_case(client, archivist, archived):
    client.force_login(archivist)
    assert _titles(_search(client, q="cnas秘书长")) == [SEED_TITLE]


def test_the_passage_is_escaped_and_only_the_hit_is_marked(client, archivist, issue_archived):
    record = issue_archived(title="关于<script>alert(1)</script>的通知", body="会议讨论了<b>互认</b>。")
    client.force_login(archivist)
    page = _search(client, q="<script>")
    assert "<script>alert" not in page and "<b>" not in page
    assert "关于<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;的通知" in page  # the title
    page = _search(client, q="互认")
    assert "会议讨论了&lt;b&gt;<mark>互认</mark>&lt;/b&gt;。" in page  # the passage
    assert record.notice.number in page


def test_snippet_and_highlight_escape_every_piece():
    text = "甲<i>乙</i>" + "丙" * 200 + "<script>互认</script>" + "丁" * 200
    passage = str(snippet(text, ["互认"]))
    assert passage.startswith("…") and passage.endswith("…")
    assert "&lt;script&gt;<mark>互认</mark>&lt;/script&gt;" in passage
    assert "<i>" not in passage and "<script>" not in passage
    assert str(highlight("<b>&", ["&"])) == "&lt;b&gt;<mark>&amp;</mark>"
    assert str(snippet("没有", ["互认"])) == ""
    # Overlapping words: the longer one marked, the text kept whole.
    assert str(highlight("生物样本库", ["样本", "生物样本库"])) == "<mark>生物样本库</mark>"


def test_bad_input_gets_a_message_not_an_error(client, archivist, archived):
    client.force_login(archivist)
    page = _search(client, q="一 二 三 四 五 六")
    assert "检索词最多 5 个" in page
    page = _search(client, q="x" * 101)
    assert "100" in page and 'id="search-errors"' in page
    page = _search(client, q="南存\x00辉", year="²", committee="9" * 30, page="9" * 5000)
    assert page.count("<li>") >= 3 and _titles(page) == [SEED_TITLE]  # invalid: left out


# --- filters and pages ------------------------------------------------------------------


@pytest.fixture
def two_records(archived, issue_archived):
    """The seed (2020, 执行委员会, 永久) and a 2021 notice of another committee kept 10 years."""
    other = issue_archived(
        on=datetime.date(2021, 4, 2),
        committee="技术委员会",
        attendee="南存辉",
        retention="10y",
        title="关于印发技术委员会会议纪要的通知",
    )
    return archived, other


def test_filters(client, archivist, two_records):
    seed, other = two_records
    client.force_login(archivist)
    both = sorted([seed.notice.title, other.notice.title])
    committee = Committee.objects.get(name="技术委员会")
    assert sorted(_titles(_search(client))) == both
    assert _titles(_search(client, year="2021")) == [other.notice.title]
    assert _titles(_search(client, year="2020")) == [seed.notice.title]
    assert _titles(_search(client, committee=committee.name)) == [other.notice.title]
    assert _titles(_search(client, retention="10y")) == [other.notice.title]
    assert _titles(_search(client, retention="permanent")) == [seed.notice.title]
    assert sorted(_titles(_search(client, document_type="印发通知及会议纪要"))) == both
    # A filter and a query together: 南存辉 is in both, the year picks one.
    assert sorted(_titles(_search(client, q="南存辉"))) == both
    assert _titles(_search(client, q="南存辉", year="2021")) == [other.notice.title]
    # A value not offered (a stale link): said so, and left out.
    page = _search(client, year="1999", retention="5y", document_type="决定")
    assert page.count("不在可选的范围内，已忽略。") == 3 and sorted(_titles(page)) == both


def test_the_filters_offer_what_the_user_may_see(client, archivist, member, two_records):
    client.force_login(archivist)
    page = _search(client)
    assert '<option value="2021">2021</option>' in page and "技术委员会</option>" in page
    _member_is(member)
    client.force_login(member)
    page = _search(client)
    assert '<option value="2021">' not in page and "技术委员会" not in page


def test_pages_keep_the_query_and_the_filters(client, archivist, two_records, monkeypatch):
    monkeypatch.setattr("archive.views.PER_PAGE", 1)
    client.force_login(archivist)
    first = _search(client, q="南存辉", retention="")
    assert "找到 2 份。" in first and "1 / 2" in first
    link = re.search(r'href="(\?[^"]*page=2[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "q=%E5%8D%97%E5%AD%98%E8%BE%89" in link
    second = client.get(reverse("archive:list") + link).content.decode()
    assert "2 / 2" in second and 'value="南存辉"' in second and "<mark>南存辉</mark>" in second
    assert set(_titles(first) + _titles(second)) == {r.notice.title for r in two_records}


def test_the_list_pins_its_queries(client, archivist, two_records, django_assert_num_queries):
    client.force_login(archivist)
    # Session, user, the user's and their groups' permissions; the filters' choices (years,
    # committees, document types); the count found, the records not indexed yet; the page.
    with django_assert_num_queries(10):
        _search(client, q="南存辉", year="2021")


# --- who finds what ---------------------------------------------------------------------


def test_a_member_finds_only_what_was_circulated_to_them(client, member, two_records):
    seed, other = two_records  # the other committee's notice went to nobody
    _member_is(member)
    client.force_login(member)
    assert _titles(_search(client, q="南存辉")) == [seed.notice.title]
    assert _titles(_search(client)) == [seed.notice.title]
    statuses = []
    for record in (seed, other):
        response = client.get(reverse("archive:file", args=[record.pk, "pdf"]))
        statuses.append(response.status_code)
        close_response(response)
    assert statuses == [200, 404]


def test_an_outsider_finds_nothing(client, outsider, member, two_records):
    for user in (outsider, member):  # the member not yet linked to a person: nothing sent to them
        client.force_login(user)
        page = _search(client, q="南存辉")
        assert _titles(page) == [] and "技术委员会" not in page
        for record in two_records:
            response = client.get(reverse("archive:file", args=[record.pk, "json"]))
            assert response.status_code == 404
            close_response(response)


# --- PostgreSQL: the trigram index ------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("word", ["生物样本库", "南存辉"])
def test_the_trigram_index_serves_a_chinese_query(archived, word):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'archive_text_trgm'")
        assert "archive_search_upper(text) gin_trgm_ops" in cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = off")  # one row: the planner would just read it
        found = containing(ArchiveText.objects.all(), "text", [word])  # as records_found does
        plan = found.explain()
    assert "archive_text_trgm" in plan
    assert list(found) == [archived.search_text]


# --- hostile queries --------------------------------------------------------------------


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("HYPOTHESIS_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=hostile_text(), year=hostile_text())
def test_any_query_is_answered_and_escaped(client, archivist, archived, query, year):
    """Whatever is typed (markup, NUL, control and invisible characters, very long text), the
    page answers 200, marks nothing unescaped and sends no NUL to the database."""
    client.force_login(archivist)
    with no_nul_reaches_the_database():
        page = _search(client, q=query, year=year)
    for marker in RAW_MARKERS:
        assert marker not in page
    assert [title for title in _titles(page) if title != SEED_TITLE] == []

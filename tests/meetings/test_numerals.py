import datetime

import pytest

from meetings.numerals import (
    chinese_count,
    chinese_date,
    chinese_date_range,
    chinese_numeral,
    document_number,
    ordinal,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (2, "二"),
        (4, "四"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (115, "一百一十五"),
        (1000, "一千"),
        (1001, "一千零一"),
        (1010, "一千零一十"),
        (2020, "二千零二十"),
        (9999, "九千九百九十九"),
    ],
)
def test_chinese_numeral(n, expected):
    assert chinese_numeral(n) == expected


@pytest.mark.parametrize("bad", [0, -1, 10000, 1.5, "3", True, None])
def test_chinese_numeral_rejects_what_it_cannot_write(bad):
    with pytest.raises(ValueError):
        chinese_numeral(bad)


def test_ordinals_of_terms_and_sittings():
    assert f"{ordinal(4)}届" == "第四届"
    assert f"{ordinal(10)}届" == "第十届"
    assert f"{ordinal(21)}次" == "第二十一次"


def test_count_uses_liang_for_two():
    assert f"{chinese_count(2)}个阶段" == "两个阶段"
    assert f"{chinese_count(3)}个阶段" == "三个阶段"
    assert chinese_count(12) == "十二"


@pytest.mark.parametrize(
    ("sequence", "expected"),
    [(20, "认可委（秘）〔2020〕20号"), (1, "认可委（秘）〔2020〕1号"), (100, "认可委（秘）〔2020〕100号")],
)
def test_document_number(sequence, expected):
    assert document_number("认可委", "秘", 2020, sequence) == expected


def test_document_number_without_office_code():
    assert document_number("认可委", "", 2021, 3) == "认可委〔2021〕3号"


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(datetime.date(2020, 3, 9)) == "2020年3月9日"
    assert chinese_date(datetime.date(2019, 12, 17)) == "2019年12月17日"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # same month: neither the year nor the month is repeated
        ((2013, 11, 19), (2013, 11, 20), "2013年11月19日至20日"),
        # across months within one year: the year is not repeated
        ((2013, 11, 30), (2013, 12, 1), "2013年11月30日至12月1日"),
        # across years: both dates in full
        ((2019, 12, 30), (2020, 1, 2), "2019年12月30日至2020年1月2日"),
        # one day: one date, whether the end is empty or the same day
        ((2020, 3, 9), None, "2020年3月9日"),
        ((2020, 3, 9), (2020, 3, 9), "2020年3月9日"),
    ],
)
def test_chinese_date_range_repeats_only_what_changes(start, end, expected):
    end = datetime.date(*end) if end else None
    assert chinese_date_range(datetime.date(*start), end) == expected


def test_chinese_date_range_refuses_an_end_before_the_start():
    with pytest.raises(ValueError):
        chinese_date_range(datetime.date(2020, 1, 2), datetime.date(2020, 1, 1))

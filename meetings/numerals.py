"""Chinese numerals and the date and document-number forms of official documents."""

import datetime

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(n: int) -> str:
    """Return n (1–9999) in Chinese numerals: 4 → 四, 10 → 十, 21 → 二十一, 105 → 一百零五."""
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 9999:
        raise ValueError(f"chinese_numeral takes an integer from 1 to 9999, not {n!r}")
    out = []
    rest = n
    pending_zero = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            # 10–19 read 十, 十一 … at the head of a number, but 一百一十 inside one.
            if not (value == 10 and digit == 1 and not out):
                out.append(_DIGITS[digit])
            out.append(unit)
        elif out:
            pending_zero = True
    if rest:
        if pending_zero:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)


def chinese_count(n: int) -> str:
    """Return n as a count before a measure word: 2 → 两 (两个阶段), otherwise chinese_numeral."""
    return "两" if n == 2 else chinese_numeral(n)


def ordinal(n: int) -> str:
    """Return the ordinal used for terms and sittings: 4 → 第四."""
    return f"第{chinese_numeral(n)}"


def chinese_date(value: datetime.date) -> str:
    """Return a date the way GB/T 9704 writes it: 2020年3月9日 (Arabic numerals, no leading zeros)."""
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_date_range(start: datetime.date, end: datetime.date | None = None) -> str:
    """Return a meeting's dates as official documents write them, repeating only what changes:
    2013年11月19日至20日 (one month), 2013年11月30日至12月1日 (one year),
    2019年12月30日至2020年1月2日 (two years); one day (no end, or end == start) is chinese_date."""
    if end is None or end == start:
        return chinese_date(start)
    if end < start:
        raise ValueError(f"chinese_date_range: the end {end} is before the start {start}")
    if end.year != start.year:
        tail = chinese_date(end)
    elif end.month != start.month:
        tail = f"{end.month}月{end.day}日"
    else:
        tail = f"{end.day}日"
    return f"{chinese_date(start)}至{tail}"


def document_number(prefix: str, office_code: str, year: int, sequence: int) -> str:
    """Return a 发文字号: 认可委（秘）〔2020〕20号 — full-width brackets, 六角括号, no leading zeros."""
    office = f"（{office_code}）" if office_code else ""
    return f"{prefix}{office}〔{year}〕{sequence}号"

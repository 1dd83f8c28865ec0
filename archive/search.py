"""Finding archived records: the filters (year, committee, document type, retention) and
substring search over each record's index text (ArchiveText), with the matching passage shown
and the hits marked.

Chinese is written without spaces, so a search is a case-insensitive substring match, never a
word match: 互认 finds 国际互认. Several words separated by spaces must all occur. On PostgreSQL
a pg_trgm GIN index on archive_search_upper(text) serves the match (archive/migrations/
0003_search.py says why not UPPER); SQLite scans, which is fine at the size of a secretariat's
archive (bench/search.py, docs/performance.md)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Func, QuerySet, TextField, Value
from django.db.models.functions import Upper
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from .models import ArchiveRecord

MAX_TERMS = 5
SHOWN = ["notice"]  # by the results list (None for a record restored without its notice)
BEFORE, AFTER = 30, 90  # characters of context shown around the first hit


class SearchText(Func):
    """A record's index text in capitals, the expression the trigram index holds: on PostgreSQL
    archive_search_upper() (UPPER declared costly, 0003_search); on SQLite the text as it is."""

    function = "UPPER"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="archive_search_upper", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite's LIKE ignores ASCII case by itself, and its UPPER() knows no other letters:
        # upper-casing every text would only cost time.
        return self.as_sql(compiler, connection, template="%(expressions)s", **extra_context)


def search_terms(query: str) -> list[str]:
    """The words of a query, each once, in the order typed."""
    return list(dict.fromkeys(query.split()))


def containing(queryset: QuerySet, path: str, terms: Sequence[str]) -> QuerySet:
    """`queryset` narrowed to the rows whose text at `path` contains every term, in any case:
    the expression the trigram index serves."""
    if terms:
        queryset = queryset.alias(words=SearchText(path))
    for term in terms:
        # Both sides upper-cased by the database, so they agree on every script; the pattern's
        # % and _ are escaped by the lookup.
        queryset = queryset.filter(words__contains=Upper(Value(term)))
    return queryset


def records_found(
    records: QuerySet[ArchiveRecord],
    *,
    terms: Sequence[str] = (),
    year: int | None = None,
    committee: str = "",
    document_type: str = "",
    retention: str = "",
) -> QuerySet[ArchiveRecord]:
    """`records` narrowed by the filters given and containing every term."""
    if year is not None:
        records = records.filter(year=year)
    if committee:
        records = records.filter(committee=committee)
    if document_type:
        records = records.filter(metadata__document_type=document_type)
    if retention:
        records = records.filter(retention=retention)
    records = containing(records, "search_text__text", terms)
    records = records.select_related(*SHOWN)
    return records.select_related("search_text") if terms else records


def in_order(pks: Sequence[int]) -> list[ArchiveRecord]:
    """The records with these keys (found by a search), in the keys' order, with what the
    results list shows; loaded by key, without searching again."""
    records = ArchiveRecord.objects.filter(pk__in=pks).select_related(*SHOWN, "search_text")
    by_pk = {record.pk: record for record in records}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def filter_choices(records: QuerySet[ArchiveRecord]) -> dict[str, list[tuple]]:
    """The values the filters offer: those of the records the user may see (three queries). The
    record's own columns, so records restored without their notice are found as well."""
    records = records.order_by()
    years = records.values_list("year", flat=True).distinct()
    kinds = records.values_list("metadata__document_type", flat=True).distinct()
    committees = records.exclude(committee="").values_list("committee", flat=True).distinct()
    return {
        "year": [(year, str(year)) for year in sorted(years, reverse=True)],
        "committee": [(name, name) for name in sorted(committees)],
        "document_type": [(kind, kind) for kind in sorted(k for k in kinds if isinstance(k, str) and k)],
    }


# --- showing what was found --------------------------------------------------------------


def _hits(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    if not terms:
        return []
    longest_first = sorted(terms, key=len, reverse=True)  # 生物样本库 before 样本 where both match
    pattern = re.compile("|".join(re.escape(term) for term in longest_first), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]


def _marked(text: str, hits: list[tuple[int, int]], offset: int = 0) -> str:
    """`text` escaped, with the hits (positions in the full text, `offset` where `text` starts)
    wrapped in <mark>: built from escaped pieces only, never from the raw text."""
    pieces, at = [], 0
    for start, end in hits:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start >= end or start < at:
            continue
        pieces += [escape(text[at:start]), format_html("<mark>{}</mark>", text[start:end])]
        at = end
    pieces.append(escape(text[at:]))
    return "".join(pieces)


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """All of `text`, escaped, the hits marked."""
    return mark_safe(_marked(text, _hits(text, terms)))  # escaped pieces only, see _marked


def _passage(text: str, hits: list[tuple[int, int]], first: tuple[int, int]) -> tuple[str, set[str]]:
    """The escaped passage around hit `first`, its hits marked; and the words it shows."""
    start = max(first[0] - BEFORE, 0)
    end = min(first[1] + AFTER, len(text))
    inside = [hit for hit in hits if start <= hit[0] < end]
    end = max(end, inside[-1][1])  # never cut a hit in two
    passage = text[start:end].replace("\n", " ")  # same length: the hits' positions still hold
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shown = {text[a:b].casefold() for a, b in inside}
    return escape(lead) + _marked(passage, inside, offset=start) + escape(tail), shown


def snippet(text: str, terms: Sequence[str], *, skip: int = 0, passages: int = 3) -> SafeString:
    """The passage around the first hit at or after `skip` (past the number and title, which the
    result shows anyway; else the first hit anywhere), and one more for each word that passage
    does not show (at most `passages` in all): escaped, the hits marked."""
    hits = _hits(text, terms)
    if not hits:
        return mark_safe("")
    parts, shown = [], set()
    first = next((hit for hit in hits if hit[0] >= skip), hits[0])
    while first is not None and len(parts) < passages:
        part, words = _passage(text, hits, first)
        parts.append(part)
        shown |= words
        first = next((hit for hit in hits if text[hit[0] : hit[1]].casefold() not in shown), None)
    return mark_safe(" ".join(parts))  # escaped pieces only, see _marked


@dataclass(frozen=True)
class Result:
    """A record as the results list shows it."""

    record: ArchiveRecord
    title: SafeString
    passage: SafeString


def results(records, terms: Sequence[str]) -> list[Result]:
    shown = []
    for record in records:
        passage = SafeString("")
        if terms:
            index = getattr(record, "search_text", None)
            text = index.text if index else ""
            passage = snippet(text, terms, skip=len(record.document_number) + len(record.title) + 2)
        shown.append(Result(record=record, title=highlight(record.title, terms), passage=passage))
    return shown

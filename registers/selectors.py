"""What the registers list: the resolutions and recommendations of the issued minutes (a
notice in state issued: the record; superseded minutes give way to their correction), with
the filters of the pages and the exports."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from cnas_minutes.forms import whole_number
from cnas_minutes.validators import year_in_range
from meetings.models import Meeting
from notices.models import Notice
from resolutions.models import Recommendation, Resolution

from .models import FollowUp

MEETING_JOINS = ("meeting__organisation", "meeting__term__committee__organisation")
# The committees of a joint meeting (Meeting.committee_label), one query for all rows.
MEETING_PREFETCH = ("meeting__joint_terms__committee",)


def _issued() -> Exists:
    return Exists(Notice.objects.filter(meeting=OuterRef("meeting"), status=Notice.Status.ISSUED))


def resolutions_in_register() -> QuerySet[Resolution]:
    return (
        Resolution.objects.filter(_issued())
        .select_related(*MEETING_JOINS)
        .prefetch_related(*MEETING_PREFETCH)
        .order_by("-meeting__starts_on", "-meeting_id", "number")
    )


def recommendations_in_register() -> QuerySet[Recommendation]:
    history = FollowUp.objects.select_related("changed_by").order_by("-changed_at", "-pk")
    return (
        Recommendation.objects.filter(_issued())
        .select_related(*MEETING_JOINS)
        .prefetch_related(*MEETING_PREFETCH, Prefetch("follow_ups", queryset=history))
        .order_by("-meeting__starts_on", "-meeting_id", "number")
    )


def issued_notices(rows) -> dict[int, Notice]:
    """The issued notice of each row's meeting, by meeting id (one query)."""
    meeting_ids = {row.meeting_id for row in rows}
    notices = Notice.objects.filter(meeting_id__in=meeting_ids, status=Notice.Status.ISSUED)
    return {notice.meeting_id: notice for notice in notices.select_related("office__organisation")}


@dataclass(frozen=True)
class Filters:
    """The filters of a register, read from the query string; a value that is not one of the
    choices is ignored (the register shows everything for that filter)."""

    committee: int | None = None
    year: int | None = None
    state: str = ""  # a resolution's outcome or a recommendation's status

    @classmethod
    def from_query(cls, query, states) -> "Filters":
        year = whole_number(query.get("year", ""), digits=4)
        state = query.get("state", "")
        return cls(
            committee=whole_number(query.get("committee", "")),
            year=year if year_in_range(year) else None,
            state=state if state in states else "",
        )

    def apply(self, rows: QuerySet, state_field: str, *, without: str = "") -> QuerySet:
        if self.committee is not None and without != "committee":
            # A committee's sittings and the joint meetings it took part in.
            rows = rows.filter(
                Q(meeting__term__committee_id=self.committee)
                | Q(meeting__in=Meeting.objects.filter(joint_terms__committee_id=self.committee))
            )
        if self.year is not None and without != "year":
            rows = rows.filter(meeting__starts_on__year=self.year)
        if self.state and without != "state":
            rows = rows.filter(**{state_field: self.state})
        return rows

    def as_query(self) -> dict[str, str]:
        values = {"committee": self.committee, "year": self.year, "state": self.state}
        return {name: str(value) for name, value in values.items() if value not in (None, "")}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


def facets(rows: QuerySet, filters: Filters, state_field: str, state_choices) -> dict[str, list[Option]]:
    """The choices of each filter with how many rows each would show, the other filters
    applied (four queries)."""
    plain = rows.order_by().select_related(None).prefetch_related(None)
    others = filters.apply(plain, state_field, without="committee")
    # A committee counts its sittings' rows and those of the joint meetings it took part in,
    # as its filter shows them (two queries: a row of a joint meeting counts once per committee).
    by_committee: dict[int, list] = {}
    for path in ("meeting__term__committee", "meeting__joint_terms__committee"):
        counted = (
            others.filter(**{f"{path}__isnull": False})
            .values(path, f"{path}__name", f"{path}__order")
            .annotate(n=Count("pk", distinct=True))
        )
        for c in counted:
            entry = by_committee.setdefault(c[path], [c[f"{path}__order"], c[f"{path}__name"], 0])
            entry[2] += c["n"]
    committees = sorted(by_committee.items(), key=lambda item: (item[1][0], item[1][1]))
    years = (
        filters.apply(plain, state_field, without="year")
        .annotate(year=ExtractYear("meeting__starts_on"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    counted = dict(
        filters.apply(plain, state_field, without="state")
        .values_list(state_field)
        .annotate(n=Count("pk"))
        .values_list(state_field, "n")
    )
    return {
        # (The organisation's own meetings of no committee are listed, not a filter.)
        "committee": [Option(str(pk), name, n) for pk, (_order, name, n) in committees],
        "year": [Option(str(y["year"]), str(y["year"]), y["n"]) for y in years],
        "state": [Option(value, str(label), counted.get(value, 0)) for value, label in state_choices],
    }

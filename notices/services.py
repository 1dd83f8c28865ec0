"""Writes to notices: drafting, and the lifecycle the minutes and their notice go through
together — 拟稿 draft → 审核 review → 签发 signed off → 印发 issued (→ superseded by a correction).

Each transition checks the user's role (PermissionDenied), the current status of both the
notice and its meeting (ValidationError with a message saying why), and is recorded as a
Transition (who, when, comment, from → to). Issuing takes the next document number of the
office and year inside the issuing transaction and, once it commits, stores the rendered
package (IssuedCopy).
"""

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.signing import SigningUnavailable, sign_pdf, signing_available
from meetings.models import Meeting
from meetings.numerals import chinese_date
from meetings.services import EditConflict, MeetingLocked, meeting_status_change
from minutes.services import meeting_correction_create

from .document import render_notice_pdf
from .models import IssuedCopy, IssuingOffice, Notice, NumberSeries, Transition
from .signals import issued_copy_stored, notice_issuing

logger = logging.getLogger(__name__)

EDITABLE_FIELDS = [
    "office",
    "title",
    "recipients",
    "body",
    "closing_phrase",
    "signatory",
    "copies_to",
    "issued_by",
    "copies_count",
    "retention",
]


# --- drafting ---------------------------------------------------------------------------


def notice_defaults(meeting: Meeting) -> dict:
    """What the data already knows, written the way the seed's notice reads. A meeting of the
    organisation's own was convened by it and goes to whom the secretariat says (主送 left for
    them to fill, as on paper: 各有关单位, 各认可机构…); a joint meeting to the committees'
    members."""
    organisation = meeting.organisation
    office = IssuingOffice.objects.filter(organisation=organisation).order_by("pk").first()
    committees = "、".join(term.committee.name for term in meeting.terms_taking_part())
    short = organisation.short_name
    recipients = (f"{short}{committees}委员" if short else f"{committees}委员") if committees else ""
    full = f"{organisation.name}（{short}）" if short else organisation.name
    joint = f"暨{meeting.joint_meeting_name}" if meeting.joint_meeting_name else ""
    if meeting.is_sitting:
        held = f"{full}{meeting.name}{joint}于{meeting.date_text}在{meeting.place}召开。"
    else:
        held = f"{full}于{meeting.date_text}在{meeting.place}召开了{meeting.name}{joint}。"
    sent_to = f"{committees}委员" if committees else "给你们"
    body = f"{held}为了落实会议精神，现将{meeting.name}纪要印发{sent_to}。"
    issuer = office.full_name if office else organisation.name
    return {
        "office": office,
        "title": f"关于印发{meeting.minutes_title}的通知",
        "recipients": recipients,
        "body": body,
        "closing_phrase": "特此通知。",
        "signatory": issuer,
        "copies_to": f"本{office.name}:存档(2)" if office else "",
        "issued_by": issuer,
    }


@transaction.atomic
def notice_create(*, meeting: Meeting, created_by=None, **fields) -> Notice:
    """A notice that issues `meeting`'s minutes; one per edition of the minutes."""
    if meeting.notices.exclude(status=Notice.Status.SUPERSEDED).exists():
        raise ValidationError(_("这次会议已有印发通知。"))
    if meeting.status != Meeting.Status.DRAFT:
        raise MeetingLocked(meeting.get_status_display())
    notice = Notice(meeting=meeting, created_by=created_by, **fields)
    notice.full_clean()
    notice.save()
    _record(notice, Transition.Action.CREATE, "", created_by)
    return notice


def notice_version_bump(*, notice: Notice, version: int | None) -> int:
    """Claim the next version of a draft notice if it is still at `version` (see
    meeting_version_bump)."""
    rows = Notice.objects.filter(pk=notice.pk, status=Notice.Status.DRAFT)
    if version is not None:
        rows = rows.filter(version=version)
    if rows.update(version=F("version") + 1, updated_at=timezone.now()) != 1:
        current = Notice.objects.get(pk=notice.pk)
        if not current.is_editable:
            raise MeetingLocked(current.get_status_display())
        raise EditConflict(current, version)
    notice.version = Notice.objects.values_list("version", flat=True).get(pk=notice.pk)
    return notice.version


@transaction.atomic
def notice_update(*, notice: Notice, version: int | None = None, **fields) -> Notice:
    """Change the text of a draft notice if nobody changed it since `version`."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    notice_version_bump(notice=notice, version=version)
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.full_clean()
    notice.save(update_fields=[*fields, "updated_at"])
    return notice


# --- the lifecycle ----------------------------------------------------------------------


def _record(notice: Notice, action: str, from_status: str, user, comment: str = "") -> Transition:
    return Transition.objects.create(
        notice=notice,
        action=action,
        from_status=from_status,
        to_status=notice.status,
        user=user,
        comment=comment.strip(),
    )


def _require(user, permission: str) -> None:
    if not (user and user.is_active and user.has_perm(permission)):
        raise PermissionDenied


def _locked_notice(notice: Notice) -> Notice:
    """The notice as stored, its row locked for the rest of the transaction, so two
    transitions of one notice run one after the other."""
    notices = Notice.objects.select_for_update(of=("self",)).select_related("meeting", "office__organisation")
    return notices.get(pk=notice.pk)


def _expect(notice: Notice, status: str, message: str) -> None:
    if notice.status != status:
        raise ValidationError(message % {"status": notice.get_status_display()})


def _move(notice: Notice, to: str, *, user, meeting_from: str, meeting_to: str, fields=()) -> str:
    from_status = notice.status
    meeting_status_change(meeting=notice.meeting, expected=meeting_from, to=meeting_to, user=user)
    notice.status = to
    notice.full_clean()
    notice.save(update_fields=["status", "updated_at", *fields])
    return from_status


@transaction.atomic
def notice_submit(*, notice: Notice, user, comment: str = "") -> Notice:
    """The secretary submits the minutes and their notice for review (拟稿 → 审核)."""
    _require(user, "notices.submit_notice")
    notice = _locked_notice(notice)
    _expect(notice, Notice.Status.DRAFT, _("只有拟稿中的通知可以提交审核（当前为“%(status)s”）。"))
    if not notice.meeting.attendances.exists():
        raise ValidationError(_("纪要还没有出席情况，请先填写再提交审核。"))
    from_status = _move(
        notice,
        Notice.Status.REVIEW,
        user=user,
        meeting_from=Meeting.Status.DRAFT,
        meeting_to=Meeting.Status.REVIEW,
    )
    _record(notice, Transition.Action.SUBMIT, from_status, user, comment)
    return notice


@transaction.atomic
def notice_return(*, notice: Notice, user, comment: str) -> Notice:
    """The signatory returns the package to the drafter with a comment (审核 → 拟稿)."""
    _require(user, "notices.sign_notice")
    if not comment.strip():
        raise ValidationError(_("退回时请写明修改意见。"))
    notice = _locked_notice(notice)
    _expect(notice, Notice.Status.REVIEW, _("只有审核中的通知可以退回（当前为“%(status)s”）。"))
    from_status = _move(
        notice,
        Notice.Status.DRAFT,
        user=user,
        meeting_from=Meeting.Status.REVIEW,
        meeting_to=Meeting.Status.DRAFT,
    )
    _record(notice, Transition.Action.RETURN, from_status, user, comment)
    return notice


@transaction.atomic
def notice_sign_off(*, notice: Notice, user, date_signed=None, comment: str = "") -> Notice:
    """The signatory signs off (签发): who and when are recorded; the 成文日期 defaults to today."""
    _require(user, "notices.sign_notice")
    notice = _locked_notice(notice)
    _expect(notice, Notice.Status.REVIEW, _("只有审核中的通知可以签发（当前为“%(status)s”）。"))
    notice.date_signed = date_signed or timezone.localdate()
    notice.year = notice.date_signed.year
    notice.signed_by = user
    notice.signed_at = timezone.now()
    from_status = _move(
        notice,
        Notice.Status.SIGNED,
        user=user,
        meeting_from=Meeting.Status.REVIEW,
        meeting_to=Meeting.Status.APPROVED,
        fields=["date_signed", "year", "signed_by", "signed_at"],
    )
    _record(notice, Transition.Action.SIGN_OFF, from_status, user, comment)
    return notice


def _next_sequence(office: IssuingOffice, year: int) -> int:
    """The next number of the office's series for `year`, taken inside the caller's
    transaction: the series row stays locked until it commits, and a rollback returns the
    number (no gaps, never reused)."""
    NumberSeries.objects.get_or_create(office=office, year=year)
    series = NumberSeries.objects.select_for_update().get(office=office, year=year)
    series.last_sequence += 1
    series.save(update_fields=["last_sequence"])
    return series.last_sequence


@transaction.atomic
def notice_issue(*, notice: Notice, user, date_issued=None) -> Notice:
    """The secretary issues what was signed off (签发 → 印发): the next document number, the
    印发日期, the content frozen; the PDF package is rendered and stored after commit."""
    _require(user, "notices.submit_notice")
    notice = _locked_notice(notice)
    if notice.meeting.status == Meeting.Status.DRAFT:
        raise ValidationError(_("纪要仍是草稿，不能印发通知；请先提交审核并签发。"))
    _expect(notice, Notice.Status.SIGNED, _("只有已签发的通知可以印发（当前为“%(status)s”）。"))
    if not signing_available():
        logger.error("cannot issue %s: no usable signing identity", notice)
        raise ValidationError(_("本机构的签名证书不可用，印发的文件无法签名；请管理员配置签名证书后再印发。"))
    date_issued = date_issued or timezone.localdate()
    if date_issued < notice.date_signed:
        raise ValidationError(
            _("印发日期（%(issued)s）不能早于成文日期（%(signed)s）。")
            % {"issued": chinese_date(date_issued), "signed": chinese_date(notice.date_signed)}
        )
    notice_issuing.send(sender=Notice, notice=notice, user=user)
    notice.year = notice.date_signed.year
    notice.sequence = _next_sequence(notice.office, notice.year)
    notice.date_issued = date_issued
    from_status = _move(
        notice,
        Notice.Status.ISSUED,
        user=user,
        meeting_from=Meeting.Status.APPROVED,
        meeting_to=Meeting.Status.ISSUED,
        fields=["year", "sequence", "date_issued"],
    )
    _record(notice, Transition.Action.ISSUE, from_status, user)
    original = notice.supersedes
    if original is not None:
        _supersede(original, by=notice, user=user)
    notice_pk = notice.pk
    # Robust: the issue has committed by then; a failure to render, sign or store is logged and
    # the first download (or `manage.py archive_missing`) stores the copy, never a 500 here.
    transaction.on_commit(lambda: issued_copy_store(notice=Notice.objects.get(pk=notice_pk)), robust=True)
    return notice


def _supersede(original: Notice, *, by: Notice, user) -> None:
    from_status = original.status
    Notice.objects.filter(pk=original.pk).update(status=Notice.Status.SUPERSEDED, updated_at=timezone.now())
    meeting_status_change(
        meeting=original.meeting, expected=Meeting.Status.ISSUED, to=Meeting.Status.SUPERSEDED, user=user
    )
    original.refresh_from_db()
    Notice.history.bulk_history_create([original], update=True, default_user=user)
    _record(original, Transition.Action.SUPERSEDE, from_status, user, by.number)


@transaction.atomic
def notice_correct(*, notice: Notice, user) -> Notice:
    """更正: a new draft edition of the issued minutes and notice, referencing the originals.
    Once issued under its own number, the original is marked superseded."""
    _require(user, "notices.submit_notice")
    notice = _locked_notice(notice)
    _expect(notice, Notice.Status.ISSUED, _("只有已印发的通知可以更正（当前为“%(status)s”）。"))
    if Notice.objects.filter(supersedes=notice).exists():
        raise ValidationError(_("这份通知已有更正版本，请在更正版本上继续。"))
    meeting = meeting_correction_create(meeting=notice.meeting, created_by=user)
    correction = Notice(
        meeting=meeting,
        supersedes=notice,
        created_by=user,
        **{name: getattr(notice, name) for name in EDITABLE_FIELDS},
    )
    correction.full_clean()
    correction.save()
    _record(correction, Transition.Action.CORRECT, "", user, notice.number)
    return correction


# --- the stored issued copy -------------------------------------------------------------


def _signed(notice: Notice, data: bytes) -> bytes:
    """The organisation's PAdES signature on the package. Without it nothing is stored: the
    issued copy is the record, and an unsigned one could never be made authentic later (the
    download retries, `manage.py archive_missing` too, once signing works again)."""
    try:
        return sign_pdf(data, reason=f"印发 {notice.number}", location=notice.office.organisation.name)
    except SigningUnavailable:
        logger.error("the issued copy of %s is not stored: no usable signing identity", notice)
        raise


def issued_copy_store(*, notice: Notice) -> IssuedCopy:
    """Render the issued package once (PDF/A-2b) and keep it with its SHA-256. Called after the
    issuing transaction commits; a download finding no copy (the render failed) stores it then."""
    existing = IssuedCopy.objects.filter(notice=notice).first()
    if existing is not None:
        return existing
    data = _signed(notice, render_notice_pdf(notice, archive=True))
    digest = hashlib.sha256(data).hexdigest()
    copy = IssuedCopy(notice=notice, sha256=digest, size=len(data))
    copy.file.save(f"{notice.year}-{notice.sequence}-{digest[:12]}.pdf", ContentFile(data), save=False)
    copy.save()
    issued_copy_stored.send(sender=IssuedCopy, notice=notice, copy=copy, data=data)
    return copy

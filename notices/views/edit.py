"""Drafting the covering notice: everything the data knows filled in, the preview beside it,
optimistic locking as in the minutes editor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from meetings.http import attempt, posted_version
from meetings.permissions import meeting_for_editor
from meetings.services import changes_between, conflict_message

from .. import services
from ..forms import NoticeForm
from ..models import Notice


@login_required
def notice_edit(request, pk: int):
    """起草印发通知 for meeting `pk`, or edit its draft notice."""
    meeting = meeting_for_editor(request, pk)
    notice = meeting.notices.exclude(status=Notice.Status.SUPERSEDED).order_by("-pk").first()
    if not meeting.is_editable or (notice is not None and not notice.is_editable):
        messages.info(request, _("纪要和通知已提交审核或已签发，不能再修改。"))
        return redirect("notices:meeting", pk=meeting.pk)
    conflict = None
    status = 200
    version = notice.version if notice else None
    if request.method == "POST":
        form = NoticeForm(request.POST, instance=notice or Notice(), meeting=meeting)
        version = posted_version(request) if notice else None
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}

            def save():
                if notice is None:
                    return services.notice_create(meeting=meeting, created_by=request.user, **fields)
                return services.notice_update(notice=notice, version=version, **fields)

            def on_conflict(error):
                nonlocal conflict
                conflict = {
                    "message": conflict_message(error),
                    "changes": changes_between(error.record, form.cleaned_data, form.Meta.fields),
                }
                return None

            outcome = attempt(save, request=request, meeting=meeting, form=form, on_conflict=on_conflict)
            if outcome.saved:
                messages.success(request, _("印发通知已保存。"))
                return redirect("notices:edit", pk=meeting.pk)
            if outcome.response:
                return outcome.response
            if conflict:
                version = Notice.objects.values_list("version", flat=True).get(pk=notice.pk)
        status = 409 if conflict else 400
    else:
        initial = {} if notice else services.notice_defaults(meeting)
        form = NoticeForm(instance=notice or Notice(), meeting=meeting, initial=initial)
    return render(
        request,
        "notices/notice_form.html",
        {"meeting": meeting, "notice": notice, "form": form, "version": version, "conflict": conflict},
        status=status,
    )

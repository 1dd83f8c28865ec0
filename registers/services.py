"""Writes of the registers: following a recommendation up after the minutes are issued."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resolutions.models import Recommendation

from .models import FollowUp
from .permissions import can_follow_up
from .selectors import recommendations_in_register


@transaction.atomic
def recommendation_follow_up(*, recommendation: Recommendation, status: str, note: str, user) -> FollowUp:
    """Record a change of the recommendation's follow-up (its status, with a note saying why)
    in the log, and make it the recommendation's current status and note, in one transaction.
    The recommendation's row is locked first, so two changes never interleave."""
    if not (user and user.is_active and can_follow_up(user)):
        raise PermissionDenied
    note = (note or "").strip()
    errors = {}
    if status not in Recommendation.Status.values:
        errors["status"] = _("请选择落实情况：待落实、落实中、已落实或不再跟进。")
    if not note:
        errors["note"] = _("请填写跟进说明：做了什么，或为什么改变落实情况。")
    if errors:
        raise ValidationError(errors)
    current = Recommendation.objects.select_for_update(of=("self",)).filter(pk=recommendation.pk).first()
    if current is None or not recommendations_in_register().filter(pk=current.pk).exists():
        raise ValidationError(
            _("只有已印发纪要中的意见和建议可以登记跟进；起草中的纪要请在纪要编辑器中修改。")
        )
    entry = FollowUp(
        recommendation=current,
        previous_status=current.status,
        status=status,
        note=note,
        changed_by=user,
    )
    entry.full_clean()
    entry.save()
    current.status, current.follow_up = status, note
    current.full_clean()
    current.save(update_fields=["status", "follow_up"])
    recommendation.status, recommendation.follow_up = status, note
    return entry

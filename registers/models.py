"""The registers (layer 8) read the issued minutes; what they add is the follow-up log of
recommendations: who changed a recommendation's status after issue, when, and why. Appended
to, never changed (the recommendation itself keeps the current status and note)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cnas_minutes.validators import TextLimit, printable_lines
from meetings.models import AppendOnly
from resolutions.models import Recommendation

NOTE_MAX_LENGTH = 2000


class FollowUp(AppendOnly):
    """One change of a recommendation's follow-up status, with the note that explains it."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("意见和建议")
    )
    previous_status = models.CharField(_("原落实情况"), max_length=20, choices=Recommendation.Status.choices)
    status = models.CharField(_("落实情况"), max_length=20, choices=Recommendation.Status.choices)
    # The recommendation keeps the latest note as its follow_up: the same checks.
    note = models.TextField(
        _("跟进说明"), max_length=NOTE_MAX_LENGTH, validators=[TextLimit(NOTE_MAX_LENGTH), printable_lines]
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recommendation_follow_ups",
        verbose_name=_("登记人"),
    )
    changed_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("跟进记录")
        verbose_name_plural = _("跟进记录")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recommendation} → {self.get_status_display()}"

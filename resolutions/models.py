"""The meeting's resolutions (决议) and its members' recommendations (意见和建议)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnas_minutes.validators import TextLimit, printable_line, printable_lines
from meetings import text as typed
from meetings.models import Meeting, NumberedRow

# What the minutes print before a resolution's proposal (see minutes.composer.resolution_text).
_VERBS = ("同意", "不同意", "暂缓审议", "")


class Resolution(NumberedRow):
    """A numbered resolution of a meeting, agreeing (or not) to a named proposal."""

    class Outcome(models.TextChoices):
        PASSED = "passed", _("通过")
        PASSED_IN_PRINCIPLE = "passed_in_principle", _("原则通过")
        REJECTED = "rejected", _("不通过")
        DEFERRED = "deferred", _("暂缓")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("会议")
    )
    proposal = models.CharField(
        _("提案名称"),
        max_length=200,
        help_text=_("书名号《》内的名称，不含书名号。"),
        validators=[printable_line],
    )
    text = models.TextField(
        _("决议内容"),
        blank=True,
        help_text=_("提案名称之后的文字。"),
        validators=[TextLimit(2000), printable_lines],
    )
    outcome = models.CharField(_("表决结果"), max_length=30, choices=Outcome.choices)
    note = models.TextField(
        _("注"),
        blank=True,
        help_text=_("会后补充的说明，排为“（注：……）”。"),
        validators=[TextLimit(500), printable_lines],
    )

    class Meta(NumberedRow.Meta):
        verbose_name = _("决议")
        verbose_name_plural = _("决议")

    def __str__(self) -> str:
        return f"{self.number}. 《{self.proposal}》"

    def clean(self):
        # The minutes print "1. 同意《proposal》。text（注：note）。"
        self.proposal = typed.title_unwrap(typed.numbering_strip(self.proposal))
        if self.proposal:
            heads = tuple(f"{verb}《{self.proposal}》{stop}" for verb in _VERBS for stop in "。，")
            self.text = typed.leading_strip(self.text, heads)
        self.note = typed.note_unwrap(self.note)


class Recommendation(NumberedRow):
    """A numbered recommendation the members made, followed up after the meeting."""

    class Status(models.TextChoices):
        OPEN = "open", _("待落实")
        IN_PROGRESS = "in_progress", _("落实中")
        DONE = "done", _("已落实")
        CLOSED = "closed", _("不再跟进")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("会议"),
    )
    # The follow-up is not part of the issued text: it goes on after issue.
    mutable_after_issue = ("status", "follow_up")

    text = models.TextField(_("内容"), validators=[TextLimit(1000), printable_lines])
    status = models.CharField(_("落实情况"), max_length=20, choices=Status.choices, default=Status.OPEN)
    follow_up = models.TextField(_("跟进说明"), blank=True, validators=[TextLimit(2000), printable_lines])

    class Meta(NumberedRow.Meta):
        verbose_name = _("意见和建议")
        verbose_name_plural = _("意见和建议")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"

    def clean(self):
        # The minutes number the recommendations: a pasted "3. " would print twice.
        self.text = typed.numbering_strip(self.text)

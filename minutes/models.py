"""The secretariat's own text for the paragraphs the composer generates (layer 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cnas_minutes.validators import TextLimit, printable_lines
from meetings.models import Meeting, MeetingRecord


class MinutesOverride(MeetingRecord):
    """The secretariat's own text for one generated paragraph of the minutes."""

    class Key(models.TextChoices):
        OPENING = "opening", _("开头段（会议概况与出席情况）")
        REPORTS = "reports", _("审议报告段")
        RESOLUTIONS_INTRO = "resolutions_intro", _("决议导语")
        CLOSING = "closing", _("结束语")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("会议")
    )
    key = models.CharField(_("段落"), max_length=30, choices=Key.choices)
    text = models.TextField(_("替换文字"), validators=[TextLimit(10000), printable_lines])

    class Meta(MeetingRecord.Meta):
        verbose_name = _("纪要段落改写")
        verbose_name_plural = _("纪要段落改写")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "key"],
                name="override_unique_key",
                violation_error_message=_("该段落已有改写文字。"),
            ),
        ]

    def __str__(self) -> str:
        return self.get_key_display()


# The title of the minutes is the meeting's own (Meeting.title_override: the notice and every
# list name the meeting by it), rewritten and restored beside the paragraphs all the same.
TITLE_KEY = "title"
OVERRIDE_KEYS = (TITLE_KEY, *MinutesOverride.Key.values)

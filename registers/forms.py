"""The follow-up form of one recommendation: its new status and a note saying why."""

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from cnas_minutes.forms import NoSilentTruncationMixin, form_helper
from resolutions.models import Recommendation

from .models import NOTE_MAX_LENGTH


class FollowUpForm(NoSilentTruncationMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("落实情况"),
        choices=Recommendation.Status.choices,
        error_messages={
            "required": _("请选择落实情况。"),
            "invalid_choice": _("请从列表中选择落实情况：待落实、落实中、已落实或不再跟进。"),
        },
    )
    note = forms.CharField(
        label=_("跟进说明"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("做了什么、进展如何，或为什么改变落实情况。登记后不能修改，登记人和时间自动记录。"),
        error_messages={"required": _("请填写跟进说明。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("status", css_class="col-md-3"), Column("note", css_class="col-md-9"))
        )

from django import forms
from django.utils.translation import gettext_lazy as _

from cnas_minutes.forms import NoSilentTruncationMixin
from meetings.forms import DateInput
from people.models import Person

from .models import Invitation, Recipient, Reply


class RecipientAddForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("人员"),
        queryset=Person.objects.order_by("name", "pk"),
        error_messages={"required": _("请选择要添加的人员。"), "invalid_choice": _("没有这个人员。")},
    )
    kind = forms.ChoiceField(label=_("类别"), choices=Recipient.Kind.choices, initial=Recipient.Kind.COPY)


class InvitationForm(NoSilentTruncationMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["date", "time", "place", "agenda", "reply_by"]
        widgets = {
            "date": DateInput(),
            "reply_by": DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
        }


class ReplyForm(NoSilentTruncationMixin, forms.Form):
    answer = forms.ChoiceField(
        label=_("回执"),
        choices=Reply.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择出席、请假或委派代表。")},
    )
    reason = forms.CharField(label=_("请假原因"), max_length=200, required=False)
    delegate_name = forms.CharField(label=_("代表姓名"), max_length=50, required=False)
    delegate_post = forms.CharField(label=_("代表职务"), max_length=100, required=False)

"""Forms of the notice and of the lifecycle's decisions; no form saves itself."""

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from cnas_minutes.forms import NoSilentTruncationMixin, form_helper
from meetings.forms import DateInput

from .models import IssuingOffice, Notice, Transition


class NoticeForm(NoSilentTruncationMixin, forms.ModelForm):
    """The covering notice as the secretariat drafts it. The number and the dates are not
    typed: the 成文日期 is set at sign-off, the number and 印发日期 at issue."""

    class Meta:
        model = Notice
        fields = [
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
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["office"].queryset = IssuingOffice.objects.filter(
            organisation=meeting.organisation
        ).select_related("organisation")
        self.fields["office"].empty_label = None
        # A form posted without the choice (by a client older than it) keeps what the notice has.
        self.fields["retention"].required = False
        self.helper = form_helper(
            Row(Column("office", css_class="col-md-4"), Column("title", css_class="col-md-8")),
            "recipients",
            "body",
            Row(Column("closing_phrase", css_class="col-md-4"), Column("signatory", css_class="col-md-8")),
            Row(
                Column("copies_to", css_class="col-md-5"),
                Column("issued_by", css_class="col-md-5"),
                Column("copies_count", css_class="col-md-2"),
            ),
            Row(Column("retention", css_class="col-md-4")),
        )

    def clean_retention(self):
        return self.cleaned_data.get("retention") or self.instance.retention

    def clean_recipients(self):
        # The colon after 主送 is typeset by the template; a pasted one would print twice.
        return self.cleaned_data["recipients"].strip().rstrip("：:").strip()


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("修改意见"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        validators=Transition._meta.get_field("comment").validators,
        error_messages={"required": _("退回时请写明修改意见。")},
    )


class SignOffForm(forms.Form):
    date_signed = forms.DateField(
        label=_("成文日期"), widget=DateInput(attrs={"class": "form-control"}), required=False
    )
    comment = forms.CharField(
        label=_("签发意见（可不填）"),
        required=False,
        validators=Transition._meta.get_field("comment").validators,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class IssueForm(forms.Form):
    date_issued = forms.DateField(
        label=_("印发日期"), widget=DateInput(attrs={"class": "form-control"}), required=False
    )

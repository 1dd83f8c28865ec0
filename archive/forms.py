import re

from django import forms
from django.utils.translation import gettext_lazy as _

from notices.models import Retention

from .search import MAX_TERMS, search_terms

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


class VerifyForm(forms.Form):
    """A PDF to check, or its SHA-256; the file is read, hashed and forgotten (never stored)."""

    file = forms.FileField(label=_("PDF 文件"), required=False)
    sha256 = forms.CharField(
        label=_("或其 SHA-256"), required=False, max_length=200, help_text=_("64 位十六进制数字。")
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过 50 MB，不是本系统印发的文件。"))
        data = upload.read()
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("这不是 PDF 文件。"))
        return data

    def clean_sha256(self):
        value = "".join(self.cleaned_data.get("sha256", "").split())
        if value and not SHA256.match(value):
            raise forms.ValidationError(_("SHA-256 应为 64 位十六进制数字（0-9、a-f）。"))
        return value.lower()

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("sha256"):
            raise forms.ValidationError(_("请上传 PDF 文件，或填写它的 SHA-256。"))
        return data


STALE_CHOICE = {"invalid_choice": _("“%(value)s”不在可选的范围内，已忽略。")}


class SearchForm(forms.Form):
    """The archive's search and filters, read from the query string. A value that is not among
    the choices (a stale link, a typed URL) is reported and left out of the search."""

    q = forms.CharField(
        label=_("检索"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("标题、纪要正文、决议、建议或人名"),
                "autocomplete": "off",
            }
        ),
    )
    year = forms.TypedChoiceField(
        label=_("年份"), required=False, coerce=int, empty_value=None, error_messages=STALE_CHOICE
    )
    committee = forms.ChoiceField(label=_("委员会"), required=False, error_messages=STALE_CHOICE)
    document_type = forms.ChoiceField(label=_("文件类型"), required=False, error_messages=STALE_CHOICE)
    retention = forms.ChoiceField(
        label=_("保管期限"),
        required=False,
        choices=[("", _("全部")), *Retention.choices],
        error_messages=STALE_CHOICE,
    )

    def __init__(self, *args, choices: dict[str, list[tuple]], **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = [("", _("全部")), *options]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"

    def clean_q(self):
        terms = search_terms(self.cleaned_data["q"])
        if len(terms) > MAX_TERMS:
            raise forms.ValidationError(
                _("检索词最多 %(max)s 个（以空格分隔）。"), params={"max": MAX_TERMS}, code="too_many"
            )
        return terms

    def filters(self) -> dict:
        """The valid values only, as keyword arguments of `search.records_found`."""
        data = getattr(self, "cleaned_data", {})
        return {
            "terms": data.get("q") or [],
            "year": data.get("year"),
            "committee": data.get("committee") or "",
            "document_type": data.get("document_type") or "",
            "retention": data.get("retention") or "",
        }

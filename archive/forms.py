import re

from django import forms
from django.utils.translation import gettext_lazy as _

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

"""What every form of the app shares."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .validators import TextLimit, chinese_lengths


def form_helper(*rows) -> FormHelper:
    """A crispy helper for a form the template wraps in its own <form> (with the version field)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if rows:
        helper.layout = Layout(*rows)
    return helper


class NoSilentTruncationMixin:
    """Let the server's Chinese messages speak, not the browser. Drop the browser's maxlength:
    pasting a long text into a maxlength box cuts it without a word; the server checks the length
    instead and says by how much it is too long (cnas_minutes.validators.TextLimit), and the
    field's help text says the limit. Drop `required`: the browser blocks the post with a bubble
    in its own language ("Please fill out this field."); the server names the field."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chinese_lengths(self.fields.values())
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():
            field.widget.attrs.pop("maxlength", None)
            limit = _limit(field.validators) or _limit(_model_validators(model, name))
            if limit and isinstance(field, forms.CharField):
                said = _LIMIT_HELP % {"limit": f"{limit:,}"}
                field.help_text = format_lazy("{}{}", field.help_text, said) if field.help_text else said


_LIMIT_HELP = gettext_lazy("最多 %(limit)s 字。")


def _model_validators(model, name: str) -> list:
    if model is None:
        return []
    try:
        return getattr(model._meta.get_field(name), "validators", [])
    except FieldDoesNotExist:
        return []


def _limit(validators) -> int | None:
    limits = [v.limit_value for v in validators if isinstance(v, TextLimit)]
    return min(limits) if limits else None


def whole_number(value: str, *, digits: int = 9) -> int | None:
    """A query parameter as a whole number, or None: only ASCII digits, at most `digits` of them
    ("²" passes str.isdigit() and fails int(); 5000 digits exceed int()'s limit)."""
    value = value.strip()
    if value and len(value) <= digits and value.isascii() and value.isdecimal():
        return int(value)
    return None


class RowsField(forms.ModelMultipleChoiceField):
    """Ticked rows by primary key. A value that is not a plausible key is refused as an invalid
    choice before it reaches the database (an `IN (…)` with 99999999999999999999 overflows the
    database's integer: OverflowError on SQLite, an error on PostgreSQL)."""

    def _check_values(self, value):
        for pk in value:
            if whole_number(str(pk), digits=18) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)

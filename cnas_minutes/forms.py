"""What every form of the app shares."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout


def form_helper(*rows) -> FormHelper:
    """A crispy helper for a form the template wraps in its own <form> (with the version field)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    if rows:
        helper.layout = Layout(*rows)
    return helper


class NoSilentTruncationMixin:
    """Drop the browser's maxlength: pasting a long text into a maxlength box cuts it without a
    word. The server checks the length instead and says by how much it is too long."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

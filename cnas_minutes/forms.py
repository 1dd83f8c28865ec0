"""What every form of the app shares."""


class NoSilentTruncationMixin:
    """Drop the browser's maxlength: pasting a long text into a maxlength box cuts it without a
    word. The server checks the length instead and says by how much it is too long."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

"""Forms of resolutions and recommendations; numbers are kept by the services, not typed."""

from crispy_forms.layout import Column, Row
from django import forms

from cnas_minutes.forms import NoSilentTruncationMixin, form_helper

from .models import Recommendation, Resolution


class ResolutionForm(NoSilentTruncationMixin, forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["proposal", "outcome", "text", "note"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.instance.outcome:
            # A meeting's resolutions usually share one outcome (all 原则通过): the next one
            # starts as the last one went.
            # (The editor's meeting has its resolutions prefetched: no query here.)
            meeting = self.instance.meeting if self.instance.meeting_id else None
            earlier = sorted(meeting.resolutions.all(), key=lambda r: r.number) if meeting else []
            self.initial["outcome"] = earlier[-1].outcome if earlier else Resolution.Outcome.PASSED
        self.helper = form_helper(
            Row(Column("proposal", css_class="col-md-8"), Column("outcome", css_class="col-md-4")),
            "text",
            "note",
        )


class RecommendationForm(NoSilentTruncationMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "status", "follow_up"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "follow_up": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "text", Row(Column("status", css_class="col-md-4"), Column("follow_up", css_class="col-md-8"))
        )

"""meetings.http.attempt puts a service's refusal on the form, whatever fields it names."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from meetings.http import attempt


class PlaceForm(forms.Form):
    place = forms.CharField()


def _refuse(errors):
    def change():
        raise ValidationError(errors)

    return change


@pytest.mark.parametrize(
    ("errors", "on_place", "on_form"),
    [
        ({"place": "地点太长。"}, ["地点太长。"], []),
        # A model field the form does not show (a concurrent first save failing its uniqueness)
        # used to make form.add_error raise ValueError: a 500.
        (
            {"meeting": "这次会议已有会议通知。", "place": "地点太长。"},
            ["地点太长。"],
            ["这次会议已有会议通知。"],
        ),
        ("不能这样做。", [], ["不能这样做。"]),
    ],
)
def test_refusals_land_on_the_form(db, errors, on_place, on_form):
    form = PlaceForm({"place": "北京"})
    assert form.is_valid()
    outcome = attempt(_refuse(errors), request=RequestFactory().post("/"), meeting=None, form=form)
    assert not outcome.saved and outcome.response is None
    assert form.errors.get("place", []) == on_place
    assert form.non_field_errors() == on_form

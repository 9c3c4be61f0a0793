"""One range for every date a person types (issue 12, part 3): 1 January 2000 to 31 December 2100."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from advisory.core.dates import MAX_DATE, MIN_DATE, validate_date_in_range
from advisory.core.forms import DateInput, Form, ModelForm
from advisory.programmes.models import TrialAction
from tests.helpers import danish

D = datetime.date

# Model date fields nobody types: the planning engine computes an activity's dates (a plan that starts on
# 31 December 2100 ends in 2102), and region memberships come from the reference data.
COMPUTED = {
    ("programmes", "activity", "starts_on"),
    ("programmes", "activity", "ends_on"),
    ("organisations", "regionmembership", "valid_from"),
    ("organisations", "regionmembership", "valid_to"),
    ("intake", "waitinglistoffer", "expires_on"),  # 30 days on, or the next round's closing day
    ("knowledge", "sharedtrialaction", "starts_on"),  # copied from the shared trial action (checked there)
    ("knowledge", "sharedtrialaction", "ends_on"),
}


def message() -> str:
    return danish("The date must lie between %(first)s and %(last)s.", first="1. januar 2000", last="31. december 2100")


def test_the_range_is_inclusive_and_the_message_danish() -> None:
    for day in (MIN_DATE, MAX_DATE, D(2027, 6, 1)):
        validate_date_in_range(day)
    validate_date_in_range(None)
    for day in (D.min, D(1999, 12, 31), D(2101, 1, 1), D.max):
        with pytest.raises(ValidationError) as refused:
            validate_date_in_range(day)
        assert refused.value.messages == [message()]
        assert refused.value.code == "date_out_of_range"


class _Dates(Form):
    day = forms.DateField(widget=DateInput())
    when = forms.DateTimeField(required=False)


class _TrialActionDates(ModelForm):
    class Meta:
        model = TrialAction
        fields = ("starts_on", "ends_on")


@pytest.mark.parametrize("typed", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
def test_every_form_of_the_platform_refuses_a_date_outside_the_range(typed: str) -> None:
    form = _Dates(data={"day": typed, "when": f"{typed} 10:00"})
    assert not form.is_valid()
    assert form.errors == {"day": [message()], "when": [message()]}
    model_form = _TrialActionDates(data={"starts_on": typed, "ends_on": "2027-01-01"})
    assert not model_form.is_valid()
    assert model_form.errors == {"starts_on": [message()]}  # once, though the model field has the validator too


def test_the_date_picker_offers_the_range() -> None:
    html = str(_Dates()["day"])
    assert 'min="2000-01-01"' in html and 'max="2100-12-31"' in html
    assert _Dates(data={"day": "2100-12-31"}).is_valid()


def test_every_date_a_person_types_into_a_model_field_has_the_range() -> None:
    missing = [
        f"{model._meta.label}.{field.name}"
        for config in apps.get_app_configs()
        if config.name.startswith("advisory.")
        for model in config.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and not isinstance(field, models.DateTimeField)
        and (model._meta.app_label, model._meta.model_name, field.name) not in COMPUTED
        and validate_date_in_range not in field.validators
    ]
    assert missing == []

"""The one range of dates a person may type: 1 January 2000 to 31 December 2100.

Every date typed into a form or sent to the API is checked here, with one Danish message:

* every ``DateField`` of the platform's forms (``advisory.core.forms.Form`` and ``ModelForm`` add
  ``validate_date_in_range``, and the date picker gets the range as ``min``/``max``); the API validates its
  payloads with the same forms;
* the model fields people fill in carry the validator too, so a service's ``full_clean`` refuses the same;
* dates the API takes without a form (a plan's anchors, a reflow's moved dates) go through
  ``validate_date_in_range`` in the programmes services.

Dates the system computes may lie beyond the range (a plan that starts on 31 December 2100 ends in 2102);
the planning engine has its own, wider guard (``advisory.programmes.scheduling``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MIN_DATE = datetime.date(2000, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)

DATE_OUT_OF_RANGE = _("The date must lie between %(first)s and %(last)s.")


def in_range(value: datetime.date) -> bool:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return MIN_DATE <= value <= MAX_DATE


def date_out_of_range_message() -> str:
    """The Danish message, e.g. "Datoen skal ligge mellem 1. januar 2000 og 31. december 2100." """
    return str(DATE_OUT_OF_RANGE) % {"first": date_format(MIN_DATE), "last": date_format(MAX_DATE)}


def validate_date_in_range(value: datetime.date | None) -> None:
    """A validator for model and form fields (and for dates taken without a form)."""
    if value is not None and not in_range(value):
        raise ValidationError(date_out_of_range_message(), code="date_out_of_range")


def short_date(value: datetime.date) -> str:
    """The date as lists and messages write it, in the active language: "5. feb. 2027" (config/formats)."""
    return date_format(value, "SHORT_DATE_FORMAT")

"""No CPR numbers in free text (databeskyttelsesloven § 11; the platform holds no citizens' data).

``find_cpr_numbers`` finds everything shaped like a Danish personal identification
number: ten digits DDMMYY-SSSS, written together, with a dash or with a single space
after the sixth digit, where the first six digits form a real date. The century is
unknown, so 29 February counts in every year divisible by four (2000 was a leap
year). There is no modulus-11 check: numbers issued since 2007 need not pass it.

Digits inside a longer run of digits are not a CPR number ("12010190123456"); nor
is a phone number written in pairs ("12 34 56 78"). Digits set apart by separators
are judged on their own, so "tlf. 12 34 56 78, 010190-1234" is found.

``validate_no_cpr`` is a Django validator. Every free-text field carries it: model
fields directly, form fields directly or through ``CprGuardMixin``; the system checks
in ``advisory.core.checks`` fail when a CharField or TextField of an advisory app, or
a form field, lacks it.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# The dash may be any of the hyphens a word processor puts in; the space may be a no-break space.
_SEPARATOR = "[-\u2010\u2011\u2012\u2013\u2212 \u00a0]"
_CPR_SHAPE = re.compile(rf"(?<![0-9])([0-9]{{2}})([0-9]{{2}})([0-9]{{2}}){_SEPARATOR}?([0-9]{{4}})(?![0-9])")

MESSAGE = _("This text looks like it contains a CPR number. Personal identification numbers must not be entered here.")


def is_real_date(day: int, month: int, two_digit_year: int) -> bool:
    """Whether DD MM YY is a date in some century (29 February in any year divisible by four)."""
    try:
        datetime.date(2000 + two_digit_year, month, day)
    except ValueError:
        return False
    return True


def find_cpr_numbers(text: str) -> list[str]:
    """Every CPR-shaped number in the text, as written there."""
    if not text:
        return []
    found = []
    for match in _CPR_SHAPE.finditer(text):
        day, month, year = (int(part) for part in match.groups()[:3])
        if is_real_date(day, month, year):
            found.append(match.group(0))
    return found


def contains_cpr_number(text: str) -> bool:
    return bool(find_cpr_numbers(text))


@deconstructible(path="advisory.core.cpr.NoCprValidator")
class NoCprValidator:
    """Refuses a value containing a CPR-shaped number. Use the instance ``validate_no_cpr``."""

    code = "cpr_number"

    def __call__(self, value: object) -> None:
        if isinstance(value, str) and contains_cpr_number(value):
            raise ValidationError(MESSAGE, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoCprValidator)

    def __hash__(self) -> int:
        return hash(NoCprValidator)


validate_no_cpr = NoCprValidator()


def has_cpr_validator(validators: list[object]) -> bool:
    return any(isinstance(validator, NoCprValidator) for validator in validators)

"""No CPR numbers in free text (databeskyttelsesloven § 11; the platform holds no citizens' data).

``find_cpr_numbers`` finds everything shaped like a Danish personal identification
number: ten digits DDMMYY SSSS where the first six digits form a real date. The century
is unknown, so 29 February counts in every year divisible by four (2000 was a leap
year). There is no modulus-11 check: numbers issued since 2007 need not pass it.

A number written to slip past the guard is found too. The text is first normalised:
Unicode NFKC (full-width digits and punctuation become ASCII), invisible characters are
dropped (format characters such as the zero-width space and the soft hyphen, and
combining marks laid over a digit), every Unicode decimal digit counts as its ASCII
digit (Arabic-Indic, Devanagari …), and every dash as "-". Then these shapes count:

- DDMMYY, up to three separators, SSSS ("0101901234", "010190-1234", "010190 - 1234",
  "010190/1234", "010190.1234", a tab or a line break between the two);
- the date in pairs with the same space, dash, "/" or "." between them, then up to three
  separators and SSSS, or the serial in pairs too ("01 01 90 1234", "01.01.90-1234",
  "01 01 90 12 34").

A separator is white space (a line break too), a dash, "/" or ".". Digits inside a longer
run of digits are not a CPR number ("12010190123456"); nor is a phone number written in
pairs ("12 34 56 78": eight digits), nor pairs inside a longer row of numbers
("10 12 14 16 18 20"). Digits set apart by other text are judged on their own, so
"tlf. 12 34 56 78, 010190-1234" is found. What is returned is the number as written in
the original text, invisible characters inside it included. The price: a date in pairs
directly followed by four digits ("12.03.26 1400") is refused too; "12.03.26 kl. 14.00"
is not.

Every pattern has a fixed or bounded length and each start position is tried at most
once, so the time is linear in the length of the text.

``validate_no_cpr`` is a Django validator. Every free-text field carries it: model
fields directly, form fields directly or through ``CprGuardMixin``; the system checks
in ``advisory.core.checks`` fail when a CharField or TextField of an advisory app, or
a form field, lacks it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# After normalisation every dash is "-". Between the pairs of a date only a separator on the same line counts.
_SEPARATOR = r"[\s\-/.]"
_PAIR_SEPARATOR = r"[ \-/.]"
_CPR_SHAPE = re.compile(
    r"(?<![0-9])(?:"
    # DDMMYY, then up to three separators, then the serial
    rf"(?P<day>[0-9]{{2}})(?P<month>[0-9]{{2}})(?P<year>[0-9]{{2}}){_SEPARATOR}{{0,3}}[0-9]{{4}}"
    # DD MM YY with one separator repeated; then up to three separators and the serial, or the serial in pairs;
    # not inside a longer row of numbers ("10 12 14 16 18 20")
    rf"|(?<![0-9]{_PAIR_SEPARATOR})"
    rf"(?P<pair_day>[0-9]{{2}})(?P<sep>{_PAIR_SEPARATOR})(?P<pair_month>[0-9]{{2}})(?P=sep)(?P<pair_year>[0-9]{{2}})"
    rf"(?:{_SEPARATOR}{{0,3}}[0-9]{{4}}|(?P=sep)[0-9]{{2}}(?P=sep)[0-9]{{2}})(?!{_PAIR_SEPARATOR}[0-9])"
    r")(?![0-9])"
)
# Dropped before matching: invisible format characters (zero-width space, soft hyphen, direction marks …) and
# combining marks, which draw over or under a digit without changing what a reader sees it as.
_DROPPED_CATEGORIES = frozenset({"Cf", "Mn", "Me"})
_SLASHES = frozenset("\u2044\u2215\u29f8")

MESSAGE = _("This text looks like it contains a CPR number. Personal identification numbers must not be entered here.")


def is_real_date(day: int, month: int, two_digit_year: int) -> bool:
    """Whether DD MM YY is a date in some century (29 February in any year divisible by four)."""
    try:
        datetime.date(2000 + two_digit_year, month, day)
    except ValueError:
        return False
    return True


def _counts_as(character: str) -> str:
    """What a character counts as: its NFKC form without invisible characters, with digits and dashes in ASCII."""
    normalised = []
    for part in unicodedata.normalize("NFKC", character):
        category = unicodedata.category(part)
        if category in _DROPPED_CATEGORIES:
            continue
        if part.isdecimal():
            part = str(unicodedata.decimal(part))
        elif category == "Pd" or part == "\u2212":  # dashes, and the minus sign
            part = "-"
        elif part in _SLASHES:
            part = "/"
        normalised.append(part)
    return "".join(normalised)


class _TranslationTable(dict[int, str]):
    """A ``str.translate`` table filled in as characters are met, so that translating runs at C speed.

    ``widths=False``: code point → what the character counts as. ``widths=True``: code point → "." when that is one
    character (positions stay put), "!" when it is none or several (positions shift there).
    """

    _LIMIT = 65_536  # distinct characters remembered; beyond that each is worked out again (bounded memory)

    def __init__(self, *, widths: bool) -> None:
        super().__init__()
        self.widths = widths

    def __missing__(self, code: int) -> str:
        value = _counts_as(chr(code))
        if self.widths:
            value = "." if len(value) == 1 else "!"
        if len(self) < self._LIMIT:
            self[code] = value
        return value


_COUNTS_AS = _TranslationTable(widths=False)
_WIDTHS = _TranslationTable(widths=True)
_SHIFT = re.compile(r"!")


@dataclasses.dataclass(frozen=True)
class Normalised:
    """The text as the detector reads it, and the way back from its positions to those of the original text."""

    text: str
    # For each character of the original that became none or several: where it was, where its replacement starts
    # in ``text`` and how long that is. Everything between two of them moved by the same amount.
    shifts: tuple[tuple[int, int, int], ...] = ()

    def original_position(self, position: int) -> int:
        index = bisect.bisect_right(self.shifts, position, key=lambda shift: shift[1]) - 1
        if index < 0:
            return position
        original, start, length = self.shifts[index]
        if position < start + length:
            return original
        return original + 1 + position - (start + length)


def normalise(text: str) -> Normalised:
    if text.isascii():
        return Normalised(text)  # nothing to normalise: ASCII has no look-alikes and no invisible characters
    normalised = text.translate(_COUNTS_AS)
    widths = text.translate(_WIDTHS)
    if "!" not in widths:
        return Normalised(normalised)  # every character became one: positions are unchanged
    shifts = []
    moved = 0
    for match in _SHIFT.finditer(widths):
        original = match.start()
        length = len(_COUNTS_AS[ord(text[original])])
        shifts.append((original, original + moved, length))
        moved += length - 1
    return Normalised(normalised, tuple(shifts))


def find_cpr_numbers(text: str) -> list[str]:
    """Every CPR-shaped number in the text, as written there."""
    if not text:
        return []
    normalised = normalise(text)
    found = []
    position = 0
    while match := _CPR_SHAPE.search(normalised.text, position):
        day, month, year = (
            match.group("day", "month", "year")
            if match.group("day") is not None
            else match.group("pair_day", "pair_month", "pair_year")
        )
        if not is_real_date(int(day), int(month), int(year)):
            # Not a date: look again from the next character, so that no number starting inside this one is missed.
            position = match.start() + 1
            continue
        start, end = match.span()
        found.append(text[normalised.original_position(start) : normalised.original_position(end - 1) + 1])
        position = end
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


def has_cpr_validator(validators: Iterable[object]) -> bool:
    return any(isinstance(validator, NoCprValidator) for validator in validators)

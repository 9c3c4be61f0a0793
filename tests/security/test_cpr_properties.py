"""Property-based tests of the CPR-number guard: numbers written to slip past it are found, everyday text passes.

The numbers are generated the way someone hiding one would write them: any digit script, up to three separators
between the date and the serial, the date (and the serial) in pairs, invisible characters anywhere inside. The
texts that must pass are built from what the platform's free text holds: words, phone numbers, CVR and EAN numbers,
case numbers, dates, times and amounts.
"""

from __future__ import annotations

import datetime

from hypothesis import example, given
from hypothesis import strategies as st

from advisory.core.cpr import contains_cpr_number, find_cpr_numbers

# Zero of each digit script (ASCII, full-width, Arabic-Indic, Persian, Devanagari, Bengali, Thai, mathematical bold
# and double-struck): digit d is chr(zero + d).
FULL_WIDTH, ARABIC_INDIC = 0xFF10, 0x0660
DIGIT_ZEROS = [0x30, FULL_WIDTH, ARABIC_INDIC, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE, 0x1D7D8]
# What may stand between the date and the serial, up to three of them.
SEPARATORS = [" ", "\u00a0", "\u3000", "\t", "\n", "\r", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014"]
SEPARATORS += ["\u2015", "\u2212", "\uff0d", "/", "\uff0f", ".", "\uff0e"]
# What may stand between the pairs of a date written in pairs (the same one each time).
PAIR_SEPARATORS = [" ", "\u00a0", "-", "\u2013", "\u2212", "/", "."]
# Invisible: format characters (zero-width space, joiners, soft hyphen, word joiner, byte order mark, direction
# marks) and a combining mark that draws nothing.
INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff", "\u200e", "\u200f", "\u034f"]
# Text around a number that cannot glue more digits to it.
SURROUNDINGS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøåÆØÅ ,:;()!?\n", max_size=20)

DATES = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31))
SERIALS = st.integers(min_value=0, max_value=9999).map(lambda n: f"{n:04d}")


def written_in(text: str, zero: int) -> str:
    return "".join(chr(zero + int(character)) if character.isdigit() else character for character in text)


@st.composite
def disguised(draw: st.DrawFn, ascii_number: str) -> str:
    """The number with each digit in a script of its own and invisible characters between any two characters."""
    written = []
    for position, character in enumerate(ascii_number):
        if position and draw(st.booleans()):
            written.append(draw(st.text(alphabet=INVISIBLES, min_size=1, max_size=3)))
        written.append(chr(draw(st.sampled_from(DIGIT_ZEROS)) + int(character)) if character.isdigit() else character)
    return "".join(written)


@st.composite
def cpr_numbers(draw: st.DrawFn) -> str:
    """A CPR number in ASCII, laid out in one of the shapes a reader takes for one."""
    date = draw(DATES)
    day, month, year = f"{date.day:02d}", f"{date.month:02d}", f"{date.year % 100:02d}"
    serial = draw(SERIALS)
    separator = draw(st.text(alphabet=SEPARATORS, max_size=3))
    layout = draw(st.sampled_from(["together", "date in pairs", "all in pairs"]))
    if layout == "together":
        return f"{day}{month}{year}{separator}{serial}"
    pair = draw(st.sampled_from(PAIR_SEPARATORS))
    if layout == "date in pairs":
        return f"{day}{pair}{month}{pair}{year}{separator}{serial}"
    return pair.join([day, month, year, serial[:2], serial[2:]])


@given(number=cpr_numbers().flatmap(disguised), before=SURROUNDINGS, after=SURROUNDINGS)
@example(number=written_in("010190-1234", FULL_WIDTH), before="", after="")
@example(number=written_in("010190-1234", ARABIC_INDIC), before="CPR ", after=".")
@example(number="0101\u200b90\u00ad1234", before="Borger ", after="")
@example(number="01 01 90 12 34", before="", after="")
@example(number="010190 - 1234", before="nr. ", after="")
def test_a_disguised_number_is_found_as_written(number, before, after):  # type: ignore[no-untyped-def]
    assert find_cpr_numbers(f"{before}{number}{after}") == [number]


@given(
    date=DATES,
    serial=SERIALS,
    before=st.text(alphabet="0123456789", max_size=4),
    after=st.text(alphabet="0123456789", max_size=4),
    data=st.data(),
)
def test_ten_digits_inside_a_longer_run_in_any_script_are_not_matched(date, serial, before, after, data):  # type: ignore[no-untyped-def]
    """Invisible characters do not split a run of digits; a run of more than ten holds no CPR number."""
    run = f"{before}{date:%d%m%y}{serial}{after}" if before or after else f"7{date:%d%m%y}{serial}"
    assert find_cpr_numbers(data.draw(disguised(run))) == []


# --- Text that must pass ---------------------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["Mødet", "blev", "holdt", "på", "herberget", "kl.", "tlf.", "CVR", "sag", "nr.", "og", "beløb", "kr.", "uge"]
)


def digits(count: int, first: str = "0123456789") -> st.SearchStrategy[str]:
    rest = st.text(alphabet="0123456789", min_size=count - 1, max_size=count - 1)
    return st.tuples(st.sampled_from(first), rest).map("".join)


def in_pairs(number: str, separator: str = " ") -> str:
    return separator.join(number[i : i + 2] for i in range(0, len(number), 2))


def phone_number(number: str, layout: str, prefix: str) -> str:
    written = {"together": number, "pairs": in_pairs(number), "fours": f"{number[:4]} {number[4:]}"}[layout]
    return prefix + written


PHONE_NUMBERS = st.builds(
    phone_number,
    digits(8, first="23456789"),
    st.sampled_from(["together", "pairs", "fours"]),
    st.sampled_from(["", "+45 ", "(+45) ", "0045 ", "tlf. "]),
)
CVR_NUMBERS = digits(8, first="123456789").map(lambda n: f"CVR {n}") | digits(8).map(lambda n: f"DK{n}")
EAN_NUMBERS = digits(13, first="5").flatmap(lambda n: st.sampled_from([n, f"{n[0]} {n[1:7]} {n[7:]}"]))
CASE_NUMBERS = st.tuples(st.integers(2000, 2030), st.integers(1, 9999)).flatmap(
    lambda parts: st.sampled_from([f"sag {parts[0]}/{parts[1]:04d}", f"j.nr. {parts[0]}-{parts[1]}"])
)
FULL_DATES = st.tuples(DATES, st.sampled_from(["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y"])).map(
    lambda parts: parts[0].strftime(parts[1])
)
TIMES = st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda parts: f"kl. {parts[0]:02d}.{parts[1]:02d}")
AMOUNTS = st.integers(0, 10**9).map(lambda n: f"{n:,} kr.".replace(",", "."))
EVERYDAY = st.one_of(WORDS, PHONE_NUMBERS, CVR_NUMBERS, EAN_NUMBERS, CASE_NUMBERS, FULL_DATES, TIMES, AMOUNTS)


JOINTS = st.sampled_from([", ", " og ", "; ", ": ", "\n", " ", ". "])


@given(items=st.lists(st.tuples(EVERYDAY, JOINTS), max_size=8), zero=st.sampled_from(DIGIT_ZEROS))
@example(items=[("tlf. 12 34 56 78", ", "), ("CVR 12345678", ", "), ("5790000123456", "")], zero=0x30)
@example(items=[("01.01.1990", " "), ("kl. 10.00", ", "), ("sag 2020/1234", "")], zero=FULL_WIDTH)
@example(items=[("+45 21 01 90 12", "")], zero=ARABIC_INDIC)
def test_everyday_text_passes_in_any_digits(items, zero):  # type: ignore[no-untyped-def]
    text = written_in("".join(item + joint for item, joint in items), zero)
    assert find_cpr_numbers(text) == []


@given(text=st.text(max_size=80))
def test_any_text_is_read_and_what_is_found_stands_in_it(text):  # type: ignore[no-untyped-def]
    for number in find_cpr_numbers(text):
        assert number in text
        assert contains_cpr_number(number)

"""Size limits as people write them: "25 MB", not "25,0 MB"."""

from __future__ import annotations

from django.utils import translation

from advisory.core.sizes import size_text


def test_a_whole_number_of_megabytes_has_no_decimals() -> None:
    with translation.override("da"):
        assert size_text(25 * 1024 * 1024) == "25 MB"
        assert size_text(10_485_760) == "10 MB"


def test_other_sizes_are_djangos_danish_file_sizes() -> None:
    with translation.override("da"):
        assert size_text(1000) == "1000\xa0bytes"
        assert size_text(int(2.5 * 1024 * 1024)) == "2,5\xa0MB"

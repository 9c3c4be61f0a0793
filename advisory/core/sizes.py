"""File and body size limits as people write them."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat

MEGABYTE = 1024 * 1024


def size_text(size: int) -> str:
    """ "25 MB" for a whole number of megabytes (Django's filesizeformat says "25,0 MB"), else filesizeformat's."""
    if size >= MEGABYTE and size % MEGABYTE == 0:
        return f"{size // MEGABYTE} MB"
    return str(filesizeformat(size))
